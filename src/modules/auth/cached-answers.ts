import { Injectable } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { Clock } from '../../common/clock';
import { PreparedAnswer, sendPrepared } from '../../common/prepared-answer';
import { answerKey } from '../../database/cached-read.interceptor';
import { ReadCache } from '../../database/read-cache';
import { bearerTokenOf, personKey, type CachedPerson } from './auth.guard';
import { TokenService } from './token.service';

/**
 * The read cache's hits answered before Express's router and Nest's pipeline
 * (issue 14). A hit used to pass the router's few hundred routes, Nest's
 * guard, the interceptor's rxjs chain and the adapter: a fifth to a third of
 * the service's CPU per answer, and garbage for its young-generation pauses
 * (bench:api, README → Performance).
 *
 * A GET with a valid bearer token is answered here only when everything is
 * already stored under this request's snapshot: the token's person (as
 * AuthGuard stores it) and this caller's answer for this URL today (as
 * CachedReadInterceptor stores it). Both were computed by the full pipeline
 * for the same person, URL, day and data, its guards and pipes included, so
 * this answer is the one the pipeline would give (CachedRead's contract).
 * Anything else — no or an invalid or expired token, an unknown person, a
 * route that is not cached, a miss, a database that does not answer — goes on
 * to the pipeline unchanged, which then reuses this request's snapshot and
 * token check (failures included), so a miss costs no second round trip and
 * every refusal is the pipeline's own.
 *
 * It runs after the access log and the request limits (app.factory.ts), so a
 * hit is logged and bounded like any other request.
 */
@Injectable()
export class CachedAnswers {
  constructor(
    private readonly cache: ReadCache,
    private readonly tokens: TokenService,
    private readonly clock: Clock,
  ) {}

  /** Express middleware: see the class. */
  readonly serve = (request: Request, response: Response, next: NextFunction): void => {
    // Only the API's cached routes live under /api/v1/; a page, an asset or a probe is not taken a snapshot for.
    if (!this.cache.enabled || request.method !== 'GET' || !request.url.startsWith('/api/v1/')) return next();
    const token = bearerTokenOf(request);
    if (!token) return next();
    this.answer(request, token).then(
      (answer) => {
        if (!answer) return next();
        try {
          sendPrepared(response, answer);
        } catch (error) {
          next(error);
        }
      },
      // The pipeline meets the same failed snapshot (kept for the request) and answers it in its own words: a 503.
      () => next(),
    );
  };

  private async answer(request: Request, token: string): Promise<PreparedAnswer | undefined> {
    const subject = await this.tokens.verifyFor(request, token);
    if (!subject) return undefined;
    const person = (await this.cache.storedFor(request, personKey(subject))) as CachedPerson | null | undefined;
    if (!person) return undefined;
    const answer = await this.cache.storedFor(request, answerKey(this.clock.today(), person.id, String(request.originalUrl ?? request.url)));
    if (!(answer instanceof PreparedAnswer)) return undefined;
    // The two lookups the pipeline would have counted: the person and the answer.
    this.cache.countHits(2);
    return answer;
  }
}
