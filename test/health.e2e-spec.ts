import { Client } from 'pg';
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
