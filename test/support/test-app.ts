import type { INestApplication } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import request from 'supertest';
import type TestAgent from 'supertest/lib/agent';
import { createApp } from '../../src/app.factory';
import { Clock } from '../../src/common/clock';
import { runMigrations } from '../../src/database/migrate';

export interface TestApp {
  app: INestApplication;
  http: TestAgent;
  clock: Clock;
  /** The spec file's own database. */
  databaseUrl: string;
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
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

export async function createTestApp(options: { today?: string; scheduler?: boolean } = {}): Promise<TestApp> {
  const database = await createTestDatabase();
  const clock = new Clock(options.today ?? '2026-11-22');
  const app = await createApp({ databaseUrl: database.url, clock, scheduler: options.scheduler ?? false });
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
    async close() {
      await pg.end();
      await app.close();
      await database.drop();
    },
  };
}
