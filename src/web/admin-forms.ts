import { HttpException } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { AppError, BadInputError, RuleError } from '../common/errors';
import { validateAs } from './forms';
import { inFieldOrder, withFieldLabels, type FormError } from './web-errors';

/**
 * How a page words the problems of a list field (a textarea with one item per line): "Skriv mindst ét tema" where the
 * API says "themes skal have mindst 1 element". `verb` is what the user does ("Skriv"), `one`/`many` the item's noun,
 * `neuter` for "ét"/"hvert" (else "én"/"hver").
 */
export interface ListWords {
  verb: string;
  one: string;
  many: string;
  neuter: boolean;
}

/**
 * A form or a GET filter checked with the API's own DTO class through the
 * API's own ValidationPipe (validateAs: the same rules, whitelisting,
 * transforms and Danish messages as the JSON API), so a page never has a
 * second copy of what valid input is. The errors come back as FormErrors for
 * the DKFDS error summary, each linked to its field (`fieldIds`: DTO property
 * → input id) and led by the field's Danish label (`labels`) instead of the
 * API's property name. Anything but bad input is re-thrown.
 */
export async function validateInput<T extends object>(
  cls: new () => T,
  plain: Record<string, unknown>,
  fieldIds: Record<string, string> = {},
  labels: Record<string, string> = {},
  lists: Record<string, ListWords> = {},
): Promise<{ value: T; errors: FormError[] }> {
  // A blank field is a missing one: "Årstal mangler", not "Årstal: skal være et tal" (the same words as a date's, dateProblem).
  const given = Object.fromEntries(Object.entries(plain).map(([k, v]) => [k, typeof v === 'string' && v.trim() === '' ? undefined : v]));
  try {
    return { value: await validateAs(cls, given), errors: [] };
  } catch (error) {
    if (!(error instanceof BadInputError)) throw error;
    const fields = (error.details.fields as { field: string; message: string }[] | undefined) ?? [{ field: '', message: error.message }];
    return {
      // Only read when there are no errors; given anyway so a caller can re-render from it.
      value: plainToInstance(cls, plain),
      // In the order of `plain`, which the callers build in the order of the form's fields (not the validator's).
      errors: inFieldOrder(
        fields.map((f) => {
          const property = f.field.split(/[.[]/)[0]!;
          const words = lists[property];
          return { field: fieldIds[property] ?? property, text: (words && listSentence(property, f.message, words)) || labelled(property, f.message, labels) };
        }),
        Object.keys(plain).map((k) => fieldIds[k] ?? k),
      ),
    };
  }
}

/** A list field's problem as the page says it (ListWords), or undefined for a problem that is not about its items. */
function listSentence(property: string, message: string, w: ListWords): string | undefined {
  const rest = message.startsWith(property) ? message.slice(property.length).replace(/^[:\s]+/, '') : message;
  const count = (n: string, noun: string) => (n === '1' ? `${w.neuter ? 'ét' : 'én'} ${w.one}` : `${n} ${noun}`);
  let m = /^skal have mindst (\d+) element/.exec(rest);
  if (m) return `${w.verb} mindst ${count(m[1]!, w.many)}`;
  m = /^må højst have (\d+) element/.exec(rest);
  if (m) return `${w.verb} højst ${count(m[1]!, w.many)}`;
  m = new RegExp(`^Hvert element i ${property} (.*)$`).exec(rest);
  if (m) return `${w.neuter ? 'Hvert' : 'Hver'} ${w.one} ${m[1]!}`;
  return undefined;
}

/** "year skal være et helt tal" → "Årstal: skal være et helt tal": the field's Danish label instead of the API's name. */
function labelled(property: string, message: string, labels: Record<string, string>): string {
  const label = labels[property];
  if (!label) return message;
  const rest = message.startsWith(property) ? message.slice(property.length).replace(/^[:\s]+/, '') : message;
  return rest === 'mangler' ? `${label} mangler` : `${label}: ${rest}`;
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
    // A cross-field check's field carries the whole sentence (crossFieldError): say just that, without the API's
    // "Ugyldigt input:" before it, as the page's other field messages read.
    const said = (f: { message: string }) => (error.message.endsWith(f.message) ? f.message : `${error.message} (${f.message})`);
    if (fields.length) return { status: error.status, errors: fields.map((f) => ({ field: fieldFor(f.field), text: withFieldLabels(said(f)) })) };
    return { status: error.status, errors: [{ text: withFieldLabels(error.message) }] };
  }
  if (error instanceof HttpException && error.getStatus() < 500) {
    const payload = error.getResponse();
    const message = typeof payload === 'string' ? payload : (payload as { message?: unknown }).message;
    return { status: error.getStatus(), errors: (Array.isArray(message) ? message : [message ?? error.message]).map((m) => ({ text: withFieldLabels(String(m)) })) };
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
