/**
 * The service's configuration, read once from the environment and validated at
 * start. A bad value stops the service with one line naming the variable.
 */
export interface AppConfig {
  port: number;
  /** An external PostgreSQL; when absent the embedded server in dataDir is used. */
  databaseUrl?: string;
  dataDir: string;
  /** Load the demo organisation (default: on for a new embedded database). */
  demo: boolean | 'auto';
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
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
  /** The web login's client secret at the issuer (without it: a public client, PKCE only). */
  oidcClientSecret?: string;
  /** Signs the web session cookie; derived from the JWT secret when not given. */
  sessionSecret?: string;
  /** The address users reach the service at (for the OIDC redirect), e.g. https://kvalitetsloop.aarhus.dk */
  publicUrl?: string;
  /** Behind an HTTPS-terminating proxy: trust X-Forwarded-* and send the session cookie only over HTTPS. */
  trustProxy: boolean;
}

export class ConfigError extends Error {}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  return {
    port: parsePort(env.PORT),
    databaseUrl: parseDatabaseUrl(env.DATABASE_URL),
    dataDir: nonEmpty('DATA_DIR', env.DATA_DIR) ?? './data',
    demo: parseDemo(env.DEMO),
    logLevel: parseEnum('LOG_LEVEL', env.LOG_LEVEL, LOG_LEVELS) ?? 'info',
    scheduler: parseBoolean('SCHEDULER', env.SCHEDULER) ?? true,
    today: parseToday(env.TODAY),
    jwtSecret: parseSecret(env.JWT_SECRET),
    oidcIssuer: parseIssuer(env.OIDC_ISSUER),
    oidcAudience: parseAudience(env.OIDC_ISSUER, env.OIDC_AUDIENCE),
    oidcClientSecret: nonEmpty('OIDC_CLIENT_SECRET', env.OIDC_CLIENT_SECRET),
    sessionSecret: parseSecretNamed('SESSION_SECRET', env.SESSION_SECRET),
    publicUrl: parsePublicUrl(env.PUBLIC_URL),
    trustProxy: parseBoolean('TRUST_PROXY', env.TRUST_PROXY) ?? false,
  };
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

function parsePublicUrl(value: string | undefined): string | undefined {
  const raw = nonEmpty('PUBLIC_URL', value);
  if (raw === undefined) return undefined;
  try {
    const url = new URL(raw);
    if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Error();
  } catch {
    throw new ConfigError('PUBLIC_URL skal være en http(s)-adresse, fx https://kvalitetsloop.aarhus.dk');
  }
  return raw.replace(/\/$/, '');
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

function parseDatabaseUrl(value: string | undefined): string | undefined {
  const raw = nonEmpty('DATABASE_URL', value);
  if (raw === undefined) return undefined;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError('DATABASE_URL er ikke en gyldig URL (forventet postgres://bruger:kode@vært:port/database)');
  }
  if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') {
    throw new ConfigError(`DATABASE_URL skal begynde med postgres:// eller postgresql://, ikke ${url.protocol}//`);
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
  const parsed = new Date(`${raw}T00:00:00Z`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(raw) || Number.isNaN(parsed.getTime()) || parsed.toISOString().slice(0, 10) !== raw) {
    throw new ConfigError(`TODAY skal være en dato på formen ÅÅÅÅ-MM-DD, ikke "${raw}"`);
  }
  return raw;
}
