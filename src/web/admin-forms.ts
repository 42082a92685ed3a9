import { HttpException } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { validate, type ValidationError } from 'class-validator';
import { AppError, RuleError } from '../common/errors';
import type { FormError } from './web-errors';

/**
 * A form or a GET filter checked with the API's own DTO class (the same
 * class-validator rules, whitelisting and transforms as the global pipe), so
 * a page never has a second copy of what valid input is. The errors come back
 * as FormErrors for the DKFDS error summary, each linked to its field.
 */
export async function validateInput<T extends object>(
  cls: new () => T,
  plain: Record<string, unknown>,
  fieldIds: Record<string, string> = {},
  labels: Record<string, string> = {},
): Promise<{ value: T; errors: FormError[] }> {
  const value = plainToInstance(cls, plain, { enableImplicitConversion: false });
  const problems = await validate(value, { whitelist: true, forbidNonWhitelisted: false });
  return { value, errors: flatten(problems).map((p) => ({ field: fieldIds[p.property] ?? p.property, text: labelled(p, labels) })) };
}

/**
 * Danish words for class-validator's built-in English messages (the DTOs'
 * own Danish messages, e.g. for dates and ids, are kept as they are).
 */
const DANISH: Record<string, string> = {
  isIn: 'vælg en af de mulige værdier',
  isInt: 'skal være et helt tal',
  min: 'er for lille',
  max: 'er for stor',
  isString: 'skal være tekst',
  length: 'har en ugyldig længde',
  maxLength: 'er for lang',
  isArray: 'skal være en liste',
  arrayMinSize: 'skal have mindst én værdi',
  arrayMaxSize: 'har for mange værdier',
  isBoolean: 'skal være ja eller nej',
};

/** One message per field: a wrong type first ("skal være et helt tal" rather than "er for stor" for "tyve"). */
const TYPE_CONSTRAINTS = ['isInt', 'isString', 'isArray', 'isBoolean', 'isIn', 'isLocalDate', 'isUuid', 'isEmail'];
function oneConstraint(constraints: Record<string, string> | undefined): [string, string][] {
  const entries = Object.entries(constraints ?? {});
  const typeFirst = entries.find(([key]) => TYPE_CONSTRAINTS.includes(key));
  return typeFirst ? [typeFirst] : entries.slice(0, 1);
}

function flatten(errors: ValidationError[]): { property: string; message: string }[] {
  return errors.flatMap((e) => [
    ...oneConstraint(e.constraints).map(([constraint, message]) => ({ property: e.property, message: DANISH[constraint] ?? message })),
    ...flatten(e.children ?? []).map((c) => ({ property: e.property, message: c.message })),
  ]);
}

/** "year must be an integer number" → "Årstal: year must …": the field's Danish label first, so a person knows which field. */
function labelled(p: { property: string; message: string }, labels: Record<string, string>): string {
  const label = labels[p.property];
  return label ? `${label}: ${p.message}` : p.message;
}

/**
 * A service's refusal as lines for the error summary: "R11: …" for a
 * framework rule, the fields named for bad input, and a 409 worded as a
 * conflict. `fieldFor` maps the rule id or the service's field name to the
 * id of the input it is about. Anything else (a bug) is re-thrown.
 */
export function refusalErrors(
  error: unknown,
  fieldFor: (ruleOrField: string | undefined) => string | undefined = () => undefined,
): { status: number; errors: FormError[] } {
  if (error instanceof RuleError) {
    const field = typeof error.details.field === 'string' ? error.details.field : undefined;
    return { status: 422, errors: [{ field: fieldFor(field) ?? fieldFor(error.rule), text: `${error.rule}: ${error.message}` }] };
  }
  if (error instanceof AppError) {
    const fields = (error.details.fields as { field: string; message: string }[] | undefined) ?? [];
    if (fields.length) return { status: error.status, errors: fields.map((f) => ({ field: fieldFor(f.field), text: `${error.message} (${f.message})` })) };
    return { status: error.status, errors: [{ text: error.message }] };
  }
  if (error instanceof HttpException && error.getStatus() < 500) {
    const payload = error.getResponse();
    const message = typeof payload === 'string' ? payload : (payload as { message?: unknown }).message;
    return { status: error.getStatus(), errors: (Array.isArray(message) ? message : [message ?? error.message]).map((m) => ({ text: String(m) })) };
  }
  throw error;
}

/** A query/body value as one string ('' when absent or repeated oddly). */
export function str(value: unknown): string {
  if (Array.isArray(value)) return str(value[0]);
  return typeof value === 'string' ? value.trim() : '';
}

/** The non-empty entries of a plain object, so an empty select ("Alle") means "no filter". */
export function nonEmpty(obj: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(obj).filter(([, v]) => v !== ''));
}
