import { canSeeObligation, participatesIn, visibleTo, type RoleInOffice } from '../src/modules/obligations/visibility';
import { SchedulerService } from '../src/modules/scheduler/scheduler.service';
import { authOf, idOf, seedOrganisation, treatReport } from './support/fixtures';
import { createTestApp, TestApp } from './support/test-app';

/**
 * Issue 14's reads: the visibility SQL written for index lookups (R3, R6)
 * gives exactly the rows of the rule as a function (canSeeObligation) and as
 * its previous SQL form (a correlated EXISTS per obligation); the audit
 * trail's keyset pagination neither repeats nor skips a row, also among rows
 * with the same `at`.
 *
 * Scenario: the test organisation, both reports treated, and on 2026-04-15
 * handovers registered in advance at DT-1 (a new chef and a new board
 * contact from 1 May, the old one leaving 30 April), so the open obligations due after 1 May record the
 * new people (R3) while those in office today still see them (R6).
 */
describe('reads at national scale: visibility by index lookup (R3, R6) and the trail by keyset', () => {
  let t: TestApp;
  let admin: string;
  let people: { id: string; email: string }[];
  const TODAY = '2026-04-15';

  beforeAll(async () => {
    t = await createTestApp({ today: '2025-03-01' });
    admin = (await t.person('admin@test.local')).auth;
    await seedOrganisation(t, admin);
    await treatReport(t, admin, '0-6', 2025, '2025-03-25', ['Sprog']);
    await treatReport(t, admin, '6-18', 2024, '2024-03-25', ['Fravær']);
    t.clock.setToday(TODAY);
    const dt1 = await idOf(t, 'unit', 'DT-1');
    for (const [email, role] of [
      ['chef.ny@test.dk', 'chef'],
      ['bestyrelse.ny@test.dk', 'board'],
    ] as const) {
      const id = (await t.as(admin).post('/api/v1/people').send({ name: email, email }).expect(201)).body.id;
      await t.as(admin).post('/api/v1/assignments').send({ unitId: dt1, personId: id, role, validFrom: '2026-05-01' }).expect(201);
    }
    // The board contact leaves on 30 April (a unit's longest-serving board contact answers for the board's duties).
    await t.query(
      `UPDATE assignment SET valid_to = '2026-04-30' WHERE unit_id = $1 AND role = 'board' AND person_id = (SELECT id FROM person WHERE email = 'bestyrelse.dt1@test.dk')`,
      [dt1],
    );
    await t.app.get(SchedulerService).runPass();
    people = await t.query<{ id: string; email: string }>(`SELECT id, email FROM person WHERE NOT admin ORDER BY email`);
  }, 120_000);
  afterAll(() => t.close());

  /** R91 as it was written before the inspector arm became an index arm. */
  const previousNotSecret = (param: string) => `(NOT o.secret_until_held OR o.state = 'completed' OR ${param} = ANY(o.inspector_person_ids))`;

  /** The R6 clause as it was before issue 14: a correlated EXISTS per obligation (the reference). */
  function previousVisibleTo(param: string, today: string): string {
    const recorded = `o.responsible_person_id = ${param} OR o.chef_person_id = ${param} OR o.leader_person_id = ${param}
      OR (o.kind = 'ledelsesopfoelgning' AND o.subject_key = ${param}::text) OR ${param} = ANY(o.inspector_person_ids)`;
    return `((${recorded} OR (o.state IN ('planned', 'scheduled', 'overdue') AND EXISTS (
      SELECT 1 FROM assignment r6 WHERE r6.unit_id = o.unit_id AND r6.person_id = ${param}
        AND (r6.role IN ('chef', 'leader') OR (r6.role = 'board' AND o.responsible_role = 'board'))
        AND r6.valid_from <= ${today}::date AND (r6.valid_to IS NULL OR r6.valid_to >= ${today}::date)))) AND ${previousNotSecret(param)})`;
  }
  function previousParticipatesIn(param: string, today: string): string {
    const recorded = `o.responsible_person_id = ${param}
      OR (o.chef_person_id = ${param} AND (o.kind IN ('laeringssamtale', 'opfoelgningsmoede') OR (o.kind = 'ledelsesopfoelgning' AND o.subject_key = '')))
      OR (o.leader_person_id = ${param} AND o.kind IN ('laeringssamtale', 'opfoelgningsmoede', 'ledelsesopfoelgning'))
      OR (o.kind = 'ledelsesopfoelgning' AND o.subject_key = ${param}::text)
      OR (o.kind = 'tilsynsbesoeg' AND ${param} = ANY(o.inspector_person_ids))
      -- R92 (issue 14): the leader recorded on a visit takes part in it (the dialogue with the leader).
      OR (o.kind = 'tilsynsbesoeg' AND o.leader_person_id = ${param})`;
    return `((${recorded} OR (o.state IN ('planned', 'scheduled', 'overdue')
      AND (o.kind IN ('laeringssamtale', 'opfoelgningsmoede') OR (o.kind = 'ledelsesopfoelgning' AND o.subject_key = ''))
      AND EXISTS (SELECT 1 FROM assignment r6 WHERE r6.unit_id = o.unit_id AND r6.person_id = ${param} AND r6.role IN ('chef', 'leader')
        AND r6.valid_from <= ${today}::date AND (r6.valid_to IS NULL OR r6.valid_to >= ${today}::date)))) AND ${previousNotSecret(param)})`;
  }
  const ids = async (predicate: string, personId: string) =>
    (await t.query<{ id: string }>(`SELECT o.id FROM obligation o WHERE ${predicate} ORDER BY o.id`, [personId, TODAY])).map((r) => r.id);

  it('R6: the fixture has open obligations seen only through a role held today (chef and board contact)', async () => {
    const [row] = await t.query<{ chef: number; board: number }>(
      `SELECT count(*) FILTER (WHERE o.responsible_role <> 'board')::int AS chef, count(*) FILTER (WHERE o.responsible_role = 'board')::int AS board
       FROM obligation o JOIN unit u ON u.id = o.unit_id
       WHERE u.code = 'DT-1' AND o.state IN ('planned', 'scheduled', 'overdue') AND o.due_on >= '2026-05-01'
         AND o.chef_person_id = (SELECT id FROM person WHERE email = 'chef.ny@test.dk')
         AND (o.responsible_role <> 'board' OR o.responsible_person_id = (SELECT id FROM person WHERE email = 'bestyrelse.ny@test.dk'))`,
    );
    expect(row!.chef).toBeGreaterThan(0);
    expect(row!.board).toBeGreaterThan(0);
    const oldChef = await idOf(t, 'person', 'chef.nord@test.dk');
    const oldBoard = await idOf(t, 'person', 'bestyrelse.dt1@test.dk');
    const onlyToday = async (personId: string) =>
      (await ids(`${visibleTo('o', '$1', '$2')}`, personId)).length - (await ids(`${visibleTo('o', '$1')} AND $2::date IS NOT NULL`, personId)).length;
    expect(await onlyToday(oldChef)).toBeGreaterThan(0);
    expect(await onlyToday(oldBoard)).toBeGreaterThan(0);
  });

  it('R3/R6: visibleTo selects, for every person, exactly the obligations canSeeObligation allows and the previous SQL selected', async () => {
    const all = await t.query<{
      id: string; kind: string; state: string; unit_id: string; responsible_role: string;
      responsible_person_id: string | null; chef_person_id: string | null; leader_person_id: string | null; subject_key: string;
      secret_until_held: boolean; inspector_person_ids: string[];
    }>(`SELECT id, kind, state, unit_id, responsible_role, responsible_person_id, chef_person_id, leader_person_id, subject_key,
               secret_until_held, inspector_person_ids FROM obligation ORDER BY id`);
    expect(all.length).toBeGreaterThan(50);
    for (const person of people) {
      const roles = await t.query<{ unit_id: string; role: RoleInOffice }>(
        `SELECT unit_id, role FROM assignment WHERE person_id = $1 AND role IN ('chef', 'leader', 'board') AND valid_from <= $2 AND (valid_to IS NULL OR valid_to >= $2)`,
        [person.id, TODAY],
      );
      const user = { personId: person.id, name: person.email, admin: false };
      const expected = all
        .filter((o) =>
          canSeeObligation(
            user,
            { kind: o.kind, state: o.state, responsibleRole: o.responsible_role, responsiblePersonId: o.responsible_person_id, chefPersonId: o.chef_person_id, leaderPersonId: o.leader_person_id, subjectKey: o.subject_key,
              secretUntilHeld: o.secret_until_held, inspectorPersonIds: o.inspector_person_ids },
            roles.filter((r) => r.unit_id === o.unit_id).map((r) => r.role),
          ),
        )
        .map((o) => o.id);
      const actual = await ids(visibleTo('o', '$1', '$2'), person.id);
      expect({ person: person.email, ids: actual }).toEqual({ person: person.email, ids: expected });
      expect({ person: person.email, ids: actual }).toEqual({ person: person.email, ids: await ids(previousVisibleTo('$1', '$2'), person.id) });
    }
  });

  it('R6: participatesIn (the personal calendar) selects the same obligations as its previous SQL, for every person', async () => {
    for (const person of people) {
      const actual = await ids(participatesIn('o', '$1', '$2'), person.id);
      expect({ person: person.email, ids: actual }).toEqual({ person: person.email, ids: await ids(previousParticipatesIn('$1', '$2'), person.id) });
    }
  });

  it('R6: the chef and the board contact still in office find the open work in /me/upcoming', async () => {
    for (const email of ['chef.nord@test.dk', 'bestyrelse.dt1@test.dk']) {
      const personId = await idOf(t, 'person', email);
      const body = (await t.as(await authOf(t, email)).get('/api/v1/me/upcoming?days=365&limit=500').expect(200)).body;
      const recordedOnOthers = body.items.filter(
        (o: { chefPersonId: string; leaderPersonId: string; responsiblePersonId: string }) =>
          o.chefPersonId !== personId && o.leaderPersonId !== personId && o.responsiblePersonId !== personId,
      );
      expect({ email, inOfficeOnly: recordedOnOthers.length > 0 }).toEqual({ email, inOfficeOnly: true });
      expect(body.total).toBe(body.items.length);
    }
  });

  describe('GET /api/v1/audit/trail, keyset pagination by (at, id)', () => {
    let unitId: string;
    let expected: string[];

    beforeAll(async () => {
      // A unit of its own, and eleven trail rows for it: seven written at the same instant, four around them.
      [{ id: unitId }] = await t.query<{ id: string }>(`INSERT INTO unit (code, name, type, valid_from) VALUES ('KS-1', 'Keyset-skolen', 'skole', '2010-01-01') RETURNING id`);
      const at = ['2026-04-01 10:00:00.123456+00', '2026-04-02 09:00:00.5+00'];
      for (const [i, when] of [at[0], at[1], at[1], at[1], at[1], at[1], at[1], at[1], '2026-04-03 08:00:00+00', '2026-04-03 08:00:00.000001+00', at[0]].entries()) {
        await t.query(`INSERT INTO transition (at, unit_id, event, to_state, reason) VALUES ($1, $2, 'KEYSET_TEST', 'recorded', $3)`, [when, unitId, `række ${i}`]);
      }
      expected = (
        await t.query<{ id: string }>(`SELECT id::text AS id FROM transition WHERE unit_id = $1 ORDER BY at DESC, id DESC`, [unitId])
      ).map((r) => r.id);
      expect(expected.length).toBeGreaterThanOrEqual(11);
    });

    it('R71: walking the pages with next gives every row once, in order, for every page size', async () => {
      for (const limit of [1, 2, 3, 5, 100]) {
        const seen: string[] = [];
        let url = `/api/v1/audit/trail?unitId=${unitId}&limit=${limit}`;
        for (let pages = 0; pages < 50; pages++) {
          const body = (await t.as(admin).get(url).expect(200)).body;
          expect(body.total).toBe(expected.length);
          expect(body.items.length).toBeLessThanOrEqual(limit);
          seen.push(...body.items.map((i: { id: string }) => i.id));
          if (!body.next) break;
          url = `/api/v1/audit/trail?unitId=${unitId}&limit=${limit}&after=${encodeURIComponent(body.next)}`;
        }
        expect({ limit, seen }).toEqual({ limit, seen: expected });
      }
    });

    it('R71: the last page has no next, and rows written after the first page do not shift the following pages', async () => {
      const first = (await t.as(admin).get(`/api/v1/audit/trail?unitId=${unitId}&limit=4`).expect(200)).body;
      await t.query(`INSERT INTO transition (unit_id, event, to_state, reason) VALUES ($1, 'KEYSET_TEST', 'recorded', 'skrevet imens')`, [unitId]);
      const second = (await t.as(admin).get(`/api/v1/audit/trail?unitId=${unitId}&limit=4&after=${first.next}`).expect(200)).body;
      expect(second.items.map((i: { id: string }) => i.id)).toEqual(expected.slice(4, 8));
      const all = (await t.as(admin).get(`/api/v1/audit/trail?unitId=${unitId}&limit=100`).expect(200)).body;
      expect(all.next).toBeUndefined();
      expect(all.items).toHaveLength(expected.length + 1);
    });

    it('400 naming after: a malformed or impossible cursor, or after together with offset', async () => {
      const cursor = (s: string) => Buffer.from(s, 'utf8').toString('base64url');
      for (const after of ['ikke-en-markør', cursor('2026-13-45 10:00:00|1'), cursor('2026-04-01 10:00:00|99999999999999999999'), cursor('x|1'), '%00']) {
        const res = await t.as(admin).get(`/api/v1/audit/trail?after=${encodeURIComponent(after)}`);
        expect({ after, status: res.status }).toEqual({ after, status: 400 });
        expect(JSON.stringify(res.body)).toContain('after');
      }
      const first = (await t.as(admin).get(`/api/v1/audit/trail?unitId=${unitId}&limit=2`).expect(200)).body;
      const both = await t.as(admin).get(`/api/v1/audit/trail?unitId=${unitId}&limit=2&offset=2&after=${first.next}`).expect(400);
      expect(JSON.stringify(both.body)).toContain('after');
    });

    it('R3: outside administration the pages hold only rows of obligations the caller sees, and page the same way', async () => {
      const leader = await authOf(t, 'leder.sk1@test.dk');
      const leaderId = await idOf(t, 'person', 'leder.sk1@test.dk');
      const all = (await t.as(leader).get('/api/v1/audit/trail?limit=500').expect(200)).body;
      const visible = new Set((await ids(visibleTo('o', '$1') + ' AND $2::date IS NOT NULL', leaderId)));
      expect(all.items.length).toBeGreaterThan(3);
      expect(all.items.every((i: { obligationId: string }) => visible.has(i.obligationId))).toBe(true);
      const seen: string[] = [];
      let next: string | undefined;
      do {
        const body = (await t.as(leader).get(`/api/v1/audit/trail?limit=3${next ? `&after=${next}` : ''}`).expect(200)).body;
        seen.push(...body.items.map((i: { id: string }) => i.id));
        next = body.next;
      } while (next);
      expect(seen).toEqual(all.items.map((i: { id: string }) => i.id));
    });
  });
});
