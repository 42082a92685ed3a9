import type { Type } from '@nestjs/common';
import type { Request, Response } from 'express';
import { createValidationPipe } from '../common/validation';

/**
 * A form body as express parses it (urlencoded, not extended): a field is a
 * string, or an array of strings when it occurs more than once.
 */
export type FormBody = Record<string, string | string[] | undefined>;

/** One value of a field ('' when absent; the last one when repeated). */
export function field(body: FormBody, name: string): string {
  const value = body[name];
  if (Array.isArray(value)) return String(value[value.length - 1] ?? '').trim();
  return typeof value === 'string' ? value.trim() : '';
}

/** Every value of a repeated field (repeatable rows, checkbox groups), in order. */
export function fields(body: FormBody, name: string): string[] {
  const value = body[name];
  if (value === undefined) return [];
  return (Array.isArray(value) ? value : [value]).map((v) => String(v).trim());
}

/** The optimistic-concurrency version a form carries in a hidden field. */
export function version(body: FormBody): number | undefined {
  const raw = field(body, 'version');
  return /^\d+$/.test(raw) ? Number(raw) : undefined;
}

const pipe = createValidationPipe();

/**
 * Checks what a form built against the API's own DTO, with the API's own
 * ValidationPipe: the same shapes, limits and Danish messages as the JSON
 * API, never a second copy. Throws the same BadRequestException (400 with the
 * fields named), which toFormRefusal turns into an error summary.
 */
export async function validateAs<T>(dto: Type<T>, plain: object): Promise<T> {
  return (await pipe.transform(plain, { type: 'body', metatype: dto, data: '' })) as T;
}

/**
 * Post/redirect/get after a form succeeded (set `req.session.flash` first); an
 * htmx request is told to load the page instead (HX-Redirect), so the new
 * page replaces the whole document rather than the swapped fragment.
 */
export async function redirectAfterPost(req: Request, res: Response, to: string): Promise<void> {
  // The flash must be stored before the browser asks for the next page, or that page can read the session without it.
  if (req.session) await new Promise<void>((resolve, reject) => req.session.save((err) => (err ? reject(err) : resolve())));
  if (req.get('HX-Request') === 'true') {
    res.set('HX-Redirect', to);
    res.status(200).end();
    return;
  }
  res.redirect(303, to);
}
