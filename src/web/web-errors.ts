import { HttpException, HttpStatus, Injectable } from '@nestjs/common';
import type { Request, Response } from 'express';
import { AppError, RuleError } from '../common/errors';
import { PageErrorRenderer } from '../common/page-errors';
import { danishDatesIn } from './labels';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Clock } from '../common/clock';
import { loadWebUser, LoginRequired } from './web-auth';
import { navigationFor } from './navigation';
import { isApiRequest } from './web.setup';

/** One line for the DKFDS error summary, linking to the field it is about (`#id`). */
export interface FormError {
  field?: string;
  text: string;
  /** Another error already names this field: shown in the summary only. */
  repeat?: boolean;
}

/**
 * What a page shows when a service refuses a form: the rule id in front
 * ("R27: …"), the fields named, and for 409 that someone else changed it.
 * The services decide; the page only words it.
 */
export interface FormRefusal {
  status: number;
  errors: FormError[];
  conflict: boolean;
}

/**
 * The API's property names as the pages label their fields. The API's messages name its properties ("heldOn skal
 * være en dato"); on a page the user sees the label ("Holdt den"), so every refusal shown on a page is reworded
 * through this one map. A property missing here is shown as the API names it.
 */
const FIELD_LABELS: Record<string, string> = {
  heldOn: 'Holdt den',
  date: 'Dato',
  personId: 'Tilsynsførende',
  inspectorIds: 'Tilsynsførende',
  reason: 'Begrundelse',
  text: 'Bemærkning',
  themes: 'Temaer',
  observations: 'Observationer',
  participants: 'Deltagere',
  dataUsed: 'Anvendte data',
  followUpPoints: 'Opfølgningspunkter',
  outcome: 'Konklusion',
  decidedOn: 'Besluttet den',
  foundOn: 'Bekymringen opstod den',
  publishedOn: 'Offentliggjort den',
  url: 'Webadresse',
  agreements: 'Aftaler',
  deviationReason: 'Begrundelse for afvigelsen',
  exceptionReason: 'Begrundelse for undtagelsen',
  enhedId: 'Tilsynsenhed',
  ageArea: 'Aldersområde',
  year: 'Årstal',
};

/** "Ugyldigt input: date skal være en dato" → "Ugyldigt input: Dato skal være en dato": the page's words for the API's. */
export function withFieldLabels(text: string): string {
  // "from"/"to" are the API's names of a period's ends, but too common as words to relabel one by one: the sentence is.
  return danishDatesIn(text)
    .replace(/from skal ligge før eller på to(?: \(efter to\))?/g, 'Fra-datoen skal ligge før eller på til-datoen')
    .replace(/to må højst ligge (\d+) år efter from/g, 'Til-datoen må højst ligge $1 år efter fra-datoen')
    .replace(/\b[a-z][A-Za-z]*\b/g, (word) => FIELD_LABELS[word] ?? word);
}

/**
 * A form's own words for the API's properties: property (first segment of the path, `participants` for
 * `participants[0].name`) → the label or legend the user sees on that form. Each form passes its own, since one
 * property is labelled differently on different forms (`heldOn` is "Holdt den" on the samtale's, "Dato for
 * besøget" on the visit's); a property a form does not list falls back to FIELD_LABELS.
 */
export type FormLabels = Record<string, string>;

/**
 * One refused field's message with the form's label in place of the API's property path: "heldOn mangler" →
 * "Dato for besøget mangler", "heldOn: 30. februar 2026 findes ikke (…)" → "Dato for besøget: 30. februar …".
 */
export function labelledFieldMessage(field: string, message: string, labels: FormLabels = {}): string {
  const property = field.split(/[.[]/)[0]!;
  const label = labels[property];
  if (label && message.startsWith(field)) return danishDatesIn(`${label}${message.slice(field.length)}`);
  if (label && message.startsWith(property)) return danishDatesIn(`${label}${message.slice(property.length)}`);
  // "Hvert element i themes …": the property inside the sentence.
  const inside = new RegExp(`\\b${property.replace(/[^A-Za-z0-9]/g, '')}\\b`);
  if (label && inside.test(message)) return danishDatesIn(message.replace(inside, label));
  return withFieldLabels(message);
}

/**
 * Turns a service's refusal into a FormRefusal; anything else is re-thrown (a bug stays a 500). Bad input lists
 * every refused field on its own line, worded with the form's `labels`, linked through `fieldFor`.
 */
export function toFormRefusal(
  error: unknown,
  fieldFor: (rule: string | undefined, field?: string) => string | undefined = () => undefined,
  labels: FormLabels = {},
): FormRefusal {
  if (error instanceof RuleError) {
    // A samtale's confirmation answers every violation at once (details.violations); show them all.
    const violations = (error.details.violations as { rule: string; message: string; field?: string }[] | undefined) ?? [
      { rule: error.rule, message: error.message, field: typeof error.details.field === 'string' ? error.details.field : undefined },
    ];
    return { status: 422, conflict: false, errors: violations.map((v) => ({ field: fieldFor(v.rule, v.field), text: `${v.rule}: ${withFieldLabels(v.message)}` })) };
  }
  if (error instanceof AppError) {
    const fields = (error.details.fields as { field: string; message: string }[] | undefined) ?? [];
    const conflict = error.status === HttpStatus.CONFLICT;
    // A service's refusal of one field carries the whole sentence in its message ("date 2001-01-01 ligger før
    // læringsloopet begyndte …") and only a short detail in the field ("før loopets start"): show the sentence.
    const textOf = (f: { field: string; message: string }) => {
      const property = f.field.split(/[.[]/)[0]!;
      // The validation pipe's own message only lists its fields ("Ugyldigt input: …"); a service's is the sentence.
      const sentence = fields.length === 1 && !f.message.startsWith(property) && !error.message.startsWith('Ugyldigt input');
      return labelledFieldMessage(f.field, sentence ? error.message : f.message, labels);
    };
    if (fields.length > 0) return { status: error.status, conflict, errors: fields.map((f) => ({ field: fieldFor(undefined, f.field), text: textOf(f) })) };
    return { status: error.status, conflict, errors: [{ field: fieldFor(undefined), text: withFieldLabels(error.message) }] };
  }
  if (error instanceof HttpException && error.getStatus() < 500) {
    const payload = error.getResponse();
    const message = typeof payload === 'string' ? payload : (payload as { message?: unknown }).message;
    const texts = Array.isArray(message) ? message.map(String) : [String(message ?? error.message)];
    // The API's validation messages start with the field's path ("heldOn skal være …", "participants.0.name …").
    return {
      status: error.getStatus(),
      conflict: error.getStatus() === 409,
      errors: texts.map((text) => ({ field: fieldFor(undefined, text.split(/[\s:]/)[0]), text: labelledFieldMessage(text.split(/[\s:]/)[0]!, text, labels) })),
    };
  }
  throw error;
}

/**
 * Every problem of a form at once: the shape errors the DTO found, then the rule problems (checked on what the
 * form holds, e.g. visitCompletionProblems) for the fields the DTO did not already refuse, so an empty form lists
 * every missing field, not only the first stage's. `fieldOf` maps a rule problem's API field to the input id.
 */
export function withRuleProblems<P extends { rule: string; field: string; message: string }>(errors: FormError[], problems: readonly P[], fieldOf: (problem: P) => string | undefined): FormError[] {
  const reported = new Set(errors.map((e) => e.field));
  const extra = problems.filter((p) => !reported.has(fieldOf(p))).map((p) => ({ field: fieldOf(p), text: `${p.rule}: ${p.message}` }));
  return [...errors, ...extra];
}

/**
 * The error summary in the order of the form's fields (`order`: input ids top to bottom; an id ending in "-" stands
 * for its numbered rows, "deltager-rolle-" for deltager-rolle-1, -2 …), as a reader meets them, whatever order the
 * validator or the service found them in. A line about no field comes first; one whose field is not in `order` last.
 * Stable: lines about one field keep their order.
 */
export function inFieldOrder(errors: FormError[], order: readonly string[]): FormError[] {
  const rank = (e: FormError): [number, number] => {
    if (!e.field) return [-1, 0];
    const at = order.findIndex((id) => e.field === id || (id.endsWith('-') && e.field!.startsWith(id) && /^\d+$/.test(e.field!.slice(id.length))));
    if (at < 0) return [order.length, 0];
    return [at, order[at]!.endsWith('-') ? Number(e.field.slice(order[at]!.length)) : 0];
  };
  return errors
    .map((e, i) => ({ e, i, r: rank(e) }))
    .sort((a, b) => a.r[0] - b.r[0] || a.r[1] - b.r[1] || a.i - b.i)
    .map((x) => x.e);
}

const HEADINGS: Record<number, string> = {
  400: 'Forespørgslen kunne ikke forstås',
  403: 'Du har ikke adgang',
  404: 'Siden findes ikke',
  409: 'Nogen har ændret det i mellemtiden',
  422: 'Det kan ikke lade sig gøre',
};

/**
 * The pages' half of the global error filter: a login redirect, or an HTML
 * error page with the same status the API would answer.
 */
export function renderWebError(exception: unknown, status: number, message: string, req: Request, res: Response): void {
  if (exception instanceof LoginRequired) {
    const next = exception.next && exception.next !== '/' ? `?next=${encodeURIComponent(exception.next)}` : '';
    res.redirect(303, `/login${next}`);
    return;
  }
  const heading = HEADINGS[status] ?? (status >= 500 ? 'Der skete en fejl' : 'Det kan ikke lade sig gøre');
  const shown = status === 404 ? 'Siden findes ikke, eller du har ikke adgang til den.' : status >= 500 ? 'Prøv igen om lidt. Fejlen er logget.' : withFieldLabels(message);
  res.status(status);
  if (!res.locals.csrfToken) res.locals.csrfToken = () => req.session?.csrfToken ?? '';
  res.render('pages/fejl', { title: `${heading} (${status})`, heading, message: shown }, (err: Error | null, html?: string) => {
    if (err) res.type('text/plain').send(`${heading}: ${shown}`);
    else res.type('html').send(html);
  });
}

/** The pages' side of the one exception filter (src/common/error.filter.ts). */
@Injectable()
export class WebPageErrors extends PageErrorRenderer {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly clock: Clock,
  ) {
    super();
  }

  handles(request: Request): boolean {
    return !isApiRequest(request);
  }

  /**
   * An address no route knows (404) never ran the session guard: the person
   * is read here, so the error page keeps the header and the menu.
   */
  render(exception: unknown, status: number, message: string, request: Request, response: Response): void {
    const personId = request.session?.personId;
    if (response.locals.user || !personId || exception instanceof LoginRequired) return renderWebError(exception, status, message, request, response);
    void loadWebUser(this.db, this.clock, personId)
      .then((user) => {
        if (!user) return;
        response.locals.user = user;
        response.locals.nav = navigationFor(user, request.path);
      })
      .catch(() => undefined)
      .finally(() => renderWebError(exception, status, message, request, response));
  }
}
