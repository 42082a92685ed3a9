import type { AppConfig } from '../config/config';
import { startEmbeddedPostgres } from './embedded-postgres';

export interface ResolvedDatabase {
  url: string;
  /** 'external' (DATABASE_URL) or the embedded server's data directory. */
  kind: 'external' | 'embedded';
  description: string;
  stop(): Promise<void>;
}

/** DATABASE_URL when given; otherwise the embedded server in DATA_DIR (started or joined). */
export async function resolveDatabase(config: Pick<AppConfig, 'databaseUrl' | 'dataDir'>): Promise<ResolvedDatabase> {
  if (config.databaseUrl) {
    const url = new URL(config.databaseUrl);
    return {
      url: config.databaseUrl,
      kind: 'external',
      description: `PostgreSQL på ${url.hostname}:${url.port || 5432}${url.pathname}`,
      stop: async () => undefined,
    };
  }
  const embedded = await startEmbeddedPostgres(config.dataDir);
  return {
    url: embedded.url,
    kind: 'embedded',
    description: `indlejret PostgreSQL i ${config.dataDir} (${new URL(embedded.url).port})`,
    stop: () => embedded.stop(),
  };
}
