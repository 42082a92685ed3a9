import { ValidationPipe } from '@nestjs/common';
import { registerDecorator, ValidationOptions } from 'class-validator';
import { isServiceDate } from '../../workflows/calendar/date-range';
import { BadInputError } from './errors';
import { fieldProblems } from './validation-messages';

/**
 * A date the service can reason about: a real calendar date (2021-02-30 is
 * not) in the years 1900–2999, so that date arithmetic on it cannot overflow.
 */
export { isServiceDate };

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
    // The messages are built from each constraint's arguments, found through the target's class; the target is never sent.
    validationError: { target: true },
    exceptionFactory: (errors) => {
      if (errors.some((e) => Array.isArray(e.target))) return new BadInputError('Indholdet skal være et JSON-objekt, ikke en liste');
      const fields = fieldProblems(errors);
      return new BadInputError(`Ugyldigt input: ${fields.map((f) => f.message).join('; ')}`, fields);
    },
  });
}
