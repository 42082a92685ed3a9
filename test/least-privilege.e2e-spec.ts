import { Client } from 'pg';
import { assertApplicationRole } from '../src/database/roles';
import { createTestDatabase } from './support/test-app';

/**
 * R71, R81: the audit trail is append-only against the very role the service
 * runs as — not only by a trigger that role could switch off, but by
 * privileges: it owns nothing, is no superuser and may only INSERT and SELECT
 * on the trail.
 */
describe('least privilege on the audit trail (R71, R81)', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let app: Client;

  beforeAll(async () => {
    database = await createTestDatabase();
    app = new Client({ connectionString: database.url });
    await app.connect();
  });

  afterAll(async () => {
    await app.end();
    await database.drop();
  });

  it('R71: the application role may append to and read the trail', async () => {
    await app.query(`INSERT INTO transition (event, from_state, to_state) VALUES ('TEST', NULL, 'planned')`);
    const { rows } = await app.query(`SELECT count(*)::int AS n FROM transition WHERE event = 'TEST'`);
    expect(rows[0].n).toBe(1);
  });

  it.each([
    ['UPDATE', `UPDATE transition SET reason = 'omskrevet'`],
    ['DELETE', `DELETE FROM transition`],
    ['TRUNCATE', `TRUNCATE transition`],
    ['DISABLE TRIGGER', `ALTER TABLE transition DISABLE TRIGGER transition_no_update_or_delete`],
    ['DISABLE TRIGGER ALL', `ALTER TABLE transition DISABLE TRIGGER ALL`],
    ['DROP TRIGGER', `DROP TRIGGER transition_no_update_or_delete ON transition`],
    ['session_replication_role', `SET session_replication_role = replica`],
    ['COPY … PROGRAM', `COPY (SELECT 1) TO PROGRAM 'id'`],
    ['COPY … FROM PROGRAM', `COPY transition (event, to_state) FROM PROGRAM 'id'`],
    ['CREATE in the schema', `CREATE TABLE sneaky (id int)`],
    ['ALTER the trigger function', `CREATE OR REPLACE FUNCTION transition_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$`],
  ])('R81: the application role cannot %s', async (_what, sql) => {
    await expect(app.query(sql)).rejects.toThrow(/permission denied|must be owner|must be superuser|rettighed|ejer/i);
  });

  it('R81: the application role is no superuser and owns nothing', async () => {
    const { rows } = await app.query(
      `SELECT r.rolsuper, r.rolcreaterole, r.rolcreatedb,
              (SELECT count(*)::int FROM pg_class c WHERE c.relowner = r.oid) AS owned_relations,
              (SELECT count(*)::int FROM pg_proc p WHERE p.proowner = r.oid) AS owned_functions
         FROM pg_roles r WHERE r.rolname = current_user`,
    );
    expect(rows[0]).toEqual({ rolsuper: false, rolcreaterole: false, rolcreatedb: false, owned_relations: 0, owned_functions: 0 });
  });

  it('R81: the service refuses to start as a superuser or as the owner of the trail, with one Danish line', async () => {
    await expect(assertApplicationRole(database.superuserUrl)).rejects.toThrow(/^Tjenesten nægter at køre som databasens superbruger "[^"]+", der kan omskrive revisionssporet; [^\n]+$/);
    await expect(assertApplicationRole(database.migrationUrl)).rejects.toThrow(/^Tjenesten nægter at køre som "[^"]+", der ejer revisionssporet [^\n]+$/);
    await expect(assertApplicationRole(database.url)).resolves.toBeUndefined();
  });
});
