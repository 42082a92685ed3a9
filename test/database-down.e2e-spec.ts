import { Writable } from 'node:stream';
import { Client } from 'pg';
import pino from 'pino';
import request from 'supertest';
import { createApp } from '../src/app.factory';
import { Clock } from '../src/common/clock';
import { TokenService } from '../src/modules/auth/token.service';
import { createTestDatabase, TEST_JWT_SECRET } from './support/test-app';

/** With the database gone every API call answers 503 with Retry-After and logs one line, not 500 and a stack. */
describe('the database goes away', () => {
  it('answers 503 with Retry-After and writes one log line per request, no stack trace', async () => {
    const database = await createTestDatabase();
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
        done();
      },
    });
    const logger = pino({ level: 'info' }, sink);
    // Requests only: the job queue's own polling would log its outage too (once a minute, see JobsService).
    const app = await createApp({ databaseUrl: database.url, clock: new Clock('2026-11-22'), scheduler: false, auth: { secret: TEST_JWT_SECRET }, logger, jobs: { worker: false } });
    await app.init();
    try {
      const pg = new Client({ connectionString: database.migrationUrl });
      await pg.connect();
      const [{ id }] = (await pg.query(`INSERT INTO person (name, email, admin) VALUES ('Admin', 'admin@aarhus.dk', true) RETURNING id`)).rows;
      await pg.end();
      const auth = `Bearer ${await new TokenService({ secret: TEST_JWT_SECRET }).sign(id)}`;
      await request(app.getHttpServer()).get('/api/v1/units').set('Authorization', auth).expect(200);

      const admin = new Client({ connectionString: process.env.TEST_SUPERUSER_URL });
      await admin.connect();
      await admin.query(`DROP DATABASE ${new URL(database.url).pathname.slice(1)} WITH (FORCE)`);
      await admin.end();
      lines.length = 0;

      for (const path of ['/api/v1/units', '/api/v1/me', '/api/v1/audit/trail']) {
        const res = await request(app.getHttpServer()).get(path).set('Authorization', auth);
        expect([path, res.status, res.headers['retry-after']]).toEqual([path, 503, '10']);
        expect(res.body.message).toMatch(/Databasen er midlertidigt utilgængelig/);
      }
      const post = await request(app.getHttpServer()).post('/api/v1/units').set('Authorization', auth).send({ code: 'SK-1', name: 'Skole', type: 'skole', validFrom: '2010-01-01' });
      expect(post.status).toBe(503);

      const errorLines = lines.filter((l) => /Databasen svarer ikke/.test(l));
      expect(errorLines).toHaveLength(4);
      expect(lines).toEqual(errorLines);
      expect(lines.some((l) => /"level":50/.test(l) || /\\n\s+at /.test(l))).toBe(false);
    } finally {
      await app.close().catch(() => undefined);
      await database.drop();
    }
  });
});
