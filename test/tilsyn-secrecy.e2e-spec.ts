import { SchedulerService } from '../src/modules/scheduler/scheduler.service';
import { authOf, idOf, seedOrganisation, treatReport } from './support/fixtures';
import { createTestApp, type TestApp } from './support/test-app';

type Role = 'leader' | 'subLeader' | 'board' | 'chef';
const ROLE_EMAILS: Record<Role, string> = {
  leader: 'leder.dt1@test.dk',
  subLeader: 'pl.dt1@test.dk',
  board: 'bestyrelse.dt1@test.dk',
  chef: 'chef.nord@test.dk',
};

interface Operation {
  path: string;
  parameters?: { name: string; in: string; required?: boolean }[];
}

/**
 * R91: an unannounced visit is absent — not forbidden — for the unit's leader,
 * next-layer leader, board contact and chef until it is held. Every GET route
 * of the OpenAPI document (so a route added later is covered without touching
 * this test) and the exports (CSV, calendar feeds) are read as each role in
 * two worlds: before and after the coordinator plans, staffs and books a
 * secret visit. Status, ETag and body must be identical, and no secret id may
 * appear anywhere. Once the visit is held it appears.
 */
describe('R91: an unannounced visit leaves no trace for the unit until held', () => {
  let t: TestApp;
  let admin: string;
  let inspector: { id: string; auth: string };
  const auth: Partial<Record<Role, string>> = {};
  const feeds: Partial<Record<Role, string>> = {};
  const ids: Record<string, string> = {};
  let operations: Operation[];

  beforeAll(async () => {
    t = await createTestApp({ today: '2026-11-22' });
    admin = (await t.person('koordinator@test.dk')).auth;
    await seedOrganisation(t, admin);
    await treatReport(t, admin, '0-6', 2025, '2025-03-26', ['Sprog']);
    ids.unit = await idOf(t, 'unit', 'DT-1');
    const pl = (await t.as(admin).post('/api/v1/people').send({ name: 'Pia Lund', email: ROLE_EMAILS.subLeader }).expect(201)).body;
    await t.as(admin).post('/api/v1/assignments').send({ unitId: ids.unit, personId: pl.id, role: 'subLeader', validFrom: '2020-01-01' }).expect(201);
    ids.enhed = (await t.as(admin).post(`/api/v1/units/${ids.unit}/enheder`).send({ code: 'DT-1-A', name: 'Solsikken', nextLayerLeaderPersonId: pl.id, validFrom: '2015-01-01' }).expect(201)).body.id;
    const person = (await t.as(admin).post('/api/v1/people').send({ name: 'Tove Tilsyn', email: 'tove@test.dk', tilsynsfoerende: true }).expect(201)).body;
    inspector = { id: person.id, auth: `Bearer ${await t.tokenFor(person.id)}` };
    await t.app.get(SchedulerService).runPass();
    for (const role of Object.keys(ROLE_EMAILS) as Role[]) {
      auth[role] = await authOf(t, ROLE_EMAILS[role]);
      const feed = (await t.as(auth[role]!).post('/api/v1/me/calendar-feed').expect(201)).body;
      feeds[role] = `${feed.token}.ics`;
      ids[`person:${role}`] = await idOf(t, 'person', ROLE_EMAILS[role]);
    }
    const [ordinary] = await t.query<{ id: string }>(`SELECT obligation_id AS id FROM tilsyn_visit WHERE enhed_id = $1 AND announcement = 'uanmeldt'`, [ids.enhed]);
    ids.ordinary = ordinary!.id;
    // A visible obligation of the unit, so per-obligation routes have something to answer.
    const [visible] = await t.query<{ id: string }>(`SELECT id FROM obligation WHERE unit_id = $1 AND kind = 'laeringssamtale' ORDER BY due_on LIMIT 1`, [ids.unit]);
    ids.samtale = visible!.id;
    const doc = (await t.http.get('/api/docs-json').expect(200)).body as { paths: Record<string, Record<string, Operation>> };
    operations = Object.entries(doc.paths).flatMap(([path, ops]) => (ops.get ? [{ path, parameters: ops.get.parameters }] : []));
  }, 120_000);
  afterAll(() => t.close());

  /** Values for path parameters; a new one fails the test until it is named here. */
  const pathValues = (role: Role, name: string, secretIds: string[]): string[] => {
    switch (name) {
      case 'id':
        return [ids.unit!, ids.enhed!, ids.samtale!, ids[`person:${role}`]!, ...secretIds];
      case 'file':
        return [feeds[role]!];
      default:
        throw new Error(`R91-testen kender ikke stiparameteren {${name}}: tilføj den, så ruten prøves`);
    }
  };
  /** Query parameters tried one at a time (besides the required ones); unknown optional ones are left out. */
  const queryValues = (secretIds: string[]): Record<string, string[]> => ({
    from: ['2025-01-01'],
    to: ['2028-12-31'],
    unitId: [ids.unit!],
    enhedId: [ids.enhed!, ids.unit!],
    obligationId: secretIds,
    announcement: ['uanmeldt'],
    kind: ['tilsynsbesoeg'],
    state: ['planned', 'scheduled'],
    format: ['csv'],
    omfang: ['enheder'],
    limit: ['500'],
  });

  function urlsFor(role: Role, op: Operation, secretIds: string[]): string[] {
    const params = op.parameters ?? [];
    let paths = [op.path];
    for (const p of params.filter((x) => x.in === 'path')) {
      paths = paths.flatMap((path) => pathValues(role, p.name, secretIds).map((v) => path.replace(`{${p.name}}`, v)));
    }
    const values = queryValues(secretIds);
    const required = params.filter((p) => p.in === 'query' && p.required).map((p) => `${p.name}=${encodeURIComponent(values[p.name]?.[0] ?? 'x')}`);
    const variants = [required, ...params.filter((p) => p.in === 'query' && !p.required && values[p.name]).flatMap((p) => values[p.name]!.map((v) => [...required, `${p.name}=${encodeURIComponent(v)}`]))];
    return paths.flatMap((path) => variants.map((q) => (q.length ? `${path}?${q.join('&')}` : path)));
  }

  const normalise = (text: string) =>
    text
      .replace(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:?\d{2})?/g, '<tid>')
      .replace(/DTSTAMP:\d{8}T\d{6}Z/g, 'DTSTAMP:<tid>')
      // Chromium stamps each rendered PDF (the tilsynsrapport) with the moment it was made.
      .replace(/\/(CreationDate|ModDate) \(D:\d{14}[^)]*\)/g, '/$1 (<tid>)')
      .replace(/"requestId":"[^"]*"/g, '"requestId":"<id>"');

  async function world(secretIds: string[]): Promise<Map<string, string>> {
    const seen = new Map<string, string>();
    for (const role of Object.keys(ROLE_EMAILS) as Role[]) {
      for (const op of operations) {
        // The document itself and the liveness probe know no unit (the probe reports uptime, which moves).
        if (op.path.startsWith('/api/docs') || op.path === '/health') continue;
        for (const url of urlsFor(role, op, secretIds)) {
          const res = await t.as(auth[role]!).get(url).buffer(true).parse((r, cb) => {
            let data = '';
            r.setEncoding('utf8');
            r.on('data', (c: string) => (data += c));
            r.on('end', () => cb(null, data));
          });
          if (res.status >= 500) throw new Error(`${role} GET ${url}: ${res.status} ${res.body}`);
          const text = String(res.body);
          for (const secret of secretIds) {
            if (text.includes(secret) || String(res.headers['location'] ?? '').includes(secret)) throw new Error(`R91: ${role} GET ${url} afslører ${secret}`);
          }
          seen.set(`${role} GET ${url.replace(secretIds[1] ?? '§', '<ekstra>')}`, `${res.status} ${res.headers.etag ?? ''} ${res.headers['content-length'] ?? ''} ${normalise(text)}`);
        }
      }
    }
    return seen;
  }

  it('R91: every GET route and export reads the same, with no trace of the secret visits, while the coordinator plans, staffs and books one', async () => {
    // The extra visit does not exist yet: in world A its id is just an unknown id.
    const futureExtra = '7c0d3a55-0000-4000-8000-00000000a001';
    const before = await world([ids.ordinary!, futureExtra]);
    expect(operations.length).toBeGreaterThan(25);

    await t.as(admin).post(`/api/v1/tilsyn/visits/${ids.ordinary}/inspectors`).send({ personId: inspector.id }).expect(200);
    await t.as(admin).post(`/api/v1/tilsyn/visits/${ids.ordinary}/schedule`).send({ date: '2026-11-21' }).expect(200);
    // Overdue stays secret too: the extra visit's window has already passed.
    const extra = (await t.as(admin).post('/api/v1/tilsyn/visits').send({ unitId: ids.unit, enhedId: ids.enhed, announcement: 'uanmeldt', trigger: 'bekymring', opensOn: '2026-11-01', dueOn: '2026-11-20', reason: 'Bekymringshenvendelse' }).expect(201)).body;
    await t.as(admin).post(`/api/v1/tilsyn/visits/${extra.id}/inspectors`).send({ personId: inspector.id }).expect(200);
    await t.app.get(SchedulerService).runPass();
    expect((await t.as(admin).get(`/api/v1/tilsyn/visits/${extra.id}`).expect(200)).body.state).toBe('overdue');

    const after = await world([ids.ordinary!, extra.id]);
    const differences = [...after.keys()].filter((k) => before.get(k.replace(extra.id, '<ekstra>')) !== after.get(k)).slice(0, 5);
    expect(differences).toEqual([]);
    expect(after.size).toBe(before.size);
    ids.extra = extra.id;
  }, 600_000);

  it('R91 and the reminders (issue 10): a statutory obligation without a learning loop is reminded, a secret visit only to coordinators and its inspectors', async () => {
    const recipientsOf = async (id: string) =>
      (await t.query<{ person_id: string; kind: string }>(`SELECT recipient_person_id AS person_id, kind FROM reminder WHERE obligation_id = $1`, [id]));
    const admins = (await t.query<{ id: string }>(`SELECT id FROM person WHERE admin`)).map((p) => p.id);
    const insiders = new Set([...admins, inspector.id]);
    // The overdue extra visit belongs to no loop: before the fix it got no reminder at all.
    const extra = await recipientsOf(ids.extra!);
    expect(extra.filter((r) => r.kind === 'overdue').map((r) => r.person_id).sort()).toEqual([...insiders].sort());
    // Even a secret visit recorded with one of the unit's people as responsible reminds only the insiders (the one visibility rule).
    await t.query(`UPDATE obligation SET responsible_person_id = $2, updated_at = now() WHERE id = $1`, [ids.extra, ids['person:leader']]);
    try {
      await t.app.get(SchedulerService).runPass();
      for (const id of [ids.ordinary!, ids.extra!]) {
        const outsiders = (await recipientsOf(id)).filter((r) => !insiders.has(r.person_id));
        expect([id, outsiders]).toEqual([id, []]);
      }
    } finally {
      await t.query(`UPDATE obligation SET responsible_person_id = NULL WHERE id = $1`, [ids.extra]);
    }
  });

  it('R91: once held the visit appears for the unit’s leader, with its held date', async () => {
    // Booked for another day than it is held, so the planned date can be told from the held one.
    await t.as(admin).post(`/api/v1/tilsyn/visits/${ids.ordinary}/schedule`).send({ date: '2026-11-19' }).expect(200);
    await t.as(inspector.auth).post(`/api/v1/tilsyn/visits/${ids.ordinary}/complete`).send({
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
    for (const role of ['leader', 'chef'] as Role[]) {
      const list = (await t.as(auth[role]!).get(`/api/v1/units/${ids.unit}/obligations?limit=500`).expect(200)).body;
      expect([role, list.items.some((o: { id: string }) => o.id === ids.ordinary)]).toEqual([role, true]);
      const visit = (await t.as(auth[role]!).get(`/api/v1/tilsyn/visits/${ids.ordinary}`).expect(200)).body;
      expect(visit).toMatchObject({ heldOn: '2026-11-21', state: 'completed', scheduledOn: null });
    }
    // The other one is still secret.
    await t.as(auth.leader!).get(`/api/v1/tilsyn/visits/${ids.extra}`).expect(404);
  });

  it('R91: a held unannounced visit’s planned date stays with the coordinators and its inspectors on every obligation-shaped answer', async () => {
    const planned = '2026-11-19';
    const plannedForms = [planned, '20261119', '19.11.2026'];
    for (const role of Object.keys(ROLE_EMAILS) as Role[]) {
      const as = t.as(auth[role]!);
      const list = (await as.get(`/api/v1/units/${ids.unit}/obligations?limit=500&kind=tilsynsbesoeg`).expect(200)).body;
      const item = list.items.find((o: { id: string }) => o.id === ids.ordinary);
      const one = await as.get(`/api/v1/obligations/${ids.ordinary}`);
      expect([role, one.status, item === undefined]).toEqual([role, item ? 200 : 404, one.status === 404]);
      if (item) {
        expect([role, item.scheduledOn, item.startTime]).toEqual([role, null, null]);
        expect([role, one.body.scheduledOn, one.body.startTime, one.body.completedOn]).toEqual([role, null, null, '2026-11-21']);
      }
      const timeline = JSON.stringify((await as.get(`/api/v1/units/${ids.unit}/timeline`).expect(200)).body);
      const upcoming = JSON.stringify((await as.get('/api/v1/me/upcoming').expect(200)).body);
      const trail = JSON.stringify((await as.get(`/api/v1/audit/trail?obligationId=${ids.ordinary}`).expect(200)).body);
      const calendars = [
        (await as.get('/api/v1/me/calendar.ics').expect(200)).text,
        (await as.get('/api/v1/me/calendar.ics?omfang=enheder').expect(200)).text,
        (await t.http.get(`/api/v1/calendar/${feeds[role]!}?omfang=enheder`).expect(200)).text,
      ];
      for (const text of [timeline, upcoming, trail, ...calendars]) {
        expect([role, plannedForms.filter((f) => text.includes(f))]).toEqual([role, []]);
      }
    }
    // The enheder feed does show the held visit, on its held date: the check above reads a feed that has it.
    expect((await t.as(auth.leader!).get('/api/v1/me/calendar.ics?omfang=enheder').expect(200)).text).toContain('20261121');
    // The coordinators read the booking in the trail.
    expect(JSON.stringify((await t.as(admin).get(`/api/v1/audit/trail?obligationId=${ids.ordinary}`).expect(200)).body)).toContain(planned);
    for (const insider of [admin, inspector.auth]) {
      expect((await t.as(insider).get(`/api/v1/obligations/${ids.ordinary}`).expect(200)).body.scheduledOn).toBe(planned);
      const list = (await t.as(insider).get(`/api/v1/units/${ids.unit}/obligations?limit=500&kind=tilsynsbesoeg`).expect(200)).body;
      expect(list.items.find((o: { id: string }) => o.id === ids.ordinary)?.scheduledOn).toBe(planned);
    }
    expect((await t.as(inspector.auth).get('/api/v1/me/calendar.ics').expect(200)).text).toContain('20261121');
  });
});
