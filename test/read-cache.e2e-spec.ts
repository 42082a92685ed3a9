import type { INestApplication } from '@nestjs/common';
import { SignJWT } from 'jose';
import request from 'supertest';
import { createApp } from '../src/app.factory';
import { ReadCache } from '../src/database/read-cache';
import { AuthGuard } from '../src/modules/auth/auth.guard';
import { TokenService } from '../src/modules/auth';
import { authOf, idOf, seedOrganisation, treatReport } from './support/fixtures';
import { createTestApp, TEST_JWT_SECRET, TestApp } from './support/test-app';

/**
 * The snapshot-keyed read cache (issue 14, src/database/read-cache.ts). The
 * oracle is a second instance of the service on the same database with the
 * cache switched off (READ_CACHE_MB=0): every cached answer must equal its
 * answer, byte for byte, status included.
 */
describe('read cache: exact answers keyed by the database snapshot', () => {
  let t: TestApp;
  let plain: INestApplication;
  let unit: string;
  let samtale: string;
  const auth = {} as Record<'admin' | 'chef' | 'otherChef' | 'leader' | 'otherLeader' | 'board' | 'subLeader', string>;

  const cached = () => t.app.get(ReadCache);
  const get = (app: INestApplication, who: string, path: string) => request(app.getHttpServer()).get(path).set('Authorization', who);
  /** The cached service's answer, asserted equal to the uncached one's. */
  async function same(who: string, path: string) {
    const [a, b] = [await get(t.app, who, path), await get(plain, who, path)];
    expect({ path, status: a.status, body: a.text }).toEqual({ path, status: b.status, body: b.text });
    return a;
  }

  beforeAll(async () => {
    t = await createTestApp({ today: '2020-03-01' });
    auth.admin = (await t.person('admin@test.local')).auth;
    await seedOrganisation(t, auth.admin);
    await treatReport(t, auth.admin, '6-18', 2020, '2020-03-25', ['Fravær']);
    t.clock.setToday('2020-05-10');
    unit = await idOf(t, 'unit', 'SK-1');
    [{ id: samtale }] = await t.query<{ id: string }>(`SELECT id FROM obligation WHERE unit_id = $1 AND kind = 'laeringssamtale' AND sequence = 1`, [unit]);
    Object.assign(auth, {
      chef: await authOf(t, 'chef.vest@test.dk'),
      otherChef: await authOf(t, 'chef.nord@test.dk'),
      leader: await authOf(t, 'leder.sk1@test.dk'),
      otherLeader: await authOf(t, 'leder.dt1@test.dk'),
      board: await authOf(t, 'bestyrelse.sk1@test.dk'),
      subLeader: await authOf(t, 'pl.sk1@test.dk'),
    });
    plain = await createApp({ databaseUrl: t.databaseUrl, clock: t.clock, scheduler: false, auth: { secret: TEST_JWT_SECRET }, readCacheMb: 0, jobs: { worker: false } });
    await plain.init();
    expect(cached().enabled).toBe(true);
  });
  afterAll(async () => {
    await plain?.close();
    await t?.close();
  });

  it('R3, R6: every person gets their own answer, never an entry cached for another (twice each: the second from the cache)', async () => {
    const paths = [
      '/api/v1/me/upcoming?days=120',
      `/api/v1/units/${unit}/obligations?limit=500`,
      `/api/v1/audit/trail?unitId=${unit}`,
      '/api/v1/audit/trail?limit=20',
      '/api/v1/focus-areas?ageArea=6-18',
      '/api/v1/me/calendar.ics',
      '/api/v1/me/calendar.ics?omfang=enheder',
    ];
    const hitsBefore = cached().stats().hits;
    const seen = new Map<string, string>();
    for (const path of paths) {
      for (const [who, header] of Object.entries(auth)) {
        const first = await same(header, path);
        const second = await same(header, path);
        expect(second.text).toBe(first.text);
        seen.set(`${path} ${who}`, `${first.status} ${first.text}`);
      }
    }
    // The unit's list differs by person (R3: the sub-leader sees only their follow-ups, R6: another leader gets a 404)…
    expect(seen.get(`/api/v1/units/${unit}/obligations?limit=500 chef`)).not.toBe(seen.get(`/api/v1/units/${unit}/obligations?limit=500 subLeader`));
    expect(seen.get(`/api/v1/units/${unit}/obligations?limit=500 otherLeader`)).toMatch(/^404 /);
    // …and the cache was used, not bypassed.
    expect(cached().stats().hits).toBeGreaterThan(hitsBefore);
  });

  it('a write by another connection between two reads is seen by the second read (the snapshot moved)', async () => {
    const before = await same(auth.chef, '/api/v1/me/upcoming?days=120');
    expect(before.text).not.toContain('Omdøbt Skole');
    await t.query(`UPDATE unit SET name = 'Omdøbt Skole' WHERE id = $1`, [unit]);
    const after = await same(auth.chef, '/api/v1/me/upcoming?days=120');
    expect(after.text).toContain('Omdøbt Skole');
  });

  it('R3: an administrator flag set by another connection takes effect on the next request (the person row is cached by snapshot too)', async () => {
    const otherLeader = await idOf(t, 'person', 'leder.dt1@test.dk');
    await get(t.app, auth.otherLeader, '/api/v1/units').expect(403);
    await t.query(`UPDATE person SET admin = true WHERE id = $1`, [otherLeader]);
    try {
      await get(t.app, auth.otherLeader, '/api/v1/units').expect(200);
      await same(auth.otherLeader, `/api/v1/units/${unit}/obligations?limit=500`);
    } finally {
      await t.query(`UPDATE person SET admin = false WHERE id = $1`, [otherLeader]);
    }
    await get(t.app, auth.otherLeader, `/api/v1/units/${unit}/obligations`).expect(404);
  });

  it('read-your-writes through the API: a booking is in the very next GET of the list and the calendar', async () => {
    const list = `/api/v1/units/${unit}/obligations?limit=500`;
    const bookedOn = (body: { items: { id: string; scheduledOn: string | null }[] }) => body.items.find((o) => o.id === samtale)?.scheduledOn;
    expect(bookedOn((await same(auth.chef, list)).body)).not.toBe('2020-06-16');
    const calendar = await get(t.app, auth.chef, '/api/v1/me/calendar.ics').expect(200);
    await request(t.app.getHttpServer()).post(`/api/v1/obligations/${samtale}/schedule`).set('Authorization', auth.chef).send({ date: '2020-06-16' }).expect(200);
    expect(bookedOn((await same(auth.chef, list)).body)).toBe('2020-06-16');
    const after = await same(auth.chef, '/api/v1/me/calendar.ics');
    expect(after.headers.etag).not.toBe(calendar.headers.etag);
    expect(after.text).toContain('20200616');
    // An unchanged calendar still answers 304 to its ETag, from the cache.
    await get(t.app, auth.chef, '/api/v1/me/calendar.ics').set('If-None-Match', after.headers.etag as string).expect(304);
  });

  it('today is part of the key: moving the Clock changes the answer at once', async () => {
    const path = '/api/v1/me/upcoming?days=30';
    const may = await same(auth.chef, path);
    t.clock.setToday('2020-09-01');
    try {
      const september = await same(auth.chef, path);
      expect(september.text).not.toBe(may.text);
    } finally {
      t.clock.setToday('2020-05-10');
    }
    expect((await same(auth.chef, path)).text).toBe(may.text);
  });

  it('the query is part of the key: another window or page is its own answer; a bad one is a 400, not a cached answer', async () => {
    const near = await same(auth.chef, '/api/v1/me/upcoming?days=10');
    const far = await same(auth.chef, '/api/v1/me/upcoming?days=120');
    expect(near.body.total).toBeLessThan(far.body.total);
    expect((await same(auth.chef, '/api/v1/me/upcoming?days=120&limit=1')).body.items).toHaveLength(1);
    await get(t.app, auth.chef, '/api/v1/me/upcoming?days=0').expect(400);
    await same(auth.chef, '/api/v1/me/upcoming?days=0');
  });

  it('concurrent identical requests all get the same, exact answer', async () => {
    const path = `/api/v1/units/${unit}/obligations?limit=500`;
    const answers = await Promise.all(Array.from({ length: 12 }, () => get(t.app, auth.leader, path)));
    const reference = await get(plain, auth.leader, path);
    for (const a of answers) expect(a.text).toBe(reference.text);
  });

  it('a hit is written as prepared bytes with the same headers as an uncached answer (type, length, ETag), and its ETag answers 304', async () => {
    const path = `/api/v1/units/${unit}/obligations?limit=500`;
    const pick = (r: request.Response) => ({ type: r.headers['content-type'], length: r.headers['content-length'], etag: r.headers.etag, body: r.text });
    await get(t.app, auth.chef, path).expect(200);
    const hit = await get(t.app, auth.chef, path).expect(200);
    const uncached = await get(plain, auth.chef, path).expect(200);
    expect(pick(hit)).toEqual(pick(uncached));
    expect(hit.headers.etag).toMatch(/^W\/"/);
    await get(t.app, auth.chef, path).set('If-None-Match', hit.headers.etag as string).expect(304);
    // HEAD: the headers without the body.
    const head = await request(t.app.getHttpServer()).head(path).set('Authorization', auth.chef).expect(200);
    expect(head.headers['content-length']).toBe(hit.headers['content-length']);
  });

  describe('hits answered before the pipeline (cached-answers.ts)', () => {
    const path = () => `/api/v1/units/${unit}/obligations?limit=500`;
    /** Calls of the pipeline's guard made while `run` ran: zero means the answer came before the pipeline. */
    async function guardCalls(run: () => Promise<unknown>): Promise<number> {
      const spy = jest.spyOn(AuthGuard.prototype, 'canActivate');
      try {
        await run();
        return spy.mock.calls.length;
      } finally {
        spy.mockRestore();
      }
    }

    it('a hit skips the guard and the handler, and every header but Date is the pipeline’s own', async () => {
      const headers = (r: request.Response) => ({ ...r.headers, date: undefined });
      let first!: request.Response;
      let hit!: request.Response;
      // A commit by another connection first, so the first read is a miss whatever the tests before left cached.
      await t.query(`UPDATE person SET name = name WHERE lower(email) = 'chef.vest@test.dk'`);
      expect(await guardCalls(async () => (first = await get(t.app, auth.chef, path()).expect(200)))).toBe(1);
      expect(await guardCalls(async () => (hit = await get(t.app, auth.chef, path()).expect(200)))).toBe(0);
      expect(hit.text).toBe(first.text);
      expect(headers(hit)).toEqual(headers(first));
      // Neither names the framework, nor does a refusal or a probe.
      const refusal = await get(t.app, auth.otherChef, path()).expect(404);
      const probe = await request(t.app.getHttpServer()).get('/health');
      for (const answer of [first, hit, refusal, probe]) expect(answer.headers['x-powered-by']).toBeUndefined();
    });

    it('R3: a cached answer is never served to a token that does not verify (another key, expired) or names someone else', async () => {
      const chefId = await idOf(t, 'person', 'chef.vest@test.dk');
      const forged = `Bearer ${await new TokenService({ secret: 'a-different-secret-of-enough-length-for-hs256' }).sign(chefId)}`;
      const now = Math.floor(Date.now() / 1000);
      const expired = `Bearer ${await new SignJWT({}).setProtectedHeader({ alg: 'HS256' }).setSubject(chefId).setIssuedAt(now - 120).setExpirationTime(now - 60).sign(new TextEncoder().encode(TEST_JWT_SECRET))}`;
      // The refusals prove something only while the chef's answer is stored under the same snapshot: a round counts
      // when the chef's own request right after them is still answered before the pipeline (no commit in between).
      let rounds = 0;
      for (let round = 0; round < 5 && rounds === 0; round++) {
        await get(t.app, auth.chef, path()).expect(200);
        for (const token of [forged, expired]) {
          const refused = await get(t.app, token, path());
          expect({ status: refused.status, message: refused.body.message }).toEqual({ status: 401, message: 'Ugyldigt eller udløbet token' });
        }
        if ((await guardCalls(() => get(t.app, auth.chef, path()).expect(200))) === 0) rounds++;
      }
      expect(rounds).toBe(1);
      // The other chef asks the same URL right after the chef's hit: the pipeline answers, with the other chef's own 404.
      expect(await guardCalls(() => get(t.app, auth.otherChef, path()).expect(404))).toBe(1);
    });

    it('only a GET with a bearer token: HEAD and a request without a token go through the pipeline', async () => {
      await get(t.app, auth.chef, path()).expect(200);
      expect(await guardCalls(() => request(t.app.getHttpServer()).head(path()).set('Authorization', auth.chef).expect(200))).toBe(1);
      expect(await guardCalls(() => request(t.app.getHttpServer()).get(path()).expect(401))).toBe(1);
    });
  });

  it('shared snapshot statements (issue 14): under concurrent reads a write by another connection is in every read that starts after it commits, and requests share statements', async () => {
    const path = '/api/v1/me/upcoming?days=120';
    const statementsBefore = cached().stats().snapshotStatements;
    let requests = 0;
    let stop = false;
    // Background readers keep a snapshot statement in flight almost all the time.
    const background = Array.from({ length: 8 }, async () => {
      while (!stop) {
        requests++;
        await get(t.app, auth.chef, path).expect(200);
      }
    });
    try {
      for (let i = 1; i <= 5; i++) {
        const name = `Skole under last ${i}`;
        await new Promise((r) => setTimeout(r, 20));
        await t.query(`UPDATE unit SET name = $2 WHERE id = $1`, [unit, name]);
        // Arrives after the commit, probably while another request's snapshot statement runs: it must not share that one.
        requests += 3;
        const answers = await Promise.all([get(t.app, auth.chef, path), get(t.app, auth.leader, path), get(t.app, auth.chef, path)]);
        for (const answer of answers) expect(answer.text).toContain(name);
      }
    } finally {
      stop = true;
      await Promise.all(background);
      await t.query(`UPDATE unit SET name = 'Omdøbt Skole' WHERE id = $1`, [unit]);
    }
    // Each request needs one snapshot; fewer statements than requests means they were shared.
    const statements = cached().stats().snapshotStatements - statementsBefore;
    expect(statements).toBeGreaterThan(0);
    expect(statements).toBeLessThan(requests);
    await same(auth.chef, path);
  });

  it('the counts are for administrators: GET /api/v1/admin/read-cache', async () => {
    const stats = (await get(t.app, auth.admin, '/api/v1/admin/read-cache').expect(200)).body;
    expect(stats).toMatchObject({ enabled: true, hits: expect.any(Number), misses: expect.any(Number), bytes: expect.any(Number) });
    expect(stats.hits).toBeGreaterThan(0);
    await get(t.app, auth.chef, '/api/v1/admin/read-cache').expect(403);
  });

  it('READ_CACHE_MB=0 switches it off: nothing is kept', async () => {
    const off = plain.get(ReadCache);
    expect(off.enabled).toBe(false);
    expect(off.stats()).toMatchObject({ hits: 0, misses: 0, entries: 0, bytes: 0 });
  });
});
