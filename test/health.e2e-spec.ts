import { Client } from 'pg';
import { DataSource } from 'typeorm';
import request from 'supertest';
import { createApp } from '../src/app.factory';
import { Clock } from '../src/common/clock';
import { createTestDatabase, TEST_JWT_SECRET } from './support/test-app';

describe('GET /health', () => {
  it('answers 200 while the database answers and 503 when it does not', async () => {
    const database = await createTestDatabase();
    const app = await createApp({ databaseUrl: database.url, clock: new Clock('2026-11-22'), scheduler: false, auth: { secret: TEST_JWT_SECRET } });
    await app.init();
    try {
      await request(app.getHttpServer()).get('/health').expect(200);
      // Take the database away under the running service.
      const admin = new Client({ connectionString: process.env.DATABASE_URL });
      await admin.connect();
      await admin.query(`DROP DATABASE ${new URL(database.url).pathname.slice(1)} WITH (FORCE)`);
      await admin.end();
      const res = await request(app.getHttpServer()).get('/health');
      expect(res.status).toBe(503);
      expect(res.body.status).toBe('error');
    } finally {
      await app.close().catch(() => undefined);
      await database.drop();
    }
  });
});

describe('GET /health/live and /health/ready', () => {
  it('readiness asks the database on a connection of its own: 200 while every pooled connection is busy; liveness never asks', async () => {
    const database = await createTestDatabase();
    const app = await createApp({ databaseUrl: database.url, databasePoolSize: 2, clock: new Clock('2026-11-22'), scheduler: false, auth: { secret: TEST_JWT_SECRET } });
    await app.init();
    const dataSource = app.get(DataSource);
    try {
      await request(app.getHttpServer()).get('/health/live').expect(200, { status: 'ok', info: { process: { status: 'up' } }, error: {}, details: { process: { status: 'up' } } });
      await request(app.getHttpServer()).get('/health/ready').expect(200);
      // Both pooled connections sleep for 4 s; a third pooled query would wait for them.
      const sleepers = [dataSource.query('SELECT pg_sleep(4)'), dataSource.query('SELECT pg_sleep(4)')];
      await new Promise((r) => setTimeout(r, 300));
      const started = Date.now();
      const during = await request(app.getHttpServer()).get('/health/ready');
      expect(during.status).toBe(200);
      expect(Date.now() - started).toBeLessThan(1500);
      await request(app.getHttpServer()).get('/health').expect(200);
      await Promise.all(sleepers);

      const admin = new Client({ connectionString: process.env.DATABASE_URL });
      await admin.connect();
      await admin.query(`DROP DATABASE ${new URL(database.url).pathname.slice(1)} WITH (FORCE)`);
      await admin.end();
      const down = await request(app.getHttpServer()).get('/health/ready');
      expect(down.status).toBe(503);
      expect(down.body).toMatchObject({ status: 'error', details: { database: { status: 'down' } } });
      await request(app.getHttpServer()).get('/health/live').expect(200);
    } finally {
      await app.close().catch(() => undefined);
      await database.drop();
    }
  });
});
