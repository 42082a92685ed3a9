import type { INestApplication } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import request from 'supertest';
import type TestAgent from 'supertest/lib/agent';
import { createApp } from '../../src/app.factory';
import { Clock } from '../../src/common/clock';
import { runMigrations } from '../../src/database/migrate';
import { TokenService } from '../../src/modules/auth/token.service';
import type { WebOptions } from '../../src/web/web-options';

export const TEST_JWT_SECRET = 'test-secret-for-kvalitetsloop-e2e';

export interface TestApp {
  app: INestApplication;
  http: TestAgent;
  clock: Clock;
  /** The spec file's own database. */
  databaseUrl: string;
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
 * PostgreSQL that global setup started (or DATABASE_URL named).
 */
export async function createTestDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) throw new Error('DATABASE_URL mangler: kør testene med npm test');
  const name = `kl_test_${randomBytes(6).toString('hex')}`;
  const admin = new Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  await runMigrations(url.toString());
  return {
    url: url.toString(),
    async drop() {
      const c = new Client({ connectionString: serverUrl });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

export async function createTestApp(options: { today?: string; scheduler?: boolean; web?: WebOptions } = {}): Promise<TestApp> {
  const database = await createTestDatabase();
  const clock = new Clock(options.today ?? '2026-11-22');
  const app = await createApp({ databaseUrl: database.url, clock, scheduler: options.scheduler ?? false, auth: { secret: TEST_JWT_SECRET }, web: options.web });
  const tokens = new TokenService({ secret: TEST_JWT_SECRET });
  await app.init();
  const pg = new Client({ connectionString: database.url });
  await pg.connect();
  return {
    app,
    http: request(app.getHttpServer()),
    clock,
    databaseUrl: database.url,
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
