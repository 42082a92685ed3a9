/**
 * Secrets never reach the log, whatever their spelling: redaction works on
 * what a URL routes to (decoded, case-insensitive, as Express matches it) and
 * on the shapes of secrets in any logged text, not on one spelling of them.
 */
const SECRET_QUERY_KEY = /token|secret|passw|pwd|session|auth|key|code|ticket|signature/i;

/** A request URL fit for the log: a calendar feed's token and secret-looking query values replaced by ***. */
export function redactUrl(url: string): string {
  const at = url.indexOf('?');
  const path = at < 0 ? url : url.slice(0, at);
  const query = at < 0 ? '' : url.slice(at + 1);
  let decoded = path;
  try {
    decoded = decodeURIComponent(path);
  } catch {
    // not valid percent-encoding: judge the raw text
  }
  // Express matches routes case-insensitively; any path under /calendar/ may carry a feed token.
  const feed = decoded.toLowerCase().indexOf('/calendar/');
  const safePath = feed >= 0 ? `${decoded.slice(0, feed)}/calendar/***` : path;
  if (!query) return safePath;
  const safeQuery = query
    .split('&')
    .map((pair) => {
      const eq = pair.indexOf('=');
      const key = eq < 0 ? pair : pair.slice(0, eq);
      return eq >= 0 && SECRET_QUERY_KEY.test(safeDecode(key)) ? `${key}=***` : pair;
    })
    .join('&');
  return `${safePath}?${redactText(safeQuery)}`;
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** Secrets inside free text: passwords in connection URLs, bearer tokens, JWTs, calendar feed tokens. */
export function redactText(text: string): string {
  return text
    .replace(/\b([a-z][a-z0-9+.-]*:\/\/[^\s:/@]*:)[^\s@/]+@/gi, '$1***@')
    .replace(/\b(bearer)\s+[A-Za-z0-9._~+/=-]+/gi, '$1 ***')
    .replace(/\beyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*/g, '***')
    .replace(/(\/calendar\/)[^\s"'?]+/gi, '$1***');
}

/** The same for every string in a log record (shallow, plus an error's message and stack). */
export function redactRecord(record: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(record)) {
    if (typeof value === 'string') out[key] = redactText(value);
    else if (value && typeof value === 'object' && ('message' in value || 'stack' in value)) {
      const err = value as Record<string, unknown>;
      out[key] = {
        ...err,
        ...(typeof err.message === 'string' && { message: redactText(err.message) }),
        ...(typeof err.stack === 'string' && { stack: redactText(err.stack) }),
      };
    } else out[key] = value;
  }
  return out;
}
