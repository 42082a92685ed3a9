import type { AppConfig } from '../config/config';
import { startEmbeddedPostgres } from './embedded-postgres';

export interface ResolvedDatabase {
  /** The application role: what the service runs as. */
  url: string;
  /** The migration role (owner of the schema); absent for an external database without MIGRATION_DATABASE_URL. */
  migrationUrl?: string;
  /** 'external' (DATABASE_URL) or the embedded server's data directory. */
  kind: 'external' | 'embedded';
  description: string;
  stop(): Promise<void>;
}

/** DATABASE_URL (and MIGRATION_DATABASE_URL) when given; otherwise the embedded server in DATA_DIR (started or joined). */
export async function resolveDatabase(config: Pick<AppConfig, 'databaseUrl' | 'migrationDatabaseUrl' | 'dataDir'>): Promise<ResolvedDatabase> {
  if (config.databaseUrl) {
    const url = new URL(config.databaseUrl);
    return {
      url: config.databaseUrl,
      migrationUrl: config.migrationDatabaseUrl,
      kind: 'external',
      description: `PostgreSQL på ${url.hostname}:${url.port || 5432}${url.pathname}`,
      stop: async () => undefined,
    };
  }
  const embedded = await startEmbeddedPostgres(config.dataDir);
  return {
    url: embedded.url,
    migrationUrl: embedded.migrationUrl,
    kind: 'embedded',
    description: `indlejret PostgreSQL i ${config.dataDir} (${new URL(embedded.url).port})`,
    stop: () => embedded.stop(),
  };
}
