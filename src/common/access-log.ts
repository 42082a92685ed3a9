import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Level, Logger } from 'pino';
import { pinoHttp } from 'pino-http';
import { redactUrl } from './redact';

/** `ACCESS_LOG`: the level of each request's line, or `silent` for none. */
export type AccessLogLevel = Level | 'silent';

/** Probes every few seconds would drown the log. */
const UNLOGGED = new Set(['/health', '/health/live', '/health/ready']);

function shownUrl(req: IncomingMessage): string {
  return redactUrl(String((req as { originalUrl?: string }).originalUrl ?? req.url));
}

/**
 * One line per request (`GET /api/v1/units 200 (12 ms)`; an answer of 500 or
 * more `GET /api/v1/x 500`), with `req.id`,
 * `req.method`, `req.url`, `res.statusCode` and `responseTime` in ms as
 * fields), at `level` (ACCESS_LOG, default info), written by pino-http.
 *
 * pino-http is kept although it makes a child logger per request even below
 * the level (measurable at 3,000 req/s, see README → Health and logs): request
 * logging is not what this project exists for, and a maintained library beats
 * our own middleware there. What ACCESS_LOG changes is only the level:
 *
 * - An answer of 500 or more always leaves its line, at `error`, whatever
 *   ACCESS_LOG says (the error filter logs the cause beside it).
 * - A 503 with Retry-After (the database is away) is logged once by the error
 *   filter, not again here.
 * - Nothing secret is logged: the request and answer are reduced to id,
 *   method, redacted URL and status (no headers, so no Authorization, Cookie
 *   or Set-Cookie), and the URL goes through redactUrl (calendar tokens,
 *   secret-looking query values).
 * - A request the client abandoned before its answer was written is logged
 *   with `afbrudt` in place of the time.
 */
export function accessLog(logger: Logger, level: AccessLogLevel = 'info') {
  return pinoHttp({
    logger,
    autoLogging: { ignore: (req) => UNLOGGED.has(req.url ?? '') },
    customLogLevel: (_req: IncomingMessage, res: ServerResponse) => {
      if (res.statusCode === 503 && res.getHeader('retry-after')) return 'silent';
      return res.statusCode >= 500 ? 'error' : level;
    },
    customSuccessMessage: (req, res, ms) => `${req.method} ${shownUrl(req)} ${res.statusCode} (${Math.round(ms)} ms)`,
    // pino-http gives an error's message no time; the line's responseTime field has it.
    customErrorMessage: (req, res) => `${req.method} ${shownUrl(req)} ${res.statusCode}${res.writableFinished ? '' : ' (afbrudt)'}`,
    serializers: {
      req: (req: IncomingMessage & { id?: unknown }) => ({ id: req.id, method: req.method, url: shownUrl(req) }),
      res: (res: ServerResponse) => ({ statusCode: res.statusCode }),
    },
  });
}
