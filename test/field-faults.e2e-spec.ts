import { authOf, idOf, seedOrganisation, treatReport } from './support/fixtures';
import { createTestApp, TestApp } from './support/test-app';

/**
 * Faults that bite systems like this one in the field (issue 11): each
 * describe is one kind, with the example from the issue through the API.
 * Kind 1 (identity providers' claims) is in oidc.e2e-spec.ts, kind 4 (what
 * Excel does to a CSV file) in import.e2e-spec.ts.
 */
describe('faults from the field (issue 11)', () => {
  let t: TestApp;
  let admin: string;
  let chef: string;
  const obligation = async (unit: string, kind: string, sequence = 1) => {
    const res = await t.as(admin).get(`/api/v1/units/${await idOf(t, 'unit', unit)}/obligations?kind=${kind}&limit=500`).expect(200);
    // subjectKey '' is the unit's own; a next-layer leader's follow-ups (R51) share kind and sequence.
    return res.body.items.find((o: { sequence: number; subjectKey: string }) => o.sequence === sequence && o.subjectKey === '') as { id: string; state: string; version: number };
  };
  const expectNoEnglish = (body: unknown) => {
    expect(JSON.stringify(body)).not.toMatch(/\b(must|should|each value|property|following values|nested)\b/);
  };

  beforeAll(async () => {
    t = await createTestApp({ today: '2020-03-01' });
    admin = (await t.person('admin@test.local')).auth;
    await seedOrganisation(t, admin);
    await treatReport(t, admin, '6-18', 2020, '2020-03-25', ['Fravær']);
    t.clock.setToday('2021-12-20');
    chef = await authOf(t, 'chef.vest@test.dk');
  });
  afterAll(() => t.close());

  describe('kind 2: nested input that is not the shape it claims', () => {
    it('refuses a list of lists where a list of participants is declared, on a ledelsesopfølgning, with 400 naming the field', async () => {
      const o = await obligation('SK-1', 'ledelsesopfoelgning');
      const res = await t.as(chef).post(`/api/v1/obligations/${o.id}/complete`).send({ heldOn: '2020-04-20', participants: [[{ role: 'leder', name: 'Anna Test' }]] });
      expect(res.status).toBe(400);
      expect(res.body.fields).toEqual([expect.objectContaining({ field: 'participants' })]);
      expectNoEnglish(res.body);
      expect((await obligation('SK-1', 'ledelsesopfoelgning')).state).toBe(o.state);
    });

    it('refuses the same on a læringssamtale as 400, not as R26', async () => {
      const o = await obligation('SK-1', 'laeringssamtale');
      const res = await t.as(admin).post(`/api/v1/obligations/${o.id}/complete`).send({ heldOn: '2020-05-12', participants: [[{ role: 'leder', name: 'Anna Test' }]] });
      expect(res.status).toBe(400);
      expect(res.body.rule).toBeUndefined();
      expect(res.body.fields[0].field).toBe('participants');
    });

    it('refuses primitives, nulls and lists where objects are declared, and objects or lists where primitives are, naming the nested field', async () => {
      const o = await obligation('SK-1', 'laeringssamtale');
      const send = (body: object) => t.as(admin).post(`/api/v1/obligations/${o.id}/complete`).send({ heldOn: '2020-05-12', ...body });
      const cases: [object, string][] = [
        [{ participants: ['leder'] }, 'participants'],
        [{ participants: [null] }, 'participants'],
        [{ participants: { role: 'leder', name: 'A' } }, 'participants'],
        [{ participants: [{ role: 'leder', name: ['A'] }] }, 'participants[0].name'],
        [{ participants: [{ role: 'leder', name: 'A', extra: 1 }] }, 'participants[0].extra'],
        [{ focusAreas: [[{ title: 'x', theme: 'Fravær' }]] }, 'focusAreas'],
        [{ focusAreas: [{ title: { a: 1 }, theme: 'Fravær' }] }, 'focusAreas[0].title'],
        [{ agreements: [['aftale']] }, 'agreements'],
        [{ agreements: [{ text: 'aftale' }] }, 'agreements'],
        [{ dataInputs: [['A']] }, 'dataInputs'],
      ];
      for (const [body, field] of cases) {
        const res = await send(body);
        expect({ body, status: res.status, field: res.body.fields?.[0]?.field }).toEqual({ body, status: 400, field });
        expectNoEnglish(res.body);
      }
      const themes = await t.as(admin).post('/api/v1/quality-reports').send({ ageArea: '0-6', year: 2021, themes: [['Fravær']] });
      expect(themes.status).toBe(400);
      expect(themes.body.fields[0].field).toBe('themes');
    });
  });

  describe('kind 3: stored statechart snapshots that no longer fit the machine', () => {
    it('refuses a quality report whose snapshot names a state the machine does not have with 409 naming both versions, not 500', async () => {
      const report = (await t.as(admin).post('/api/v1/quality-reports').send({ ageArea: '6-18', year: 2022, themes: ['Trivsel'] }).expect(201)).body;
      await t.query(`UPDATE quality_report SET snapshot = jsonb_set(snapshot, '{value}', '"forsvundet"'), state = 'forsvundet' WHERE id = $1`, [report.id]);
      const res = await t.as(admin).post(`/api/v1/quality-reports/${report.id}/milestones`).send({ milestone: 'temaer_valgt', date: '2021-09-01' });
      expect(res.status).toBe(409);
      expect(res.body.message).toMatch(/forsvundet/);
      expect(res.body.message).toMatch(/version 1/);
      expect(res.body).toMatchObject({ machine: 'qualityReport', storedVersion: 1, codeVersion: 1 });
    });

    it('refuses a snapshot written by a newer machine version instead of accepting it silently, and writes nothing', async () => {
      const report = (await t.as(admin).post('/api/v1/quality-reports').send({ ageArea: '6-18', year: 2024, themes: ['Trivsel'] }).expect(201)).body;
      await t.query(`UPDATE quality_report SET machine_version = 7 WHERE id = $1`, [report.id]);
      const res = await t.as(admin).post(`/api/v1/quality-reports/${report.id}/milestones`).send({ milestone: 'temaer_valgt', date: '2021-09-01' });
      expect(res.status).toBe(409);
      expect(res.body.message).toMatch(/version 7.*version 1/);
      const [row] = await t.query(`SELECT state, machine_version FROM quality_report WHERE id = $1`, [report.id]);
      expect(row).toEqual({ state: 'oprettet', machine_version: 7 });
    });

    it('checks obligations the same way (loops and board report reviews: workflows/snapshot-migrations.spec.ts)', async () => {
      const o = await obligation('FU-1', 'ledelsesopfoelgning');
      await t.query(`UPDATE obligation SET machine_version = 2 WHERE id = $1`, [o.id]);
      const res = await t.as(admin).post(`/api/v1/obligations/${o.id}/schedule`).send({ date: '2020-04-20' });
      expect(res.status).toBe(409);
      expect(res.body).toMatchObject({ machine: 'obligation', storedVersion: 2, codeVersion: 1 });
      const [row] = await t.query(`SELECT state, machine_version, version FROM obligation WHERE id = $1`, [o.id]);
      expect(row).toEqual({ state: o.state, machine_version: 2, version: o.version });
    });
  });

  describe('kind 5: dates outside the range the code can print', () => {
    it('refuses dates outside 1900–2999 at the API with a Danish message naming the field', async () => {
      const o = await obligation('SK-1', 'ledelsesopfoelgning', 2);
      for (const date of ['9999-12-31', '1899-12-31', '3000-01-01']) {
        const res = await t.as(admin).post(`/api/v1/obligations/${o.id}/schedule`).send({ date });
        expect(res.status).toBe(400);
        expect(res.body.fields).toEqual([{ field: 'date', message: 'date ligger uden for årene 1900–2999' }]);
      }
      await t.as(admin).get('/api/v1/me/calendar.ics').expect(200);
    });

    it('refuses a pinned today outside the range at the clock', () => {
      expect(() => t.clock.setToday('9999-12-31')).toThrow(/1900–2999/);
      expect(t.clock.today()).toBe('2021-12-20');
    });
  });

  describe('kind 6: messages a user reads are Danish and name the field as the API spells it', () => {
    it('names heldOn without a colon, in Danish', async () => {
      const res = await t.as(admin).post('/api/v1/quality-reports').send({ heldOn: 'not-a-date' });
      expect(res.status).toBe(400);
      for (const f of res.body.fields) expect(f.field).toMatch(/^[A-Za-z]+$/);
      expect(res.body.fields).toContainEqual({ field: 'heldOn', message: 'heldOn er ikke et kendt felt' });
      expectNoEnglish(res.body);
    });

    it('says which values are allowed in Danish', async () => {
      const res = await t.as(admin).post('/api/v1/quality-reports').send({ ageArea: 'x', year: 2.5, themes: [] });
      expect(res.status).toBe(400);
      expect(res.body.fields[0]).toEqual({ field: 'ageArea', message: 'ageArea skal være en af: 0-6, 6-18' });
      expectNoEnglish(res.body);
      const year = await t.as(admin).post('/api/v1/quality-reports').send({ ageArea: '0-6', year: 2021.5, themes: ['a'] });
      expect(year.body.fields[0]).toEqual({ field: 'year', message: 'year skal være et heltal' });
      const themes = await t.as(admin).post('/api/v1/quality-reports').send({ ageArea: '0-6', year: 2021, themes: [] });
      expect(themes.body.fields[0]).toEqual({ field: 'themes', message: 'themes skal have mindst 1 element' });
      const limit = await t.as(admin).get('/api/v1/units?limit=0');
      expect(limit.body.fields[0]).toEqual({ field: 'limit', message: 'limit må ikke være mindre end 1' });
    });

    it('refuses an action the state does not allow in the domain’s words, not event or state identifiers', async () => {
      const o = await obligation('SK-1', 'ledelsesopfoelgning', 3);
      const first = await t.as(chef).post(`/api/v1/obligations/${o.id}/complete`).send({ heldOn: '2020-08-20' });
      expect({ status: first.status, body: first.body }).toMatchObject({ status: 200, body: { state: 'completed' } });
      const res = await t.as(chef).post(`/api/v1/obligations/${o.id}/complete`).send({ heldOn: '2020-08-21' });
      expect(res.status).toBe(409);
      expect(res.body.message).toBe('Det er ikke muligt at bekræfte forpligtelsen som gennemført, når forpligtelsen er gennemført');
      expect(res.body.message).not.toMatch(/COMPLETE|completed/);
      expect(res.body).toMatchObject({ state: 'completed', event: 'COMPLETE' });
    });
  });

  describe('kind 7: Danish letters in comparisons', () => {
    it('finds units by district and name regardless of the case of æ, ø, å', async () => {
      await t.as(admin).post('/api/v1/units').send({ code: 'OE-1', name: 'Østbyens Børnehus', type: 'dagtilbud', district: 'Øst', validFrom: '2015-01-01' }).expect(201);
      await t.as(admin).post('/api/v1/units').send({ code: 'OE-2', name: 'Ærø Skole', type: 'skole', district: 'ØST', validFrom: '2015-01-01' }).expect(201);
      const codes = async (query: string) => ((await t.as(admin).get(`/api/v1/units?${query}`).expect(200)).body.items as { code: string }[]).map((u) => u.code).sort();
      expect(await codes(`district=${encodeURIComponent('øst')}`)).toEqual(['OE-1', 'OE-2']);
      expect(await codes(`district=${encodeURIComponent('Øst')}`)).toEqual(['OE-1', 'OE-2']);
      expect(await codes(`q=${encodeURIComponent('åbyhøj')}`)).toEqual(['DT-2']);
      expect(await codes(`q=${encodeURIComponent('ÆRØ')}`)).toEqual(['OE-2']);
      const audit = await t.as(admin).get(`/api/v1/audit/coverage?from=2020-01-01&to=2020-12-31&district=${encodeURIComponent('øst')}`).expect(200);
      expect(JSON.stringify(audit.body)).toMatch(/OE-1/);
    });

    it('finds people by name regardless of the case of æ, ø, å', async () => {
      const names = async (q: string) => ((await t.as(admin).get(`/api/v1/people?q=${encodeURIComponent(q)}`).expect(200)).body.items as { name: string }[]).map((p) => p.name);
      expect(await names('åse')).toEqual(['Åse Holm']);
      expect(await names('ØSTERGAARD')).toEqual(['Jens Østergaard']);
      expect(await names('nørgaard')).toEqual(['Hanne Nørgaard']);
    });

    it('sorts lists the Danish way: æ, ø, å after z, and aa as å (Aarslev = Årslev, after Åby)', async () => {
      for (const [code, name] of [['S-1', 'Zoneskolen'], ['S-2', 'Aarslev Skole'], ['S-3', 'Åby Skole'], ['S-4', 'Ørsted Skole'], ['S-5', 'Æblehaven'], ['S-6', 'Bakkeskolen']]) {
        await t.as(admin).post('/api/v1/units').send({ code, name, type: 'skole', district: 'Sortering', validFrom: '2015-01-01' }).expect(201);
      }
      const res = await t.as(admin).get('/api/v1/units?district=sortering').expect(200);
      expect(res.body.items.map((u: { name: string }) => u.name)).toEqual(['Bakkeskolen', 'Zoneskolen', 'Æblehaven', 'Ørsted Skole', 'Åby Skole', 'Aarslev Skole']);
    });
  });
});
