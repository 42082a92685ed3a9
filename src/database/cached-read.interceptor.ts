import { CallHandler, ExecutionContext, Injectable, NestInterceptor, UseInterceptors } from '@nestjs/common';
import type { Request } from 'express';
import { from, lastValueFrom, type Observable } from 'rxjs';
import { Clock } from '../common/clock';
import { PreparedAnswer } from '../common/prepared-answer';
import { normalisedQuery, ReadCache } from './read-cache';

/**
 * Serves a GET's JSON answer from the ReadCache (read-cache.ts): the key is
 * the request's snapshot, today, the caller's person id, the path and its
 * normalised query; the stored value is the serialised JSON as UTF-8 bytes
 * with its ETag (a PreparedAnswer, written by PreparedAnswerAdapter), so a hit
 * is written without JSON.stringify, encoding or hashing. `format=csv`
 * answers are streams and are not cached. Errors (validation, 404, 422) are
 * never stored.
 */
@Injectable()
export class CachedReadInterceptor implements NestInterceptor {
  constructor(
    private readonly cache: ReadCache,
    private readonly clock: Clock,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<Request & { user?: { personId: string } }>();
    if (!this.cache.enabled || request.method !== 'GET' || request.query?.format === 'csv') return next.handle();
    const key = answerKey(this.clock.today(), request.user?.personId, String(request.originalUrl ?? request.url));
    return from(this.cache.forRequest(request, key, preparedBytes, async () => PreparedAnswer.json(await lastValueFrom(next.handle()))));
  }
}

/**
 * The ReadCache key (after the snapshot) of a cached GET's answer: today
 * (Europe/Copenhagen), the caller's person id (`-` for none), the path and
 * its normalised query. One definition for the interceptor that stores
 * answers and the hit path that serves them before Nest (cached-answers.ts).
 */
export function answerKey(today: string, personId: string | undefined, url: string): string {
  const at = url.indexOf('?');
  return `${today}|${personId ?? '-'}|${at < 0 ? url : url.slice(0, at)}?${normalisedQuery(url)}`;
}

/** What an entry holds: its bytes (outside the heap) and the object around them. */
function preparedBytes(answer: PreparedAnswer): number {
  return answer.bytes.length + 128;
}

/**
 * Cache this GET's JSON answer by snapshot (see CachedReadInterceptor). A hit
 * is answered before Nest's guards and pipes run (cached-answers.ts), which
 * is exact only because the first answer passed them for the same caller,
 * URL, day and data: a route whose guards or pipes read anything else (a
 * header, the time of day) must not be cached, and neither a route with
 * `@Header` or `@HttpCode` (a hit is written with its type and ETag only).
 */
export const CachedRead = () => UseInterceptors(CachedReadInterceptor);
