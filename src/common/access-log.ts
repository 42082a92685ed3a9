import { performance } from 'node:perf_hooks';
import type { NextFunction, Request, Response } from 'express';
import type { Level, Logger } from 'pino';
import { redactUrl } from './redact';

/** `ACCESS_LOG`: the level of each request's line, or `silent` for none. */
export type AccessLogLevel = Level | 'silent';

/** Probes every few seconds would drown the log. */
const UNLOGGED = new Set(['/health', '/health/live', '/health/ready']);

/**
 * One line per request (`GET /api/v1/units 200 (12 ms)`, with `req.id`,
 * `req.method`, `req.url`, `res.statusCode` and `responseTime` in ms as
 * fields), at `level` (ACCESS_LOG, default info).
 *
 * Replaces pino-http, which at 3,000 req/s made a child logger per request
 * (serialising and redacting the request object each time) even when its
 * lines were below the log level (issue 14). Here a request costs a level
 * check and one listener; the line is built only when it is written.
 *
 * - An answer of 500 or more always leaves its line, at `error`, whatever
 *   ACCESS_LOG says (the error filter logs the cause beside it).
 * - A 503 with Retry-After (the database is away) is logged once by the error
 *   filter, not again here.
 * - Nothing secret is logged: no headers at all (so no Authorization or
 *   Cookie), and the URL through redactUrl (calendar tokens, secret-looking
 *   query values).
 * - A request the client abandoned before its answer was written is logged
 *   with `afbrudt` in place of the time.
 */
export function accessLog(logger: Logger, level: AccessLogLevel = 'info') {
  let sequence = 0;
  return (req: Request, res: Response, next: NextFunction): void => {
    if (UNLOGGED.has(req.url)) return next();
    const started = performance.now();
    // Captured now: routing rewrites req.url for mounted routers.
    const method = req.method;
    const url = req.originalUrl ?? req.url;
    const id = ++sequence;
    const done = () => {
      res.removeListener('finish', done);
      res.removeListener('close', done);
      const status = res.statusCode;
      const at: Level | undefined = status >= 500 ? 'error' : level === 'silent' ? undefined : level;
      if (!at || !logger.isLevelEnabled(at)) return;
      if (status === 503 && res.getHeader('retry-after')) return;
      const ms = Math.round(performance.now() - started);
      const shown = redactUrl(url);
      const finished = res.writableFinished;
      logger[at](
        { req: { id, method, url: shown }, res: { statusCode: status }, responseTime: ms },
        `${method} ${shown} ${status} (${finished ? `${ms} ms` : 'afbrudt'})`,
      );
    };
    res.on('finish', done);
    res.on('close', done);
    next();
  };
}
