import { applyDecorators } from '@nestjs/common';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsObject, ValidateNested } from 'class-validator';

/**
 * A list of objects of exactly the declared class. `ValidateNested` alone
 * walks into arrays at any depth, so `[[{…}]]` passed as a list of objects;
 * here every element must itself be an object (not a list, not a
 * primitive), and then its fields are validated as the class declares.
 */
export function ArrayOfObjects(type: () => new () => object, maxSize: number): PropertyDecorator {
  return applyDecorators(
    IsArray(),
    ArrayMaxSize(maxSize),
    IsObject({ each: true }),
    ValidateNested({ each: true }),
    Type(type),
  );
}

