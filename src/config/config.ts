import { serviceDateProblem } from '../../workflows/calendar/date-range';

/**
 * The service's configuration, read once from the environment and validated at
 * start. A bad value stops the service with one line naming the variable.
 */
export interface AppConfig {
  port: number;
  /** An external PostgreSQL; when absent the embedded server in dataDir is used. */
  databaseUrl?: string;
  /** The migration role for an external database (owner of the schema); the service runs as DATABASE_URL's role. */
  migrationDatabaseUrl?: string;
  dataDir: string;
  /** Connections the service's request pool may hold (DATABASE_POOL_SIZE); see README "Database connections". */
  databasePoolSize: number;
  /** The read cache's bound in MB (READ_CACHE_MB, default 32; 0 switches it off); see README "Reads at national scale". */
  readCacheMb: number;
  /** The coverage audit's per-unit memo in MB (COVERAGE_MEMO_MB, default 64; 0 switches it off); see README "The coverage audit at national scale". */
  coverageMemoMb: number;
  /** Load the demo organisation (default: on for a new embedded database). */
  demo: boolean | 'auto';
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** The level of each request's line in the log (ACCESS_LOG, default info; `silent`: none; 5xx answers always at error). */
  accessLog: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** `json` (pino, one object a line) or `pretty` (short lines for a person); unset: pretty on a terminal, JSON otherwise. */
  logFormat?: LogFormat;
  /** Run the scheduler (a pass at start and daily at 02:00 Europe/Copenhagen). */
  scheduler: boolean;
  /** Fixes "today" (YYYY-MM-DD) for demos and tests; otherwise the Copenhagen date. */
  today?: string;
  /** HS256 secret for bearer tokens; with the embedded database a generated one is kept in DATA_DIR. */
  jwtSecret?: string;
  /** An OpenID Connect issuer whose published keys verify tokens instead (the municipality's SSO). */
  oidcIssuer?: string;
  /** The audience (client id) those tokens must carry. */
  oidcAudience?: string;
  /** Where people reach the service (calendar links, links in e-mails), without a trailing slash. */
  publicUrl: string;
  /** SMTP server for the e-mail digests (smtp:// or smtps://, user and password in the URL); unset: nothing is sent. */
  smtpUrl?: string;
  /** The digests' From address. */
  mailFrom: string;
  /** The web login's client secret at the issuer (without it: a public client, PKCE only). */
  oidcClientSecret?: string;
  /** Signs the web session cookie; derived from the JWT secret when not given. */
  sessionSecret?: string;
  /** Behind an HTTPS-terminating proxy: trust X-Forwarded-* and send the session cookie only over HTTPS. */
  trustProxy: boolean;
}

export class ConfigError extends Error {}

export const DEFAULT_DATABASE_POOL_SIZE = 10;
export const DEFAULT_READ_CACHE_MB = 32;
export const DEFAULT_COVERAGE_MEMO_MB = 64;

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
const LOG_FORMATS = ['json', 'pretty'] as const;
export type LogFormat = (typeof LOG_FORMATS)[number];

export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  return {
    port: parsePort(env.PORT),
    databaseUrl: parseDatabaseUrl('DATABASE_URL', env.DATABASE_URL),
    migrationDatabaseUrl: parseDatabaseUrl('MIGRATION_DATABASE_URL', env.MIGRATION_DATABASE_URL),
    dataDir: nonEmpty('DATA_DIR', env.DATA_DIR) ?? './data',
    databasePoolSize: parsePoolSize(env.DATABASE_POOL_SIZE),
    readCacheMb: parseReadCacheMb(env.READ_CACHE_MB),
    coverageMemoMb: parseMegabytes('COVERAGE_MEMO_MB', env.COVERAGE_MEMO_MB, DEFAULT_COVERAGE_MEMO_MB),
    demo: parseDemo(env.DEMO),
    logLevel: parseEnum('LOG_LEVEL', env.LOG_LEVEL, LOG_LEVELS) ?? 'info',
    accessLog: parseEnum('ACCESS_LOG', env.ACCESS_LOG, LOG_LEVELS) ?? 'info',
    logFormat: parseEnum('LOG_FORMAT', env.LOG_FORMAT, LOG_FORMATS),
    scheduler: parseBoolean('SCHEDULER', env.SCHEDULER) ?? true,
    today: parseToday(env.TODAY),
    jwtSecret: parseSecret(env.JWT_SECRET),
    oidcIssuer: parseIssuer(env.OIDC_ISSUER),
    oidcAudience: parseAudience(env.OIDC_ISSUER, env.OIDC_AUDIENCE),
    publicUrl: parsePublicUrl(env.PUBLIC_URL, env.PORT),
    smtpUrl: parseSmtpUrl(env.SMTP_URL),
    mailFrom: parseMailFrom(env.MAIL_FROM, env.SMTP_URL),
    oidcClientSecret: nonEmpty('OIDC_CLIENT_SECRET', env.OIDC_CLIENT_SECRET),
    sessionSecret: parseSecretNamed('SESSION_SECRET', env.SESSION_SECRET),
    trustProxy: parseBoolean('TRUST_PROXY', env.TRUST_PROXY) ?? false,
  };
}

function parsePublicUrl(value: string | undefined, port: string | undefined): string {
  const raw = nonEmpty('PUBLIC_URL', value);
  if (raw === undefined) return `http://localhost:${parsePort(port)}`;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError(`PUBLIC_URL skal være en absolut http- eller https-adresse, fx https://kvalitetsloop.aarhus.dk, ikke "${raw}"`);
  }
  if ((url.protocol !== 'http:' && url.protocol !== 'https:') || url.search || url.hash || url.username || url.password) {
    throw new ConfigError(`PUBLIC_URL skal være en absolut http- eller https-adresse uden forespørgsel, fx https://kvalitetsloop.aarhus.dk, ikke "${raw}"`);
  }
  return `${url.origin}${url.pathname}`.replace(/\/+$/, '');
}

function parseSmtpUrl(value: string | undefined): string | undefined {
  const raw = nonEmpty('SMTP_URL', value);
  if (raw === undefined) return undefined;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError('SMTP_URL er ikke en gyldig URL (forventet smtp://bruger:kode@vært:587 eller smtps://bruger:kode@vært:465)');
  }
  if (url.protocol !== 'smtp:' && url.protocol !== 'smtps:') {
    throw new ConfigError(`SMTP_URL skal begynde med smtp:// eller smtps://, ikke ${url.protocol}//`);
  }
  if (!url.hostname) throw new ConfigError('SMTP_URL mangler en vært (smtp://vært:port)');
  return raw;
}

const EMAIL = /^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/;

function parseMailFrom(value: string | undefined, smtpUrl: string | undefined): string {
  const raw = nonEmpty('MAIL_FROM', value);
  if (raw === undefined) {
    if (smtpUrl !== undefined && smtpUrl.trim() !== '') throw new ConfigError('MAIL_FROM (afsenderadressen) skal sættes sammen med SMTP_URL');
    return 'Kvalitetsloop <kvalitetsloop@localhost>';
  }
  // Either a bare address or "Name <address>".
  const address = /<([^<>]+)>$/.exec(raw)?.[1] ?? raw;
  if (!EMAIL.test(address)) throw new ConfigError(`MAIL_FROM skal være en e-mailadresse, fx "Kvalitetsloop <noreply@aarhus.dk>", ikke "${raw}"`);
  return raw;
}

function parseAudience(issuer: string | undefined, value: string | undefined): string | undefined {
  const raw = nonEmpty('OIDC_AUDIENCE', value);
  if (issuer && !raw) throw new ConfigError('OIDC_AUDIENCE (klient-id’et hos udstederen) skal sættes sammen med OIDC_ISSUER');
  return raw;
}

function parseSecretNamed(name: string, value: string | undefined): string | undefined {
  const raw = nonEmpty(name, value);
  if (raw !== undefined && raw.length < 16) throw new ConfigError(`${name} skal være mindst 16 tegn langt`);
  return raw;
}

function parseSecret(value: string | undefined): string | undefined {
  const raw = nonEmpty('JWT_SECRET', value);
  if (raw !== undefined && raw.length < 16) throw new ConfigError('JWT_SECRET skal være mindst 16 tegn langt');
  return raw;
}

function parseIssuer(value: string | undefined): string | undefined {
  const raw = nonEmpty('OIDC_ISSUER', value);
  if (raw === undefined) return undefined;
  try {
    const url = new URL(raw);
    if (url.protocol !== 'https:' && url.hostname !== 'localhost' && url.hostname !== '127.0.0.1') throw new Error();
  } catch {
    throw new ConfigError('OIDC_ISSUER skal være en https-URL (udstederen af tokens)');
  }
  return raw.replace(/\/$/, '');
}

function nonEmpty(name: string, value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (value.trim() === '') throw new ConfigError(`${name} er sat, men tom`);
  return value.trim();
}

function parsePort(value: string | undefined): number {
  const raw = nonEmpty('PORT', value);
  if (raw === undefined) return 3000;
  const port = Number(raw);
  if (!/^\d+$/.test(raw) || port < 1 || port > 65535) {
    throw new ConfigError(`PORT skal være et portnummer mellem 1 og 65535, ikke "${raw}"`);
  }
  return port;
}

/** The request pool's size; PostgreSQL's own max_connections (100 by default) bounds it across every replica. */
function parsePoolSize(value: string | undefined): number {
  const raw = nonEmpty('DATABASE_POOL_SIZE', value);
  if (raw === undefined) return DEFAULT_DATABASE_POOL_SIZE;
  const size = Number(raw);
  if (!/^\d+$/.test(raw) || size < 2 || size > 500) {
    throw new ConfigError(`DATABASE_POOL_SIZE skal være et helt antal forbindelser mellem 2 og 500, ikke "${raw}"`);
  }
  return size;
}

/** Megabytes a bounded in-process memo may hold (0 turns it off, at most 4096). */
function parseMegabytes(name: string, value: string | undefined, fallback: number): number {
  const raw = nonEmpty(name, value);
  if (raw === undefined) return fallback;
  const mb = Number(raw);
  if (!/^\d+$/.test(raw) || mb > 4096) {
    throw new ConfigError(`${name} skal være et helt antal megabyte mellem 0 (slået fra) og 4096, ikke "${raw}"`);
  }
  return mb;
}

/** Megabytes of answers the read cache may hold in this process; 0 turns it off. */
function parseReadCacheMb(value: string | undefined): number {
  const raw = nonEmpty('READ_CACHE_MB', value);
  if (raw === undefined) return DEFAULT_READ_CACHE_MB;
  const mb = Number(raw);
  if (!/^\d+$/.test(raw) || mb > 4096) {
    throw new ConfigError(`READ_CACHE_MB skal være et helt antal megabyte mellem 0 (slået fra) og 4096, ikke "${raw}"`);
  }
  return mb;
}

function parseDatabaseUrl(name: string, value: string | undefined): string | undefined {
  const raw = nonEmpty(name, value);
  if (raw === undefined) return undefined;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError(`${name} er ikke en gyldig URL (forventet postgres://bruger:kode@vært:port/database)`);
  }
  if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') {
    throw new ConfigError(`${name} skal begynde med postgres:// eller postgresql://, ikke ${url.protocol}//`);
  }
  return raw;
}

function parseBoolean(name: string, value: string | undefined): boolean | undefined {
  const raw = nonEmpty(name, value);
  if (raw === undefined) return undefined;
  if (['1', 'true', 'yes', 'on'].includes(raw.toLowerCase())) return true;
  if (['0', 'false', 'no', 'off'].includes(raw.toLowerCase())) return false;
  throw new ConfigError(`${name} skal være 1 eller 0, ikke "${raw}"`);
}

function parseDemo(value: string | undefined): boolean | 'auto' {
  return parseBoolean('DEMO', value) ?? 'auto';
}

function parseEnum<T extends string>(name: string, value: string | undefined, allowed: readonly T[]): T | undefined {
  const raw = nonEmpty(name, value);
  if (raw === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(raw)) {
    throw new ConfigError(`${name} skal være en af ${allowed.join(', ')}, ikke "${raw}"`);
  }
  return raw as T;
}

function parseToday(value: string | undefined): string | undefined {
  const raw = nonEmpty('TODAY', value);
  if (raw === undefined) return undefined;
  const problem = serviceDateProblem(raw);
  if (problem) throw new ConfigError(`TODAY skal være en dato på formen ÅÅÅÅ-MM-DD i årene 1900–2999: ${problem}`);
  return raw;
}
