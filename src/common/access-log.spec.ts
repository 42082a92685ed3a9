import express from 'express';
import { Writable } from 'node:stream';
import request from 'supertest';
import { accessLog, AccessLogLevel } from './access-log';
import { createRootLogger } from './logger';

/** An Express app with the access log in front, logging JSON into `lines`. */
function appWith(logLevel: string, accessLevel?: AccessLogLevel) {
  const lines: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString('utf8').split('\n').filter(Boolean)) lines.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  const app = express();
  app.use(accessLog(createRootLogger(logLevel, 'json', sink), accessLevel));
  app.get('/api/v1/units', (_req, res) => void res.json({ items: [] }));
  app.get('/api/v1/fejl', (_req, res) => void res.status(500).json({ message: 'Intern fejl' }));
  app.get('/api/v1/nede', (_req, res) => void res.status(503).set('Retry-After', '10').json({ message: 'Databasen er midlertidigt utilgængelig' }));
  app.get('/health', (_req, res) => void res.json({ ok: true }));
  return { app, lines };
}

const settle = () => new Promise((r) => setImmediate(r));

describe('access log (ACCESS_LOG)', () => {
  it('every request leaves one line with method, URL, status and time; no header reaches it (tokens, cookies)', async () => {
    const { app, lines } = appWith('info');
    const token = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.hemmelig-signatur';
    await request(app).get('/api/v1/units?limit=5&access_token=hemmelig').set('Authorization', `Bearer ${token}`).set('Cookie', 'kl.sid=hemmelig-cookie').expect(200);
    await settle();
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      level: 30,
      msg: expect.stringMatching(/^GET \/api\/v1\/units\?limit=5&access_token=\*\*\* 200 \(\d+ ms\)$/),
      req: { id: 1, method: 'GET', url: '/api/v1/units?limit=5&access_token=***' },
      res: { statusCode: 200 },
      responseTime: expect.any(Number),
    });
    const text = JSON.stringify(lines);
    for (const secret of ['hemmelig-signatur', 'hemmelig-cookie', 'access_token=hemmelig', 'Bearer']) expect(text).not.toContain(secret);
  });

  it('health probes are not logged; a 503 for a database that is away is left to the error filter', async () => {
    const { app, lines } = appWith('info');
    await request(app).get('/health').expect(200);
    await request(app).get('/api/v1/nede').expect(503);
    await settle();
    expect(lines).toEqual([]);
  });

  it('ACCESS_LOG=debug keeps the lines out of an info log, but an answer of 500 or more still leaves its line, at error', async () => {
    const { app, lines } = appWith('info', 'debug');
    await request(app).get('/api/v1/units').expect(200);
    await request(app).get('/api/v1/fejl').expect(500);
    await settle();
    expect(lines).toEqual([expect.objectContaining({ level: 50, msg: 'GET /api/v1/fejl 500', responseTime: expect.any(Number) })]);
  });

  it('ACCESS_LOG=debug with LOG_LEVEL=debug writes them at debug; silent writes none but the errors', async () => {
    const debug = appWith('debug', 'debug');
    await request(debug.app).get('/api/v1/units').expect(200);
    const silent = appWith('info', 'silent');
    await request(silent.app).get('/api/v1/units').expect(200);
    await request(silent.app).get('/api/v1/fejl').expect(500);
    await settle();
    expect(debug.lines).toEqual([expect.objectContaining({ level: 20, msg: expect.stringMatching(/^GET \/api\/v1\/units 200/) })]);
    expect(silent.lines.map((l) => l.level)).toEqual([50]);
  });
});
