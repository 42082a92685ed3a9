import { HttpStatus } from '@nestjs/common';

/**
 * Every refusal the service makes on purpose. The filter turns each into its
 * HTTP answer; anything else that escapes is a bug and answers 500.
 */
export abstract class AppError extends Error {
  abstract readonly status: HttpStatus;
  constructor(message: string, readonly details: Record<string, unknown> = {}) {
    super(message);
  }
}

/** 400: the input is malformed; `fields` names what is wrong. */
export class BadInputError extends AppError {
  readonly status = HttpStatus.BAD_REQUEST;
  constructor(message: string, fields?: { field: string; message: string }[]) {
    super(message, fields ? { fields } : {});
  }
}

/**
 * 400 for a check across two fields (a period's ends, a window, a time span), answered like the validation pipe's
 * 400s: the message "Ugyldigt input: <sentence>" and the field's message the sentence itself, in plain Danish naming
 * both fields ("from skal ligge før eller på to"). `field` is the one the caller should change.
 */
export function crossFieldError(field: string, sentence: string): BadInputError {
  return new BadInputError(`Ugyldigt input: ${sentence}`, [{ field, message: sentence }]);
}

export class NotFoundError extends AppError {
  readonly status = HttpStatus.NOT_FOUND;
}

/** 409: a stale version, a duplicate, or an event the current state does not accept. */
export class ConflictError extends AppError {
  readonly status = HttpStatus.CONFLICT;
}

/** 422: a rule of the framework refuses; the body names the rule id. */
export class RuleError extends AppError {
  readonly status = HttpStatus.UNPROCESSABLE_ENTITY;
  constructor(
    readonly rule: string,
    message: string,
    extra: Record<string, unknown> = {},
  ) {
    super(message, { rule, ...extra });
  }
}
