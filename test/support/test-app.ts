import type { INestApplication } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import request from 'supertest';
import type TestAgent from 'supertest/lib/agent';
import type { AppOptions } from '../../src/app.module';
import { createApp } from '../../src/app.factory';
import { Clock } from '../../src/common/clock';
import { runMigrations } from '../../src/database/migrate';
import { ensureDatabase, withCredentials } from '../../src/database/roles';
import { TokenService } from '../../src/modules/auth/token.service';
import type { WebOptions } from '../../src/web/web-options';

export const TEST_JWT_SECRET = 'test-secret-for-kvalitetsloop-e2e';

export interface TestApp {
  app: INestApplication;
  http: TestAgent;
  clock: Clock;
  /** The spec file's own database, as the application role (what the app runs as). */
  databaseUrl: string;
  /** The same database as its owner, the migration role. */
  migrationUrl: string;
  /** The same database as a superuser. */
  superuserUrl: string;
  /** SQL as the owner of the schema (test fixtures; the trail's triggers still apply). */
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
  /** An HTTP agent that sends the given Authorization header with every request. */
  as(auth: string): TestAgent;
  /** A bearer token for the person (HS256, the app's secret). */
  tokenFor(personId: string): Promise<string>;
  /** Creates a person (admin unless said otherwise) and returns their id and an Authorization header value. */
  person(email: string, admin?: boolean): Promise<{ id: string; auth: string }>;
  close(): Promise<void>;
}

/**
 * One fresh database per spec file, with the real migrations, in the
 * PostgreSQL that global setup started (or DATABASE_URL named): owned by the
 * migration role, which runs the migrations and grants the application role
 * its privileges, as the service does at start. `url` is the application
 * role's (what the app runs as); `migrationUrl` the owner's.
 */
export async function createTestDatabase(): Promise<{ url: string; migrationUrl: string; superuserUrl: string; drop(): Promise<void> }> {
  const serverUrl = process.env.TEST_SUPERUSER_URL;
  const migratorUrl = process.env.TEST_MIGRATOR_URL;
  const appUrl = process.env.TEST_APP_URL;
  if (!serverUrl || !migratorUrl || !appUrl) throw new Error('TEST_SUPERUSER_URL mangler: kør testene med npm test');
  const name = `kl_test_${randomBytes(6).toString('hex')}`;
  const admin = new Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await ensureDatabase(admin, name, {
      migrator: { user: decodeURIComponent(new URL(migratorUrl).username), password: '' },
      app: { user: decodeURIComponent(new URL(appUrl).username), password: '' },
    });
  } finally {
    await admin.end();
  }
  const migrationUrl = withCredentials(migratorUrl, undefined, name);
  const url = withCredentials(appUrl, undefined, name);
  await runMigrations(migrationUrl, { applicationRole: decodeURIComponent(new URL(appUrl).username) });
  return {
    url,
    migrationUrl,
    superuserUrl: withCredentials(serverUrl, undefined, name),
    async drop() {
      const c = new Client({ connectionString: serverUrl });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

export async function createTestApp(options: { today?: string; scheduler?: boolean; web?: WebOptions; app?: Partial<AppOptions> } = {}): Promise<TestApp> {
  const database = await createTestDatabase();
  const clock = new Clock(options.today ?? '2026-11-22');
  const app = await createApp({ databaseUrl: database.url, clock, scheduler: options.scheduler ?? false, auth: { secret: TEST_JWT_SECRET }, web: options.web,
    jobs: { pollingIntervalSeconds: 0.5 }, ...options.app });
  const tokens = new TokenService({ secret: TEST_JWT_SECRET });
  await app.init();
  const pg = new Client({ connectionString: database.migrationUrl });
  await pg.connect();
  return {
    app,
    http: request(app.getHttpServer()),
    clock,
    databaseUrl: database.url,
    migrationUrl: database.migrationUrl,
    superuserUrl: database.superuserUrl,
    async query<T>(sql: string, params: unknown[] = []) {
      return (await pg.query(sql, params)).rows as T[];
    },
    tokenFor: (personId: string) => tokens.sign(personId),
    as: (auth: string) => request.agent(app.getHttpServer()).set('Authorization', auth),
    async person(email: string, admin = true) {
      const [{ id }] = (await pg.query(`INSERT INTO person (name, email, admin) VALUES ($1, $2, $3) RETURNING id`, [email.split('@')[0], email, admin])).rows;
      return { id, auth: `Bearer ${await tokens.sign(id)}` };
    },
    async close() {
      await pg.end();
      await app.close();
      await database.drop();
    },
  };
}
