import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A set-based audit trail for the organisation import (R81, issue 15).
 *
 * Row by row, each unit, person, assignment or enhed the import writes costs
 * a plpgsql call of organisation_trail(), an INSERT into `transition` and that
 * row's chain trigger (advisory lock, read of the chain's head, SHA-256): about
 * two thirds of a first national import. A transaction that sets
 * `kvalitetsloop.trail_bulk` to `on` (set_config(…, true), the import does)
 * gets the same rows from statement-level triggers instead: one
 * `INSERT … SELECT` per statement over its transition tables, with the chain
 * computed in the same statement in id order by the window aggregate
 * transition_chain_agg (each row's hash over the previous row's hash and the
 * row's content, the text transition_chain() and src/modules/audit/trail-chain.ts
 * hash). The rows, their order, payloads and hashes are what the row-level path
 * writes; only the cost differs. Without the setting nothing changes.
 *
 * R81's guarantees are kept: the application role still only INSERTs and
 * SELECTs on `transition`. organisation_trail_bulk() is SECURITY DEFINER (the
 * migration role, with a fixed search_path), and transition_chain() keeps a
 * supplied hash only from a trigger running as the table's owner; a hash the
 * application role supplies itself is recomputed as before.
 */
const TABLES = ['unit', 'person', 'assignment', 'enhed'] as const;
const BULK_ON = `current_setting('kvalitetsloop.trail_bulk', true) = 'on'`;

const content = (r: string) =>
  `jsonb_build_array(${r}.id, to_char(${r}.at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'), ${r}.actor_person_id, ${r}.unit_id, ${r}.obligation_id, ` +
  `${r}.loop_id, ${r}.quality_report_id, ${r}.event, ${r}.from_state, ${r}.to_state, ${r}.reason, ${r}.payload)::text`;
const chained = (previous: string, r: string) => `encode(sha256(convert_to(coalesce(${previous}, '') || E'\\n' || ${content(r)}, 'UTF8')), 'hex')`;

/** transition_chain() as 1764920000000-TrailHashChain wrote it, with (`trustOwner`) or without the set-based path's exception. */
function chainFunction(trustOwner: boolean): string {
  const trusted = trustOwner
    ? `
        -- Chained already, set-based, by organisation_trail_bulk() (SECURITY DEFINER: current_user is the table's owner).
        -- The application role cannot run as the owner, so a hash it supplies is recomputed below.
        IF NEW.hash IS NOT NULL AND pg_trigger_depth() > 1
           AND current_user = (SELECT r.rolname FROM pg_class c JOIN pg_roles r ON r.oid = c.relowner WHERE c.oid = 'transition'::regclass) THEN
          RETURN NEW;
        END IF;`
    : '';
  return `
      CREATE OR REPLACE FUNCTION transition_chain() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        previous char(64);
      BEGIN
        IF current_setting('transaction_isolation') <> 'read committed' THEN
          RAISE EXCEPTION 'Revisionssporet skrives kun i READ COMMITTED-transaktioner (hash-kæden, R81)';
        END IF;${trusted}
        PERFORM pg_advisory_xact_lock(717181);
        NEW.id := nextval(pg_get_serial_sequence('transition', 'id'));
        SELECT t.hash INTO previous FROM transition t ORDER BY t.id DESC LIMIT 1;
        NEW.prev_hash := previous;
        NEW.hash := ${chained('previous', 'NEW')};
        RETURN NEW;
      END $$`;
}

/**
 * The changed rows of one statement as (ord, before, after), in the order the
 * row-level triggers would have fired; an UPDATE that changes nothing but the
 * timestamps is left out, as organisation_trail() leaves it out.
 */
const CHANGES: Record<'INSERT' | 'UPDATE' | 'DELETE', string> = {
  INSERT: `SELECT row_number() OVER () AS ord, NULL::jsonb AS before, to_jsonb(n) - 'created_at' - 'updated_at' AS after FROM new_rows n`,
  DELETE: `SELECT row_number() OVER () AS ord, to_jsonb(o) - 'created_at' - 'updated_at' AS before, NULL::jsonb AS after FROM old_rows o`,
  UPDATE: `SELECT n.ord, o.before, n.after
           FROM (SELECT row_number() OVER () AS ord, n.id, to_jsonb(n) - 'created_at' - 'updated_at' AS after FROM new_rows n) n
           JOIN (SELECT o.id, to_jsonb(o) - 'created_at' - 'updated_at' AS before FROM old_rows o) o ON o.id = n.id
           WHERE o.before IS DISTINCT FROM n.after`,
};

/** The trail rows of one statement, chained in id order onto the head read under the chain's lock (as transition_chain() does per row). */
function bulkInsert(op: keyof typeof CHANGES): string {
  return `
          INSERT INTO transition (id, at, actor_person_id, unit_id, obligation_id, loop_id, quality_report_id, event, from_state, to_state, reason, payload, prev_hash, hash)
          SELECT x.id, x.at, x.actor_person_id, x.unit_id, NULL, NULL, NULL, x.event, NULL, 'recorded', x.reason, x.payload,
                 coalesce(lag(x.hash) OVER (ORDER BY x.id), head), x.hash
          FROM (
            SELECT r.*, transition_chain_agg(head, ${content('r')}) OVER (ORDER BY r.id) AS hash
            FROM (
              SELECT nextval(pg_get_serial_sequence('transition', 'id')) AS id, clock_timestamp() AS at, actor AS actor_person_id,
                     e.unit_id, e.event, source AS reason, e.payload,
                     NULL::uuid AS obligation_id, NULL::uuid AS loop_id, NULL::uuid AS quality_report_id, NULL::text AS from_state, 'recorded'::text AS to_state
              FROM (
                SELECT c.ord,
                       CASE
                         WHEN TG_OP = 'UPDATE' AND entity = 'person' AND (c.before->>'admin') <> (c.after->>'admin')
                           THEN CASE WHEN (c.after->>'admin')::boolean THEN 'ADMIN_GRANTED' ELSE 'ADMIN_REVOKED' END
                         WHEN TG_OP = 'UPDATE' AND entity IN ('unit', 'assignment', 'enhed') AND (c.after->>'valid_to') IS NOT NULL
                              AND ((c.before->>'valid_to') IS NULL OR (c.after->>'valid_to')::date < (c.before->>'valid_to')::date)
                              AND (c.before - 'valid_to') = (c.after - 'valid_to')
                           THEN upper(entity) || '_CLOSED'
                         ELSE upper(entity) || CASE TG_OP WHEN 'INSERT' THEN '_CREATED' WHEN 'DELETE' THEN '_DELETED' ELSE '_CHANGED' END
                       END AS event,
                       CASE WHEN entity = 'unit' AND TG_OP <> 'DELETE' THEN (c.after->>'id')::uuid
                            WHEN entity IN ('assignment', 'enhed') THEN (coalesce(c.after, c.before)->>'unit_id')::uuid END AS unit_id,
                       jsonb_build_object('entity', entity, 'id', coalesce(c.after, c.before)->>'id', 'before', c.before, 'after', c.after) AS payload
                FROM (${CHANGES[op]}) c
                ORDER BY c.ord
              ) e
            ) r
          ) x
          ORDER BY x.id`;
}

export class BulkTrail1764984000000 implements MigrationInterface {
  name = 'BulkTrail1764984000000';

  async up(q: QueryRunner): Promise<void> {
    // One step of the chain; as a window aggregate ordered by id it is the running chain (the state is the previous row's hash).
    await q.query(`
      CREATE FUNCTION transition_chain_step(previous text, head text, content text) RETURNS text LANGUAGE sql IMMUTABLE AS $$
        SELECT encode(sha256(convert_to(coalesce(previous, head, '') || E'\\n' || content, 'UTF8')), 'hex')
      $$`);
    await q.query(`CREATE AGGREGATE transition_chain_agg(text, text) (SFUNC = transition_chain_step, STYPE = text)`);
    await q.query(chainFunction(true));
    await q.query(`
      CREATE FUNCTION organisation_trail_bulk() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $$
      DECLARE
        entity text := TG_TABLE_NAME;
        actor uuid := nullif(current_setting('kvalitetsloop.actor', true), '')::uuid;
        source text := coalesce(nullif(current_setting('kvalitetsloop.source', true), ''), 'uden for tjenesten');
        head text;
      BEGIN
        IF current_setting('transaction_isolation') <> 'read committed' THEN
          RAISE EXCEPTION 'Revisionssporet skrives kun i READ COMMITTED-transaktioner (hash-kæden, R81)';
        END IF;
        PERFORM pg_advisory_xact_lock(717181);
        SELECT t.hash INTO head FROM transition t ORDER BY t.id DESC LIMIT 1;
        IF TG_OP = 'INSERT' THEN${bulkInsert('INSERT')};
        ELSIF TG_OP = 'UPDATE' THEN${bulkInsert('UPDATE')};
        ELSE${bulkInsert('DELETE')};
        END IF;
        RETURN NULL;
      END $$`);
    for (const table of TABLES) {
      // The row-level trigger stands aside while the statement-level ones write the same rows.
      await q.query(`DROP TRIGGER ${table}_in_trail ON ${table}`);
      await q.query(`
        CREATE TRIGGER ${table}_in_trail AFTER INSERT OR UPDATE OR DELETE ON ${table} FOR EACH ROW
        WHEN (current_setting('kvalitetsloop.trail_bulk', true) IS DISTINCT FROM 'on') EXECUTE FUNCTION organisation_trail()`);
      // Transition tables allow one event per trigger.
      await q.query(`CREATE TRIGGER ${table}_in_trail_bulk_insert AFTER INSERT ON ${table} REFERENCING NEW TABLE AS new_rows
        FOR EACH STATEMENT WHEN (${BULK_ON}) EXECUTE FUNCTION organisation_trail_bulk()`);
      await q.query(`CREATE TRIGGER ${table}_in_trail_bulk_update AFTER UPDATE ON ${table} REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
        FOR EACH STATEMENT WHEN (${BULK_ON}) EXECUTE FUNCTION organisation_trail_bulk()`);
      await q.query(`CREATE TRIGGER ${table}_in_trail_bulk_delete AFTER DELETE ON ${table} REFERENCING OLD TABLE AS old_rows
        FOR EACH STATEMENT WHEN (${BULK_ON}) EXECUTE FUNCTION organisation_trail_bulk()`);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of TABLES) {
      for (const op of ['insert', 'update', 'delete']) await q.query(`DROP TRIGGER ${table}_in_trail_bulk_${op} ON ${table}`);
      await q.query(`DROP TRIGGER ${table}_in_trail ON ${table}`);
      await q.query(`CREATE TRIGGER ${table}_in_trail AFTER INSERT OR UPDATE OR DELETE ON ${table} FOR EACH ROW EXECUTE FUNCTION organisation_trail()`);
    }
    await q.query(`DROP FUNCTION organisation_trail_bulk()`);
    await q.query(chainFunction(false));
    await q.query(`DROP AGGREGATE transition_chain_agg(text, text)`);
    await q.query(`DROP FUNCTION transition_chain_step(text, text, text)`);
  }
}
