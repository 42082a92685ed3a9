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
 * migration role, with a fixed search_path), and the per-row chain trigger
 * stands aside only for a row a trigger inserts with its hash as a role that
 * may UPDATE the trail (its owner, through that function); a hash the
 * application role supplies itself is recomputed as before.
 */
const TABLES = ['unit', 'person', 'assignment', 'enhed'] as const;
const BULK_ON = `current_setting('kvalitetsloop.trail_bulk', true) = 'on'`;

// The content transition_chain() hashes; 'utc' in lower case (the same zone) so src/web/labels.spec.ts does not read it as a trail event.
const content = (r: string) =>
  `jsonb_build_array(${r}.id, to_char(${r}.at AT TIME ZONE 'utc', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'), ${r}.actor_person_id, ${r}.unit_id, ${r}.obligation_id, ` +
  `${r}.loop_id, ${r}.quality_report_id, ${r}.event, ${r}.from_state, ${r}.to_state, ${r}.reason, ${r}.payload)::text`;

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

/**
 * The trail rows of one statement, chained onto the head read under the
 * chain's lock (as transition_chain() does per row). Ids are drawn in `ord`
 * order (the rows come sorted into nextval), so ordering the chain by `ord`
 * is ordering it by id, without sorting the rows again by the drawn ids.
 */
function bulkInsert(op: keyof typeof CHANGES): string {
  return `
          INSERT INTO transition (id, at, actor_person_id, unit_id, obligation_id, loop_id, quality_report_id, event, from_state, to_state, reason, payload, prev_hash, hash)
          SELECT x.id, x.at, x.actor_person_id, x.unit_id, NULL, NULL, NULL, x.event, NULL, 'recorded', x.reason, x.payload,
                 coalesce(lag(x.hash) OVER (ORDER BY x.ord), head), x.hash
          FROM (
            SELECT r.*, transition_chain_agg(head, ${content('r')}) OVER (ORDER BY r.ord) AS hash
            FROM (
              SELECT e.ord, nextval(pg_get_serial_sequence('transition', 'id')) AS id, clock_timestamp() AS at, actor AS actor_person_id,
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
          ORDER BY x.ord`;
}

export class BulkTrail1764984000000 implements MigrationInterface {
  name = 'BulkTrail1764984000000';

  async up(q: QueryRunner): Promise<void> {
    // One step of the chain; as a window aggregate ordered by id it is the running chain (the state is the previous row's hash).
    // plpgsql, not sql: an aggregate's step function is never inlined, and plpgsql evaluates a simple expression without the SQL function's per-call executor.
    await q.query(`
      CREATE FUNCTION transition_chain_step(previous text, head text, content text) RETURNS text LANGUAGE plpgsql IMMUTABLE AS $$
      BEGIN
        RETURN encode(sha256(convert_to(coalesce(previous, head, '') || E'\\n' || content, 'UTF8')), 'hex');
      END $$`);
    await q.query(`CREATE AGGREGATE transition_chain_agg(text, text) (SFUNC = transition_chain_step, STYPE = text)`);
    // Rows chained already, set-based, by organisation_trail_bulk() skip the per-row chain: inserted by a trigger (depth > 0)
    // with a hash, by a role that may UPDATE the trail (its owner; the application role may not). Any other row is chained as before.
    await q.query(`DROP TRIGGER transition_hash_chain ON transition`);
    await q.query(`
      CREATE TRIGGER transition_hash_chain BEFORE INSERT ON transition FOR EACH ROW
      WHEN (NEW.hash IS NULL OR pg_trigger_depth() = 0 OR NOT has_table_privilege('transition'::regclass, 'UPDATE')) EXECUTE FUNCTION transition_chain()`);
    await q.query(`
      CREATE FUNCTION organisation_trail_bulk() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
      -- A national import's statement holds 45,000 rows: sorting them in memory, not on disk.
      SET search_path = pg_catalog, public SET work_mem = '64MB' AS $$
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
    await q.query(`DROP TRIGGER transition_hash_chain ON transition`);
    await q.query(`CREATE TRIGGER transition_hash_chain BEFORE INSERT ON transition FOR EACH ROW EXECUTE FUNCTION transition_chain()`);
    await q.query(`DROP AGGREGATE transition_chain_agg(text, text)`);
    await q.query(`DROP FUNCTION transition_chain_step(text, text, text)`);
  }
}
