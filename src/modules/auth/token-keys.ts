import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AppConfig } from '../../config/config';
import { ConfigError } from '../../config/config';

/**
 * The HS256 secret: JWT_SECRET when given; with the embedded database a
 * random one is generated once and kept in DATA_DIR, so the service and
 * `npm run token` agree without configuration. An external database is
 * production-like: there the secret (or OIDC_ISSUER) must be given.
 */
export function resolveJwtSecret(config: Pick<AppConfig, 'jwtSecret' | 'oidcIssuer' | 'databaseUrl' | 'dataDir'>): string | undefined {
  if (config.jwtSecret) return config.jwtSecret;
  if (config.oidcIssuer) return undefined;
  if (config.databaseUrl) throw new ConfigError('JWT_SECRET (eller OIDC_ISSUER) skal sættes, når DATABASE_URL bruges');
  const file = join(config.dataDir, 'jwt-secret');
  if (!existsSync(file)) {
    mkdirSync(config.dataDir, { recursive: true });
    writeFileSync(file, randomBytes(32).toString('base64url'), { mode: 0o600 });
    chmodSync(file, 0o600);
  }
  return readFileSync(file, 'utf8').trim();
}
