import { ExpressAdapter } from '@nestjs/platform-express';
import type { Response } from 'express';

/**
 * An answer serialised once and written many times (the read cache's hits,
 * issue 14): the bytes with their type, and their ETag once the first write
 * has computed it. Writing one costs no JSON.stringify, no UTF-8 encoding and
 * no SHA-1 of the body per request, and the bytes live outside V8's heap.
 */
export class PreparedAnswer {
  /** Express's ETag of `bytes` (the app's `etag fn`), false when the app makes none; computed at the first write. */
  etag?: string | false;

  constructor(
    readonly bytes: Buffer,
    readonly contentType: string,
  ) {}

  /** JSON text as UTF-8, as `res.json` would have sent it. */
  static json(value: unknown): PreparedAnswer {
    return new PreparedAnswer(Buffer.from(JSON.stringify(value) ?? ''), 'application/json; charset=utf-8');
  }
}

/**
 * Nest's Express adapter, which writes a PreparedAnswer as its bytes (Nest's
 * own reply would serialise any object with `res.json`). Everything else is
 * Nest's reply unchanged. `res.send` still answers `If-None-Match` with a
 * 304 and a HEAD without a body, and the headers are the same as before:
 * Express skips its own ETag when one is set.
 */
export class PreparedAnswerAdapter extends ExpressAdapter {
  override reply(response: Response, body: unknown, statusCode?: number): unknown {
    if (!(body instanceof PreparedAnswer)) return super.reply(response, body, statusCode);
    if (statusCode !== undefined && statusCode !== null) response.status(statusCode);
    return sendPrepared(response, body);
  }
}

/**
 * Writes `answer` as its bytes with its type and ETag; `res.send` answers
 * `If-None-Match` with a 304 and a HEAD without a body. Used by the adapter
 * above and by the hit path that answers before Nest (cached-answers.ts), so
 * a hit's headers are the same either way.
 */
export function sendPrepared(response: Response, answer: PreparedAnswer): Response {
  response.setHeader('Content-Type', answer.contentType);
  if (answer.etag === undefined) {
    const etagFn = response.app.get('etag fn') as ((body: Buffer, encoding?: string) => string | undefined) | undefined;
    answer.etag = (typeof etagFn === 'function' && etagFn(answer.bytes)) || false;
  }
  if (answer.etag) response.setHeader('ETag', answer.etag);
  return response.send(answer.bytes);
}
