import { ValidationPipe, BadRequestException } from '@nestjs/common';
import { registerDecorator, ValidationError, ValidationOptions } from 'class-validator';
import { isLocalDate } from '../../workflows/calendar/local-date';

/**
 * A date the service can reason about: a real calendar date (2021-02-30 is
 * not) in the years 1900–2999, so that date arithmetic on it cannot overflow.
 */
export function isServiceDate(value: unknown): value is string {
  return typeof value === 'string' && isLocalDate(value) && value >= '1900-01-01' && value <= '2999-12-31';
}

/** A calendar date `YYYY-MM-DD` that exists, between 1900 and 2999. */
export function IsLocalDate(options?: ValidationOptions): PropertyDecorator {
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name: 'isLocalDate',
      target: target.constructor,
      propertyName: String(propertyName),
      options: { message: `${String(propertyName)} skal være en dato på formen ÅÅÅÅ-MM-DD mellem 1900 og 2999`, ...options },
      validator: { validate: isServiceDate },
    });
}

/** Whitelisting, no unknown fields, transformed types; errors name each field. */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    stopAtFirstError: true,
    exceptionFactory: (errors) => new BadRequestException({ message: flatten(errors) }),
  });
}

function flatten(errors: ValidationError[], prefix = ''): string[] {
  return errors.flatMap((error) => {
    const path = prefix ? `${prefix}.${error.property}` : error.property;
    const own = Object.values(error.constraints ?? {}).map((message) =>
      message.startsWith(error.property) ? `${path}${message.slice(error.property.length)}` : `${path}: ${message}`,
    );
    return [...own, ...flatten(error.children ?? [], path)];
  });
}
