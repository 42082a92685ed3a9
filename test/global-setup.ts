import { chmodSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { EmbeddedPostgresError, startEmbeddedPostgres } from '../src/database/embedded-postgres';
import { ensureRoles, randomPassword, withCredentials } from '../src/database/roles';

/**
 * Starts one real PostgreSQL for the whole e2e run, unless DATABASE_URL names
 * one (then as a role that may create roles and databases), and hands the
 * test workers three server URLs through process.env, the same split as in
 * production: TEST_SUPERUSER_URL (creates and drops the per-spec databases),
 * TEST_MIGRATOR_URL (owns each database's schema, runs the migrations) and
 * TEST_APP_URL (what the service under test runs as). Each spec file creates
 * its own database and runs the real migrations there
 * (test/support/test-app.ts). Data lives under os.tmpdir() so that the OS
 * user `postgres` can reach it when the tests run as root.
 */
export default async function globalSetup(): Promise<void> {
  let superuserUrl = process.env.DATABASE_URL;
  if (!superuserUrl) {
    const dataDir = mkdtempSync(join(tmpdir(), 'kvalitetsloop-test-'));
    chmodSync(dataDir, 0o755);
    try {
      const server = await startEmbeddedPostgres(dataDir);
      (globalThis as Record<string, unknown>).__kvalitetsloopPg = server;
      superuserUrl = server.superuserUrl;
    } catch (error) {
      if (error instanceof EmbeddedPostgresError) {
        console.error(error.message);
        process.exit(1);
      }
      throw error;
    }
  }
  const roles = {
    migrator: { user: 'kl_test_migrator', password: randomPassword() },
    app: { user: 'kl_test_app', password: randomPassword() },
  };
  const client = new Client({ connectionString: superuserUrl });
  await client.connect();
  try {
    await ensureRoles(client, roles);
  } finally {
    await client.end();
  }
  process.env.TEST_SUPERUSER_URL = superuserUrl;
  process.env.TEST_MIGRATOR_URL = withCredentials(superuserUrl, roles.migrator);
  process.env.TEST_APP_URL = withCredentials(superuserUrl, roles.app);
  // Kept for specs that reach the server itself (e.g. to stop a database).
  process.env.DATABASE_URL = superuserUrl;
}
