/**
 * The framework's own refusals (body parser, router, multer) carry English
 * text; a user reads these, so they are said in Danish. Messages the service
 * wrote itself pass through unchanged.
 */
const KNOWN: [RegExp, (m: RegExpExecArray) => string][] = [
  [/^Cannot (GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS) (.*)$/, (m) => `${m[1]} ${m[2]} findes ikke`],
  [/JSON|Unexpected (token|end|non-whitespace)/i, () => 'Indholdet skal være et gyldigt JSON-objekt'],
  [/^request entity too large$/i, () => 'Indholdet er for stort'],
  // The router's own refusal of a path segment whose %-escape is not UTF-8 (e.g. /units/%ZZ); the text is not repeated.
  [/^Failed to decode param /, () => 'Adressen indeholder en ugyldig %-kodning; skriv et % som %25'],
  [/^Unexpected file field - (.*)$/, (m) => `Ukendt filfelt "${m[1]}"; send filerne som units og people`],
  [/^Unexpected field/, () => 'Ukendt felt i formularen; send filerne som units og people'],
  [/^Too many (fields|parts)$/, () => 'Formularen må kun indeholde filerne units og people'],
  [/^Too many files$/, () => 'Send højst én fil i hvert af felterne units og people'],
  [/^File too large$/, () => 'Filen er for stor'],
  [/^Multipart: Boundary not found$|^Unexpected end of form$|^Malformed part header$/i, () => 'Formularen (multipart/form-data) er ufuldstændig'],
  [/^Unsupported Media Type$/i, () => 'Indholdstypen understøttes ikke'],
  [/^(Bad Request|Not Found|Forbidden|Unauthorized|Payload Too Large|Method Not Allowed)$/, (m) => DEFAULTS[m[1]!]!],
];

const DEFAULTS: Record<string, string> = {
  'Bad Request': 'Ugyldig forespørgsel',
  'Not Found': 'Findes ikke',
  Forbidden: 'Ingen adgang',
  Unauthorized: 'Ikke logget ind',
  'Payload Too Large': 'Indholdet er for stort',
  'Method Not Allowed': 'Metoden er ikke tilladt',
};

export function danishFrameworkMessage(message: string): string {
  for (const [pattern, say] of KNOWN) {
    const match = pattern.exec(message);
    if (match) return say(match);
  }
  return message;
}
