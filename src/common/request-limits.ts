import type { NextFunction, Request, RequestHandler, Response } from 'express';

/**
 * Bounds on every dimension of a request, checked at the entrance before any
 * work is done (parsing beyond the bytes, validation, class-transformer, the
 * database): body size per route, JSON nesting depth, array and string
 * lengths, number of keys and query parameters — and text the database or a
 * Danish user's screen cannot hold (NUL and other control characters, lone
 * UTF-16 surrogates), refused with 400 naming the field.
 */
export const LIMITS = {
  /** Bytes of a JSON or form body unless the route says otherwise. */
  bodyBytes: 64 * 1024,
  depth: 16,
  arrayLength: 500,
  stringLength: 20_000,
  objectKeys: 100,
  queryParameters: 30,
  queryValueLength: 2_000,
} as const;

/** Routes that need less (or more) than the default body size. */
const ROUTE_BODY_LIMITS: Array<{ method: string; path: RegExp; bytes: number }> = [
  // The organisation registry takes small records only.
  { method: 'POST', path: /^\/api\/v1\/(units|people|assignments)(\/[^/]+\/close)?\/?$/, bytes: 8 * 1024 },
  { method: 'PATCH', path: /^\/api\/v1\/(units|people|assignments)\/[^/]+\/?$/, bytes: 8 * 1024 },
];

export function bodyLimitFor(method: string, path: string): number {
  return ROUTE_BODY_LIMITS.find((r) => r.method === method && r.path.test(path))?.bytes ?? LIMITS.bodyBytes;
}

class RequestRefused extends Error {
  constructor(
    readonly status: 400 | 413,
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
}

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/**
 * A web page's form posted past a limit (a pasted 30,000-character observation, say): the person gets a Danish page
 * saying what was wrong and how to go on, not the API's JSON. It is self-contained because this runs before Nest
 * and its page renderer; the browser's back button returns to the form with the text still in it.
 */
function refusePage(res: Response, error: RequestRefused): void {
  const escape = (text: string) => text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]!);
  res
    .status(error.status)
    .type('html')
    .send(
      `<!doctype html><html lang="da"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">` +
        `<title>Formularen kunne ikke modtages – Kvalitetsloop</title></head><body><main>` +
        `<h1>Formularen kunne ikke modtages</h1><p>${escape(error.message)}.</p>` +
        `<p>Gå tilbage med browserens tilbage-knap, forkort eller ret teksten, og send formularen igen. Intet er gemt.</p>` +
        `</main></body></html>`,
    );
}

function refuse(req: Request, res: Response, error: RequestRefused): void {
  if (isForm(req) && !req.path.toLowerCase().startsWith('/api/')) return refusePage(res, error);
  res.status(error.status).json({
    statusCode: error.status,
    error: error.status === 413 ? 'Payload Too Large' : 'Bad Request',
    message: error.message,
    ...(error.field !== undefined && { fields: [{ field: error.field, message: error.message }] }),
  });
}

function kb(bytes: number): string {
  return `${Math.round(bytes / 1024)} KB`;
}

// C0 control characters except tab, line feed and carriage return; DEL; lone surrogates.
const BAD_TEXT = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Why a text cannot be stored or shown, in Danish; undefined when it can. */
export function badText(value: string): string | undefined {
  const match = BAD_TEXT.exec(value);
  if (!match) return undefined;
  const code = match[0].charCodeAt(0);
  if (code === 0) return 'indeholder et NUL-tegn (U+0000), som ikke kan gemmes';
  if (code >= 0xd800 && code <= 0xdfff) return `indeholder et ufuldstændigt tegn (enlig surrogat U+${code.toString(16).toUpperCase()}), som ikke kan gemmes`;
  return `indeholder et styretegn (U+${code.toString(16).toUpperCase().padStart(4, '0')}), som ikke kan vises`;
}

/** Walks a parsed value once; throws at the first bound exceeded, naming the field. */
export function checkValue(value: unknown, path: string, depth = 0): void {
  const child = (key: string) => (path === 'body' ? key : `${path}.${key}`);
  if (depth > LIMITS.depth) throw new RequestRefused(400, `${path} er indlejret for dybt (højst ${LIMITS.depth} niveauer)`, path);
  if (typeof value === 'string') {
    if (value.length > LIMITS.stringLength) {
      throw new RequestRefused(400, `${path} er for lang (${value.length} tegn; højst ${LIMITS.stringLength})`, path);
    }
    const bad = badText(value);
    if (bad) throw new RequestRefused(400, `${path} ${bad}`, path);
    return;
  }
  if (Array.isArray(value)) {
    if (value.length > LIMITS.arrayLength) {
      throw new RequestRefused(400, `${path} har for mange elementer (${value.length}; højst ${LIMITS.arrayLength})`, path);
    }
    value.forEach((item, i) => checkValue(item, `${path}[${i}]`, depth + 1));
    return;
  }
  if (value !== null && typeof value === 'object') {
    const keys = Object.keys(value);
    if (keys.length > LIMITS.objectKeys) {
      throw new RequestRefused(400, `${path} har for mange felter (${keys.length}; højst ${LIMITS.objectKeys})`, path);
    }
    for (const key of keys) {
      const bad = badText(key);
      if (bad || key.length > 200) throw new RequestRefused(400, `Et feltnavn i ${path} ${bad ?? 'er for langt'}`, path);
      checkValue((value as Record<string, unknown>)[key], child(key), depth + 1);
    }
  }
}

/**
 * Every JSON body the service takes is an object (`{ … }`); what else a
 * client sent, said in Danish, or undefined for an object. Refused here, the
 * one entrance every endpoint shares, so that no endpoint answers with Nest's
 * English "object is expected" (arrays), takes `null` for an empty object
 * (the validation pipe turns nil into `{}`) or reaches a handler without one.
 */
export function notAnObject(body: unknown): string | undefined {
  if (body === null) return 'null';
  if (Array.isArray(body)) return 'en liste ([ … ])';
  switch (typeof body) {
    case 'object':
      return undefined;
    case 'string':
      return 'en tekst';
    case 'number':
      return 'et tal';
    case 'boolean':
      return 'true eller false';
    default:
      return 'en anden værdi';
  }
}

/** Nesting depth of raw JSON text, counted without parsing it; stops as soon as the limit is passed. */
export function exceedsDepth(text: string, limit: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      if (++depth > limit) return true;
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
  return false;
}

/** The query string: number of parameters, their lengths and their text. */
function checkQuery(req: Request): void {
  const at = req.originalUrl.indexOf('?');
  if (at < 0) return;
  const search = req.originalUrl.slice(at + 1);
  let count = 0;
  for (const part of search.split('&')) {
    if (part === '') continue;
    if (++count > LIMITS.queryParameters) {
      throw new RequestRefused(400, `For mange forespørgselsparametre (højst ${LIMITS.queryParameters})`);
    }
  }
  for (const [key, value] of new URLSearchParams(search)) {
    const name = badText(key) ? 'et parameternavn' : key.slice(0, 50);
    if (key.length > 100 || value.length > LIMITS.queryValueLength) {
      throw new RequestRefused(400, `Forespørgselsparameteren ${name} er for lang (højst ${LIMITS.queryValueLength} tegn)`, name);
    }
    const bad = badText(key) ?? badText(value);
    if (bad) throw new RequestRefused(400, `Forespørgselsparameteren ${name} ${bad}`, name);
  }
}

function isJson(req: Request): boolean {
  const type = String(req.headers['content-type'] ?? '').toLowerCase();
  return /^application\/([\w.+-]*\+)?json\b/.test(type);
}

function isForm(req: Request): boolean {
  return String(req.headers['content-type'] ?? '').toLowerCase().startsWith('application/x-www-form-urlencoded');
}

/** Reads at most `limit` bytes; refuses with 413 as soon as the body is larger (or says it will be). */
function readBody(req: Request, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length']);
    const tooLarge = () => new RequestRefused(413, `Forespørgslens indhold er for stort; højst ${kb(limit)} på denne adresse`);
    if (Number.isFinite(declared) && declared > limit) {
      req.resume();
      reject(tooLarge());
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    req.on('data', (chunk: Buffer) => {
      if (done) return;
      size += chunk.length;
      if (size > limit) {
        done = true;
        req.resume();
        reject(tooLarge());
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (!done) resolve(Buffer.concat(chunks));
    });
    req.on('error', (error) => {
      if (!done) reject(error);
    });
  });
}

/**
 * The entrance guard: replaces the JSON and form body parsers. The body is
 * read up to its route's limit, JSON depth is counted on the raw text before
 * JSON.parse, and the parsed value is walked once for sizes and text.
 */
export function requestLimits(): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    const hasBody = req.headers['transfer-encoding'] !== undefined || Number(req.headers['content-length'] ?? 0) > 0;
    if (!hasBody) {
      // Most requests (every GET): checked synchronously, without a promise per request (issue 14's hit path).
      try {
        checkQuery(req);
      } catch (error) {
        if (error instanceof RequestRefused) refuse(req, res, error);
        else next(error);
        return;
      }
      return next();
    }
    void (async () => {
      try {
        checkQuery(req);
        if (!isJson(req) && !isForm(req)) return next();
        const raw = await readBody(req, bodyLimitFor(req.method, req.path));
        let text: string;
        try {
          text = new TextDecoder('utf-8', { fatal: true }).decode(raw);
        } catch {
          throw new RequestRefused(400, 'Forespørgslens indhold er ikke gyldig UTF-8');
        }
        let body: unknown;
        if (isJson(req)) {
          if (exceedsDepth(text, LIMITS.depth)) throw new RequestRefused(400, `JSON er indlejret for dybt (højst ${LIMITS.depth} niveauer)`, 'body');
          if (text.trim() === '') body = {};
          else {
            try {
              body = JSON.parse(text);
            } catch {
              throw new RequestRefused(400, 'Ugyldig JSON i forespørgslens indhold');
            }
            const wrong = notAnObject(body);
            if (wrong) throw new RequestRefused(400, `body skal være et JSON-objekt ({ … }), ikke ${wrong}`, 'body');
          }
        } else {
          const form: Record<string, string | string[]> = {};
          for (const [key, value] of new URLSearchParams(text)) {
            const prior = form[key];
            form[key] = prior === undefined ? value : Array.isArray(prior) ? [...prior, value] : [prior, value];
          }
          body = form;
        }
        checkValue(body, 'body');
        (req as Request & { body: unknown; _body?: boolean }).body = body;
        (req as Request & { _body?: boolean })._body = true;
        next();
      } catch (error) {
        if (error instanceof RequestRefused) refuse(req, res, error);
        else next(error);
      }
    })();
  };
}
