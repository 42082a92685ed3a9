import { Client } from 'pg';
import { OrganisationImportService } from '../src/modules/organisation';
import type { ImportFiles } from '../src/modules/organisation/import/organisation-import.service';
import { createTestApp, type TestApp } from './support/test-app';

/**
 * R81, issue 15: the import writes its audit trail set-based (one chained
 * INSERT … SELECT per statement, migration 1764984000000-BulkTrail). The
 * chain must verify, and the rows must be the ones the per-row triggers write
 * for the same import: same order, events, actors, reasons and payloads.
 *
 * Both paths run in one database on two copies of the same organisation, one
 * spelled with Q and one with Z (letters that are no hex digit, so they never
 * occur in an id); ids are replaced by their order of first appearance.
 */
const units = (L: string, changed: boolean) => `enhedskode;navn;type;styreform;specialtilbud;distrikt;gyldig_fra;gyldig_til
${L}-S1;${changed ? 'Omdøbt skole' : 'Skole'} ${L}1;skole;kommunal;nej;Vest;2010-01-01;
${L}-S2;Skole ${L}2;skole;kommunal;nej;Øst;2010-01-01;${changed ? '2025-12-31' : ''}
${L}-D1;Børnehus ${L}1;dagtilbud;selvejende;ja;Syd;2012-08-01;
${L}-F1;Ungdomsskole ${L}1;fu;;;Nord;2015-01-01;
`;

const people = (L: string, changed: boolean) => {
  const l = L.toLowerCase();
  return `email;navn;admin;rolle;enhedskode;gyldig_fra;gyldig_til
chef.${l}@aarhus.dk;Chef ${L};nej;chef;${L}-S1;2019-08-01;
chef.${l}@aarhus.dk;Chef ${L};nej;chef;${L}-S2;2019-08-01;
tidlig.${l}@aarhus.dk;Tidlig Chef ${L};nej;chef;${L}-D1;2019-01-01;
chef2.${l}@aarhus.dk;Anden Chef ${L};nej;chef;${L}-D1;2019-08-01;
leder.${l}@aarhus.dk;Leder ${L};${changed ? 'ja' : 'nej'};leder;${L}-S1;2019-08-01;
leder2.${l}@aarhus.dk;Leder ${L}2;nej;leder;${L}-S2;2019-08-01;
bestyrelse.${l}@aarhus.dk;Bestyrelse ${L};nej;bestyrelse;${L}-D1;2019-08-01;
forvaltning.${l}@aarhus.dk;Forvaltning ${L};ja;;;;
${changed ? `ny.leder.${l}@aarhus.dk;Ny Leder ${L};nej;leder;${L}-S1;2024-08-01;\n` : ''}`;
};

const enheder = (L: string, changed: boolean) => `enhedskode;afdelingskode;navn;adresse;naeste_ledelseslag_email;gyldig_fra;gyldig_til
${L}-E1;${L}-D1;${changed ? 'Huset ved åen' : 'Huset'} ${L};Åvej 1;chef2.${L.toLowerCase()}@aarhus.dk;2012-08-01;
`;

const files = (L: string, changed: boolean): ImportFiles => ({
  units: { name: 'units.csv', text: units(L, changed) },
  people: { name: 'people.csv', text: people(L, changed) },
  enheder: { name: 'enheder.csv', text: enheder(L, changed) },
});

interface TrailRow {
  id: string;
  actor_person_id: string | null;
  unit_id: string | null;
  event: string;
  from_state: string | null;
  to_state: string;
  reason: string | null;
  payload: unknown;
}

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;

/** The rows as comparable text: without id and time, ids numbered by first appearance, the organisation's letter made X. */
function normalised(rows: TrailRow[], L: string): string[] {
  const ids = new Map<string, string>();
  return rows.map(({ id: _id, ...row }) =>
    JSON.stringify(row)
      .replace(UUID, (uuid) => ids.get(uuid) ?? (ids.set(uuid, `#${ids.size + 1}`), `#${ids.size}`))
      .replace(new RegExp(`${L}(?=-|\\d)`, 'g'), 'X')
      .replace(new RegExp(` ${L}\\b`, 'g'), ' X')
      .replace(new RegExp(`\\.${L.toLowerCase()}@`, 'g'), '.x@'),
  );
}

describe('the import writes its audit trail set-based (R81)', () => {
  let t: TestApp;
  let importer: OrganisationImportService;
  let admin: { id: string; auth: string };

  beforeAll(async () => {
    t = await createTestApp();
    importer = t.app.get(OrganisationImportService);
    admin = await t.person('revisor@aarhus.dk');
  });
  afterAll(() => t.close());

  const lastId = async () => Number((await t.query<{ id: string | null }>(`SELECT max(id)::text AS id FROM transition`))[0]!.id ?? 0);
  const since = (id: number) =>
    t.query<TrailRow>(`SELECT id, actor_person_id, unit_id, event, from_state, to_state, reason, payload FROM transition WHERE id > $1 ORDER BY id`, [id]);

  /** Imports the organisation and then its changed files by one trail path; the trail rows of each import. */
  async function importBoth(L: string, trail: 'set' | 'row'): Promise<{ first: TrailRow[]; changed: TrailRow[] }> {
    const start = await lastId();
    await importer.import(files(L, false), undefined, { actor: admin.id, source: 'import' }, { trail });
    const middle = await lastId();
    await importer.import(files(L, true), undefined, { actor: admin.id, source: 'import' }, { trail });
    return { first: await since(start).then((rows) => rows.filter((r) => Number(r.id) <= middle)), changed: await since(middle) };
  }

  it('R81: the set-based trail verifies and has the rows, order and payloads the per-row triggers write for the same import', async () => {
    // Each path with the other's triggers switched off, so each trail is provably that path's own.
    const tables = ['unit', 'person', 'assignment', 'enhed'];
    const switching = async (state: 'ENABLE' | 'DISABLE', triggers: (table: string) => string[]) => {
      for (const table of tables) for (const trigger of triggers(table)) await t.query(`ALTER TABLE ${table} ${state} TRIGGER ${trigger}`);
    };
    const bulkTriggers = (table: string) => ['insert', 'update', 'delete'].map((op) => `${table}_in_trail_bulk_${op}`);
    const rowTrigger = (table: string) => [`${table}_in_trail`];
    await switching('DISABLE', bulkTriggers);
    const byRow = await importBoth('Q', 'row');
    await switching('ENABLE', bulkTriggers);
    await switching('DISABLE', rowTrigger);
    const bySet = await importBoth('Z', 'set');
    await switching('ENABLE', rowTrigger);

    // Every kind of row the import writes is there: created, changed, closed, admin granted, enheder.
    const events = new Set(bySet.changed.map((r) => r.event));
    for (const event of ['UNIT_CHANGED', 'UNIT_CLOSED', 'ASSIGNMENT_CLOSED', 'ASSIGNMENT_CREATED', 'PERSON_CREATED', 'ADMIN_GRANTED', 'ENHED_CHANGED', 'ORGANISATION_IMPORTED']) {
      expect(events).toContain(event);
    }
    expect(bySet.first.length).toBe(20); // 4 units, 7 people, 7 assignments, 1 enhed, the import itself
    expect(normalised(bySet.first, 'Z')).toEqual(normalised(byRow.first, 'Q'));
    expect(normalised(bySet.changed, 'Z')).toEqual(normalised(byRow.changed, 'Q'));

    // Ids follow the chain: each row's prev_hash is the hash of the row before it, across both paths.
    const chain = await t.query<{ prev_hash: string | null; hash: string }>(`SELECT prev_hash, hash FROM transition ORDER BY id`);
    chain.forEach((r, i) => expect(r.prev_hash).toBe(i === 0 ? null : chain[i - 1]!.hash));
    // And each hash is the content's, as the verifier computes it in Node.
    const res = await t.as(admin.auth).post('/api/v1/audit/trail/verify').expect(200);
    expect(res.body).toMatchObject({ ok: true, rowsChecked: chain.length, firstBadId: null });
  });

  it('R81: the application role cannot supply a hash of its own, nor write the trail other than by INSERT', async () => {
    const app = new Client({ connectionString: t.databaseUrl });
    await app.connect();
    try {
      await app.query('BEGIN');
      // The set-based path's setting does not make the chain trigger trust a hash from the application role.
      await app.query(`SELECT set_config('kvalitetsloop.trail_bulk', 'on', true)`);
      const forged = '0'.repeat(64);
      const [row] = (await app.query(`INSERT INTO transition (event, to_state, prev_hash, hash) VALUES ('TEST', 'planned', $1, $1) RETURNING prev_hash, hash`, [forged])).rows;
      expect(row.hash).not.toBe(forged);
      expect(row.prev_hash).not.toBe(forged);
      // Nor from a trigger of its own (the set-based path's rows come from a trigger): it is not the trail's owner.
      await app.query(`CREATE TEMP TABLE lure (i int) ON COMMIT DROP`);
      await app.query(`CREATE FUNCTION pg_temp.lure() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN INSERT INTO transition (event, to_state, prev_hash, hash) VALUES ('TEST', 'planned', '${forged}', '${forged}'); RETURN NULL; END $$`);
      await app.query(`CREATE TRIGGER lure AFTER INSERT ON lure FOR EACH ROW EXECUTE FUNCTION pg_temp.lure()`);
      await app.query(`INSERT INTO lure VALUES (1)`);
      const [nested] = (await app.query(`SELECT prev_hash, hash FROM transition ORDER BY id DESC LIMIT 1`)).rows;
      expect(nested.hash).not.toBe(forged);
      expect(nested.prev_hash).toBe(row.hash);
      await app.query('COMMIT');
      await expect(app.query(`UPDATE transition SET reason = 'x' WHERE event = 'TEST'`)).rejects.toThrow();
    } finally {
      await app.end();
    }
    const res = await t.as(admin.auth).post('/api/v1/audit/trail/verify').expect(200);
    expect(res.body).toMatchObject({ ok: true, firstBadId: null });
  });
});
