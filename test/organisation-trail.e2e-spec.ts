import { importFiles } from './support/fixtures';
import { createTestApp, type TestApp } from './support/test-app';

interface Row {
  event: string;
  actor_person_id: string | null;
  unit_id: string | null;
  reason: string | null;
  payload: { entity: string; id: string; before: Record<string, unknown> | null; after: Record<string, unknown> | null };
}

/** R1, R81: every organisation change is in the audit trail — who, when, before and after. */
describe('organisation changes in the audit trail (R1, R81)', () => {
  let t: TestApp;
  let admin: { id: string; auth: string };
  const trail = (where: string, params: unknown[] = []) =>
    t.query<Row>(`SELECT event, actor_person_id, unit_id, reason, payload FROM transition WHERE ${where} ORDER BY id`, params);

  beforeAll(async () => {
    t = await createTestApp();
    admin = await t.person('forvaltning@aarhus.dk');
  });
  afterAll(() => t.close());

  it('R81: granting and removing admin names who, and the flag before and after', async () => {
    const person = (await t.as(admin.auth).post('/api/v1/people').send({ name: 'Mette Kjær', email: 'mette@aarhus.dk' }).expect(201)).body;
    await t.as(admin.auth).patch(`/api/v1/people/${person.id}`).send({ admin: true }).expect(200);
    await t.as(admin.auth).patch(`/api/v1/people/${person.id}`).send({ admin: false }).expect(200);
    const rows = await trail(`payload->>'id' = $1`, [person.id]);
    expect(rows.map((r) => r.event)).toEqual(['PERSON_CREATED', 'ADMIN_GRANTED', 'ADMIN_REVOKED']);
    expect(rows.every((r) => r.actor_person_id === admin.id)).toBe(true);
    expect(rows[1]!.payload).toMatchObject({ entity: 'person', before: { admin: false }, after: { admin: true } });
    expect(rows[2]!.payload).toMatchObject({ before: { admin: true }, after: { admin: false } });
  });

  it('R1/R81: creating, changing and closing a unit, with before and after', async () => {
    const unit = (await t.as(admin.auth).post('/api/v1/units').send({ code: 'SK-9', name: 'Ellekærskolen', type: 'skole', validFrom: '2010-01-01' }).expect(201)).body;
    await t.as(admin.auth).patch(`/api/v1/units/${unit.id}`).send({ name: 'Ellekærskolen Nord' }).expect(200);
    await t.as(admin.auth).post(`/api/v1/units/${unit.id}/close`).send({ date: '2026-07-31' }).expect(200);
    const rows = await trail(`payload->>'entity' = 'unit' AND payload->>'id' = $1`, [unit.id]);
    expect(rows.map((r) => r.event)).toEqual(['UNIT_CREATED', 'UNIT_CHANGED', 'UNIT_CLOSED']);
    expect(rows.every((r) => r.actor_person_id === admin.id && r.unit_id === unit.id)).toBe(true);
    expect(rows[1]!.payload).toMatchObject({ before: { name: 'Ellekærskolen' }, after: { name: 'Ellekærskolen Nord' } });
    expect(rows[2]!.payload).toMatchObject({ before: { valid_to: null }, after: { valid_to: '2026-07-31' } });
  });

  it('R1/R3/R81: rewriting a past chef assignment leaves a trace; a replaced chef is closed in the trail too', async () => {
    const unit = (await t.as(admin.auth).post('/api/v1/units').send({ code: 'DT-9', name: 'Dagtilbud Vest', type: 'dagtilbud', validFrom: '2010-01-01' }).expect(201)).body;
    const a = (await t.as(admin.auth).post('/api/v1/people').send({ name: 'Lars Holm', email: 'lars@aarhus.dk' }).expect(201)).body;
    const b = (await t.as(admin.auth).post('/api/v1/people').send({ name: 'Hanne Bach', email: 'hanne@aarhus.dk' }).expect(201)).body;
    const first = (await t.as(admin.auth).post('/api/v1/assignments').send({ unitId: unit.id, personId: a.id, role: 'chef', validFrom: '2020-01-01' }).expect(201)).body;
    await t.as(admin.auth).post('/api/v1/assignments').send({ unitId: unit.id, personId: b.id, role: 'chef', validFrom: '2025-08-01' }).expect(201);
    await t.as(admin.auth).patch(`/api/v1/assignments/${first.id}`).send({ validTo: '2024-12-31' }).expect(200);
    const rows = await trail(`payload->>'entity' = 'assignment' AND unit_id = $1`, [unit.id]);
    expect(rows.map((r) => r.event)).toEqual(['ASSIGNMENT_CREATED', 'ASSIGNMENT_CLOSED', 'ASSIGNMENT_CREATED', 'ASSIGNMENT_CLOSED']);
    expect(rows[1]!.payload).toMatchObject({ id: first.id, before: { valid_to: null }, after: { valid_to: '2025-07-31' } });
    expect(rows[3]!.payload).toMatchObject({ id: first.id, before: { valid_to: '2025-07-31', person_id: a.id }, after: { valid_to: '2024-12-31' } });
    expect(rows.every((r) => r.actor_person_id === admin.id)).toBe(true);
  });

  it('R81: an import records every row it changes and itself, under the importer', async () => {
    const units = 'enhedskode;navn;type;styreform;specialtilbud;distrikt;gyldig_fra;gyldig_til\nSK-77;Importskolen;skole;kommunal;nej;Øst;2010-01-01;\n';
    expect((await importFiles(t, admin.auth, { name: 'enheder.csv', data: units })).status).toBe(200);
    const [created] = await trail(`event = 'UNIT_CREATED' AND payload->'after'->>'code' = 'SK-77'`);
    expect(created).toMatchObject({ actor_person_id: admin.id, reason: 'import (API): enheder.csv' });
    const [summary] = await trail(`event = 'ORGANISATION_IMPORTED'`);
    expect(summary).toMatchObject({ actor_person_id: admin.id, payload: expect.objectContaining({ files: 'enheder.csv' }) });
  });

  it('R4/R81: an enhed is organisation data: its creation and closing are in the trail under its unit', async () => {
    const unit = (await t.as(admin.auth).post('/api/v1/units').send({ code: 'DT-E1', name: 'Dagtilbud Enhed', type: 'dagtilbud', validFrom: '2010-01-01' }).expect(201)).body;
    const [enhed] = await t.query<{ id: string }>(
      `INSERT INTO enhed (unit_id, code, name, valid_from) VALUES ($1, 'DT-E1-A', 'Børnehuset Æblet', '2020-01-01') RETURNING id`,
      [unit.id],
    );
    await t.query(`UPDATE enhed SET valid_to = '2026-07-31' WHERE id = $1`, [enhed!.id]);
    const rows = await trail(`payload->>'entity' = 'enhed' AND payload->>'id' = $1`, [enhed!.id]);
    expect(rows.map((r) => r.event)).toEqual(['ENHED_CREATED', 'ENHED_CLOSED']);
    expect(rows.every((r) => r.unit_id === unit.id)).toBe(true);
  });

  it('R81: a refused change writes nothing to the trail', async () => {
    const before = await t.query(`SELECT count(*)::int AS n FROM transition`);
    await t.as(admin.auth).post('/api/v1/units').send({ code: 'SK-9', name: 'Dublet', type: 'skole', validFrom: '2010-01-01' }).expect(400);
    expect(await t.query(`SELECT count(*)::int AS n FROM transition`)).toEqual(before);
  });
});
