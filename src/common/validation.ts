import { ValidationPipe } from '@nestjs/common';
import { registerDecorator, ValidationOptions } from 'class-validator';
import { dateProblem, isServiceDate } from '../../workflows/calendar/date-range';
import { BadInputError } from './errors';
import { fieldProblems } from './validation-messages';

/**
 * A date the service can reason about: a real calendar date (2021-02-30 is
 * not) in the years 1900–2999, so that date arithmetic on it cannot overflow.
 */
export { isServiceDate };

/**
 * A calendar date `YYYY-MM-DD` that exists, between 1900 and 2999. The
 * message says which of the three is wrong (dateProblem): "from mangler",
 * "heldOn skal være en dato på formen ÅÅÅÅ-MM-DD", "heldOn: 30. februar 2026
 * findes ikke (februar 2026 har 28 dage)", "… ligger uden for årene 1900–2999".
 */
export function IsLocalDate(options?: ValidationOptions): PropertyDecorator {
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name: 'isLocalDate',
      target: target.constructor,
      propertyName: String(propertyName),
      options: { message: (args) => localDateMessage(args.property, args.value), ...options },
      validator: { validate: isServiceDate },
    });
}

/** The Danish refusal of a date field `property` holding `value` (see IsLocalDate). */
export function localDateMessage(property: string, value: unknown): string {
  const problem = dateProblem(value);
  if (problem === null) return `${property} skal være en dato på formen ÅÅÅÅ-MM-DD`;
  return problem.kind === 'nonexistent' ? `${property}: ${problem.text}` : `${property} ${problem.text}`;
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
