import { chmodSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EmbeddedPostgresError, startEmbeddedPostgres } from '../src/database/embedded-postgres';

/**
 * Starts one real PostgreSQL for the whole e2e run, unless DATABASE_URL names
 * one, and hands its URL to the test workers through process.env. Each spec
 * file creates its own database in it and runs the real migrations there
 * (test/support/test-app.ts). Data lives under os.tmpdir() so that the OS user
 * `postgres` can reach it when the tests run as root.
 */
export default async function globalSetup(): Promise<void> {
  if (process.env.DATABASE_URL) return;
  const dataDir = mkdtempSync(join(tmpdir(), 'kvalitetsloop-test-'));
  chmodSync(dataDir, 0o755);
  try {
    const server = await startEmbeddedPostgres(dataDir);
    (globalThis as Record<string, unknown>).__kvalitetsloopPg = server;
    process.env.DATABASE_URL = server.url;
  } catch (error) {
    if (error instanceof EmbeddedPostgresError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
}
