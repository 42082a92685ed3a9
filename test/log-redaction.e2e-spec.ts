import { Writable } from 'node:stream';
import { Client } from 'pg';
import { SignJWT } from 'jose';
import request from 'supertest';
import { createApp } from '../src/app.factory';
import { Clock } from '../src/common/clock';
import { createRootLogger } from '../src/common/logger';
import { MAX_TOKEN_LIFETIME_SECONDS, TokenService } from '../src/modules/auth/token.service';
import { createTestDatabase, TEST_JWT_SECRET } from './support/test-app';

/** Secrets in the log are redacted by what they are, not by how the URL is spelled; and tokens have a maximum lifetime. */
describe('secrets never reach the log', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let app: Awaited<ReturnType<typeof createApp>>;
  let lines: string[];
  let personId: string;
  let auth: string;

  beforeAll(async () => {
    database = await createTestDatabase();
    lines = [];
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
        done();
      },
    });
    const logger = createRootLogger('info', 'json', sink);
    app = await createApp({ databaseUrl: database.url, clock: new Clock('2026-11-22'), scheduler: false, auth: { secret: TEST_JWT_SECRET }, logger });
    await app.init();
    const pg = new Client({ connectionString: database.migrationUrl });
    await pg.connect();
    personId = (await pg.query(`INSERT INTO person (name, email, admin) VALUES ('Chef', 'chef@aarhus.dk', false) RETURNING id`)).rows[0].id;
    await pg.end();
    auth = await new TokenService({ secret: TEST_JWT_SECRET }).sign(personId);
  });
  afterAll(async () => {
    await app.close();
    await database.drop();
  });

  it('feed tokens (any spelling of the route), bearer tokens, cookies and passwords in URLs are redacted', async () => {
    const feed = await request(app.getHttpServer()).post('/api/v1/me/calendar-feed').set('Authorization', `Bearer ${auth}`).expect(201);
    const token = /\/calendar\/([^/.]+)\.ics/.exec(JSON.stringify(feed.body))![1]!;
    for (const path of [`/api/v1/calendar/${token}.ics`, `/api/v1/calendar/${token}.ICS`, `/API/V1/CALENDAR/${token}.Ics`, `/api/v1/calendar/${token}%2Eics`, `/api/v1/calendar/${token}.ics?x=1`]) {
      await request(app.getHttpServer()).get(path);
    }
    await request(app.getHttpServer()).get(`/api/v1/me?access_token=${auth}&session=hemmelig-session`).set('Authorization', `bearer ${auth}`).set('Cookie', 'session=hemmelig-cookie').expect(200);
    const logger = createRootLogger('info', 'json', { write: (s: string) => lines.push(s.trim()) } as never);
    logger.error({ err: new Error('connect failed for postgres://kvalitetsloop_app:db-kodeord@db:5432/kvalitetsloop') }, 'SMTP_URL smtp://mailer:smtp-kodeord@smtp.example.dk:587 afviste');

    const log = lines.join('\n');
    expect(lines.length).toBeGreaterThan(6);
    for (const secret of [token, auth, 'hemmelig-session', 'hemmelig-cookie', 'db-kodeord', 'smtp-kodeord']) {
      expect([secret.slice(0, 12), log.includes(secret)]).toEqual([secret.slice(0, 12), false]);
    }
    expect(log).toMatch(/\/calendar\/\*\*\*/);
    expect(log).toMatch(/postgres:\/\/kvalitetsloop_app:\*\*\*@db/);
  });

  it('the bearer scheme is case-insensitive (RFC 7235)', async () => {
    for (const scheme of ['Bearer', 'bearer', 'BEARER', 'BeArEr']) {
      await request(app.getHttpServer()).get('/api/v1/me').set('Authorization', `${scheme} ${auth}`).expect(200);
    }
  });

  it('a token whose lifetime (exp − iat) exceeds the maximum is refused, and none is signed', async () => {
    const key = new TextEncoder().encode(TEST_JWT_SECRET);
    const now = Math.floor(Date.now() / 1000);
    const long = await new SignJWT({}).setProtectedHeader({ alg: 'HS256' }).setSubject(personId).setIssuedAt(now).setExpirationTime(now + MAX_TOKEN_LIFETIME_SECONDS + 60).sign(key);
    await request(app.getHttpServer()).get('/api/v1/me').set('Authorization', `Bearer ${long}`).expect(401);
    const noIat = await new SignJWT({}).setProtectedHeader({ alg: 'HS256' }).setSubject(personId).setExpirationTime('1h').sign(key);
    await request(app.getHttpServer()).get('/api/v1/me').set('Authorization', `Bearer ${noIat}`).expect(401);
    const ok = await new SignJWT({}).setProtectedHeader({ alg: 'HS256' }).setSubject(personId).setIssuedAt(now).setExpirationTime(now + MAX_TOKEN_LIFETIME_SECONDS).sign(key);
    await request(app.getHttpServer()).get('/api/v1/me').set('Authorization', `Bearer ${ok}`).expect(200);
    await expect(new TokenService({ secret: TEST_JWT_SECRET }).sign(personId, MAX_TOKEN_LIFETIME_SECONDS + 1)).rejects.toThrow(/højst gælde 12 timer/);
  });
});
