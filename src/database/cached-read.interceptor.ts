import { CallHandler, ExecutionContext, Injectable, NestInterceptor, UseInterceptors } from '@nestjs/common';
import type { Request, Response } from 'express';
import { from, lastValueFrom, map, type Observable } from 'rxjs';
import { Clock } from '../common/clock';
import { normalisedQuery, ReadCache, stringBytes } from './read-cache';

/**
 * Serves a GET's JSON answer from the ReadCache (read-cache.ts): the key is
 * the request's snapshot, today, the caller's person id, the path and its
 * normalised query; the stored value is the serialised JSON, so a hit is
 * written without JSON.stringify. `format=csv` answers are streams and are
 * not cached. Errors (validation, 404, 422) are never stored.
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
    const response = context.switchToHttp().getResponse<Response>();
    const url = String(request.originalUrl ?? request.url);
    const at = url.indexOf('?');
    const key = `${this.clock.today()}|${request.user?.personId ?? '-'}|${at < 0 ? url : url.slice(0, at)}?${normalisedQuery(url)}`;
    return from(this.cache.forRequest(request, key, stringBytes, async () => JSON.stringify(await lastValueFrom(next.handle())))).pipe(
      // Express sends a string as text/html unless told; res.json would have said this.
      map((json) => {
        response.setHeader('Content-Type', 'application/json; charset=utf-8');
        return json;
      }),
    );
  }
}

/** Cache this GET's JSON answer by snapshot (see CachedReadInterceptor). */
export const CachedRead = () => UseInterceptors(CachedReadInterceptor);
