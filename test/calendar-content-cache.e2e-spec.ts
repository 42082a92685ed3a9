import { request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';
import { CalendarService } from '../src/modules/calendar/calendar.service';
import { RenderedFeeds } from '../src/modules/calendar/rendered-feeds';
import { SchedulerService } from '../src/modules/scheduler/scheduler.service';
import { authOf, idOf, seedOrganisation, treatReport } from './support/fixtures';
import { createTestApp, type TestApp } from './support/test-app';

/** Content lines unfolded (RFC 5545 §3.1), so a name is found whole. */
const unfold = (ics: string) => ics.replace(/\r\n /g, '');

/** GET on the app's own socket without any client-side decoding: the bytes as sent. */
async function raw(t: TestApp, path: string, headers: Record<string, string>): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }> {
  const server = t.app.getHttpServer() as Server;
  if (!server.listening) await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, path, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

/**
 * Issue 14: the rendered calendar is kept by its content's fingerprint, not
 * by the database snapshot. Writes go through a second connection (t.query),
 * as another instance or a migration would.
 */
describe('calendar feeds cached by their content (issue 14)', () => {
  let t: TestApp;
  let admin: string;
  let chef: string;
  let renders: () => number;

  beforeAll(async () => {
    t = await createTestApp({ today: '2020-04-01' });
    admin = (await t.person('admin@test.local')).auth;
    await seedOrganisation(t, admin);
    await treatReport(t, admin, '6-18', 2020, '2020-03-25', ['Fravær', 'Læringsmiljø']);
    chef = await authOf(t, 'chef.vest@test.dk');
    const feeds = t.app.get(RenderedFeeds);
    renders = () => feeds.renders;
  }, 120_000);
  afterAll(() => t.close());

  const mine = async () => t.as(chef).get('/api/v1/me/calendar.ics').set('Accept-Encoding', 'identity').expect(200);

  /** A læringssamtale in the chef's feed with a leader, its unit and the leader's id. */
  async function shownSamtale(): Promise<{ id: string; unitId: string; leaderId: string }> {
    const text = (await mine()).text;
    const ids = [...text.matchAll(/UID:([0-9a-f-]{36})@kvalitetsloop/g)].map((m) => m[1]!);
    const [row] = await t.query<{ id: string; unit_id: string; leader_person_id: string }>(
      `SELECT id, unit_id, leader_person_id FROM obligation WHERE id = ANY($1::uuid[]) AND kind = 'laeringssamtale' AND leader_person_id IS NOT NULL ORDER BY due_on, id LIMIT 1`,
      [ids],
    );
    expect(row).toBeDefined();
    return { id: row!.id, unitId: row!.unit_id, leaderId: row!.leader_person_id };
  }

  it('a commit to an unrelated row leaves bytes and ETag identical without rendering again; a change to an obligation, its unit name or a person name shown changes the next feed at once', async () => {
    const shown = await shownSamtale();
    const first = await mine();
    const rendersBefore = renders();

    // Unrelated: another person's name (as bench:api's writer does), committed by another connection.
    const bystander = await idOf(t, 'person', 'admin@test.local');
    await t.query(`UPDATE person SET name = name WHERE id = $1`, [bystander]);
    const unrelated = await mine();
    expect(unrelated.text).toBe(first.text);
    expect(unrelated.headers.etag).toBe(first.headers.etag);
    expect(renders()).toBe(rendersBefore);

    // The obligation itself: a place written straight into the row.
    await t.query(`UPDATE obligation SET location = 'Lokale Ø7' WHERE id = $1`, [shown.id]);
    const placed = await mine();
    expect(placed.headers.etag).not.toBe(first.headers.etag);
    expect(unfold(placed.text)).toContain('LOCATION:Lokale Ø7');

    // Its unit's name (summary and description).
    await t.query(`UPDATE unit SET name = 'Skolen ved Åen (omdøbt)' WHERE id = $1`, [shown.unitId]);
    const renamedUnit = await mine();
    expect(renamedUnit.headers.etag).not.toBe(placed.headers.etag);
    expect(unfold(renamedUnit.text)).toContain('Skolen ved Åen (omdøbt)');

    // A person's name shown in the description ("Leder: …").
    await t.query(`UPDATE person SET name = 'Lærke Omdøbt' WHERE id = $1`, [shown.leaderId]);
    const renamedLeader = await mine();
    expect(renamedLeader.headers.etag).not.toBe(renamedUnit.headers.etag);
    expect(unfold(renamedLeader.text)).toContain('Leder: Lærke Omdøbt');

    // And the calendar as the uncached service renders it right now: the same bytes.
    const chefId = await idOf(t, 'person', 'chef.vest@test.dk');
    const fresh = await t.app.get(CalendarService).calendarFor(chefId, 'mine');
    expect(fresh.body).toBe(renamedLeader.text);
    expect(fresh.etag).toBe(renamedLeader.headers.etag);
  });

  it('304 with If-None-Match still works, also for the gzip representation', async () => {
    const plain = await mine();
    await t.as(chef).get('/api/v1/me/calendar.ics').set('Accept-Encoding', 'identity').set('If-None-Match', plain.headers.etag as string).expect(304);
    const zipped = await raw(t, '/api/v1/me/calendar.ics', { authorization: chef, 'accept-encoding': 'gzip' });
    expect(zipped.status).toBe(200);
    const gzipTag = zipped.headers.etag as string;
    expect(gzipTag).toMatch(/^"[A-Za-z0-9_-]+"$/);
    expect(gzipTag).not.toBe(plain.headers.etag);
    const notModified = await raw(t, '/api/v1/me/calendar.ics', { authorization: chef, 'accept-encoding': 'gzip', 'if-none-match': gzipTag });
    expect([notModified.status, notModified.body.length]).toEqual([304, 0]);
  });

  it('gzip answers decompress to exactly the plain body, for both feeds and the subscription link', async () => {
    const feed = (await t.as(chef).post('/api/v1/me/calendar-feed').expect(201)).body as { token: string };
    for (const path of ['/api/v1/me/calendar.ics', '/api/v1/me/calendar.ics?omfang=enheder', `/api/v1/calendar/${feed.token}.ics`, `/api/v1/calendar/${feed.token}.ics?omfang=enheder`]) {
      const headers = path.startsWith('/api/v1/me') ? { authorization: chef } : ({} as Record<string, string>);
      const plain = await raw(t, path, { ...headers, 'accept-encoding': 'identity' });
      const zipped = await raw(t, path, { ...headers, 'accept-encoding': 'gzip, deflate, br' });
      expect([path, plain.status, zipped.status]).toEqual([path, 200, 200]);
      expect([path, plain.headers['content-encoding'], zipped.headers['content-encoding']]).toEqual([path, undefined, 'gzip']);
      expect([path, plain.headers.vary, zipped.headers.vary]).toEqual([path, 'Accept-Encoding', 'Accept-Encoding']);
      expect(zipped.body.length).toBeLessThan(plain.body.length);
      expect(gunzipSync(zipped.body).equals(plain.body)).toBe(true);
      expect(Number(zipped.headers['content-length'])).toBe(zipped.body.length);
    }
  });

  it('R50: a follow-up titled with whom it is with renders anew when that person is renamed or handed over, in both feeds and both omfang', async () => {
    const feed = (await t.as(chef).post('/api/v1/me/calendar-feed').expect(201)).body as { token: string };
    const paths = ['/api/v1/me/calendar.ics', '/api/v1/me/calendar.ics?omfang=enheder', `/api/v1/calendar/${feed.token}.ics`, `/api/v1/calendar/${feed.token}.ics?omfang=enheder`];
    const read = async (path: string) => (await raw(t, path, path.startsWith('/api/v1/me') ? { authorization: chef, 'accept-encoding': 'identity' } : { 'accept-encoding': 'identity' })).body.toString('utf8');
    const summaryOf = (ics: string, id: string) => /\r\nSUMMARY:([^\r]*)/.exec(unfold(ics).split('BEGIN:VEVENT').find((e) => e.includes(`UID:${id}@`)) ?? '')?.[1];
    const ids = [...(await read(paths[0]!)).matchAll(/UID:([0-9a-f-]{36})@kvalitetsloop/g)].map((m) => m[1]!);
    const [fu] = await t.query<{ id: string; leader_person_id: string }>(
      `SELECT id, leader_person_id FROM obligation WHERE id = ANY($1::uuid[]) AND kind = 'ledelsesopfoelgning' AND subject_key = '' AND leader_person_id IS NOT NULL ORDER BY due_on, id LIMIT 1`,
      [ids],
    );
    expect(fu).toBeDefined();
    // Every feed is rendered and kept once before the changes below.
    for (const path of paths) expect(summaryOf(await read(path), fu!.id)).toMatch(/^1:1 ledelsesopfølgning \d+ med .+ – /);

    await t.query(`UPDATE person SET name = 'Leder Omdøbt Til Kalenderen' WHERE id = $1`, [fu!.leader_person_id]);
    for (const path of paths) expect([path, summaryOf(await read(path), fu!.id)]).toEqual([path, expect.stringMatching(/^1:1 ledelsesopfølgning \d+ med Leder Omdøbt Til Kalenderen – /)]);

    // A handover: the follow-up now names another leader (written straight into the row, as a change of responsibles does: responsibles.sql.ts).
    const successor = await idOf(t, 'person', 'leder.dt2@test.dk');
    const [{ name }] = (await t.query<{ name: string }>(`SELECT name FROM person WHERE id = $1`, [successor])) as [{ name: string }];
    await t.query(`UPDATE obligation SET leader_person_id = $2 WHERE id = $1`, [fu!.id, successor]);
    for (const path of paths) expect([path, summaryOf(await read(path), fu!.id)]).toEqual([path, expect.stringMatching(new RegExp(`^1:1 ledelsesopfølgning \\d+ med ${name} – `))]);
  });
});

type Role = 'leader' | 'subLeader' | 'board' | 'chef';
const ROLE_EMAILS: Record<Role, string> = {
  leader: 'leder.dt1@test.dk',
  subLeader: 'pl.dt1@test.dk',
  board: 'bestyrelse.dt1@test.dk',
  chef: 'chef.nord@test.dk',
};

describe('R91: the content-keyed calendar never shows an unannounced visit to the unit before it is held', () => {
  let t: TestApp;
  let admin: string;
  let inspector: { id: string; auth: string };
  const auth: Partial<Record<Role, string>> = {};
  const tokens: Partial<Record<Role, string>> = {};
  let unitId: string;
  let visitId: string;

  beforeAll(async () => {
    t = await createTestApp({ today: '2026-11-22' });
    admin = (await t.person('koordinator@test.dk')).auth;
    await seedOrganisation(t, admin);
    await treatReport(t, admin, '0-6', 2025, '2025-03-26', ['Sprog']);
    unitId = await idOf(t, 'unit', 'DT-1');
    const pl = (await t.as(admin).post('/api/v1/people').send({ name: 'Pia Lund', email: ROLE_EMAILS.subLeader }).expect(201)).body;
    await t.as(admin).post('/api/v1/assignments').send({ unitId, personId: pl.id, role: 'subLeader', validFrom: '2020-01-01' }).expect(201);
    const enhedId = (await t.as(admin).post(`/api/v1/units/${unitId}/enheder`).send({ code: 'DT-1-A', name: 'Solsikken', nextLayerLeaderPersonId: pl.id, validFrom: '2015-01-01' }).expect(201)).body.id;
    const person = (await t.as(admin).post('/api/v1/people').send({ name: 'Tove Tilsyn', email: 'tove@test.dk', tilsynsfoerende: true }).expect(201)).body;
    inspector = { id: person.id, auth: `Bearer ${await t.tokenFor(person.id)}` };
    await t.app.get(SchedulerService).runPass();
    for (const role of Object.keys(ROLE_EMAILS) as Role[]) {
      auth[role] = await authOf(t, ROLE_EMAILS[role]);
      tokens[role] = (await t.as(auth[role]!).post('/api/v1/me/calendar-feed').expect(201)).body.token;
    }
    const [visit] = await t.query<{ id: string }>(`SELECT obligation_id AS id FROM tilsyn_visit WHERE enhed_id = $1 AND announcement = 'uanmeldt'`, [enhedId]);
    visitId = visit!.id;
  }, 120_000);
  afterAll(() => t.close());

  /** Every feed of every unit person, both scopes, bearer and subscription link: bytes and ETag. */
  async function unitFeeds(): Promise<Map<string, string>> {
    const seen = new Map<string, string>();
    for (const role of Object.keys(ROLE_EMAILS) as Role[]) {
      for (const [name, req] of [
        ['mine', () => t.as(auth[role]!).get('/api/v1/me/calendar.ics')],
        ['enheder', () => t.as(auth[role]!).get('/api/v1/me/calendar.ics?omfang=enheder')],
        ['link', () => t.http.get(`/api/v1/calendar/${tokens[role]}.ics?omfang=enheder`)],
      ] as const) {
        const res = await req().set('Accept-Encoding', 'identity').expect(200);
        expect([role, name, res.text.includes(visitId)]).toEqual([role, name, false]);
        seen.set(`${role} ${name}`, `${res.headers.etag} ${res.text}`);
      }
    }
    return seen;
  }

  it('R92: the leader’s own calendar holds the announced visit of their unit (the visit includes the dialogue with the leader); R91: never the unannounced one before it is held', async () => {
    const [announced] = await t.query<{ id: string }>(
      `SELECT v.obligation_id AS id FROM tilsyn_visit v JOIN obligation o ON o.id = v.obligation_id WHERE o.unit_id = $1 AND v.announcement = 'anmeldt' ORDER BY o.due_on LIMIT 1`,
      [unitId],
    );
    expect(announced).toBeDefined();
    const leaderMine = (await t.as(auth.leader!).get('/api/v1/me/calendar.ics').set('Accept-Encoding', 'identity').expect(200)).text;
    expect(leaderMine).toContain(`UID:${announced!.id}@kvalitetsloop`);
    expect(leaderMine).not.toContain(visitId);
    // The chef does not take part in the visit (R92 names the leader and the staff): her own calendar stays without it.
    expect((await t.as(auth.chef!).get('/api/v1/me/calendar.ics').set('Accept-Encoding', 'identity').expect(200)).text).not.toContain(announced!.id);
  });

  it('R91: staffing and booking leave every unit person’s feed byte for byte unchanged; the inspector’s shows it; once held the leader’s does', async () => {
    const before = await unitFeeds();
    await t.as(admin).post(`/api/v1/tilsyn/visits/${visitId}/inspectors`).send({ personId: inspector.id }).expect(200);
    await t.as(admin).post(`/api/v1/tilsyn/visits/${visitId}/schedule`).send({ date: '2026-11-21' }).expect(200);
    expect((await t.as(inspector.auth).get('/api/v1/me/calendar.ics').expect(200)).text).toContain(visitId);
    const booked = await unitFeeds();
    expect([...booked.entries()].filter(([k, v]) => before.get(k) !== v).map(([k]) => k)).toEqual([]);

    await t.as(inspector.auth).post(`/api/v1/tilsyn/visits/${visitId}/complete`).send({
      heldOn: '2026-11-21',
      inspectorIds: [inspector.id],
      observations: ['Børnene var optaget af leg'],
      participants: [
        { role: 'paedagogisk_leder', name: 'Pia Lund' },
        { role: 'medarbejder', name: 'Ole' },
      ],
      dataUsed: ['Tidligere tilsynsdokumentation'],
      outcome: 'ingen_opfoelgning',
    }).expect(200);
    const held = (await t.as(auth.leader!).get('/api/v1/me/calendar.ics?omfang=enheder').set('Accept-Encoding', 'identity').expect(200)).text;
    expect(held).toContain(`${visitId}@kvalitetsloop`);
  });
});
