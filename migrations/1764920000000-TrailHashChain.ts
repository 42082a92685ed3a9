import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Tamper evidence for the audit trail (R71, R81) beyond the database's own
 * guard: every `transition` row carries `hash` = SHA-256 over the previous
 * row's hash and the row's content, so a row a superuser changes, removes or
 * inserts breaks the chain at that row (`npm run audit:verify`).
 *
 * The hash is computed by a BEFORE INSERT trigger in the writer's own
 * transaction. Writers are serialised by a transaction-scoped advisory lock,
 * and the row's id is drawn only once the lock is held, so ids follow the
 * chain's order even when transactions commit out of their start order.
 * Under REPEATABLE READ the previous row might not be visible, so the trigger
 * refuses anything but READ COMMITTED rather than fork the chain.
 *
 * The content is a JSON array of every column but the hashes, with `at` in UTC
 * (independent of the session's TimeZone). The verifier
 * (src/modules/audit/trail-chain.ts) computes the same text itself.
 */
const content = (r: string) =>
  `jsonb_build_array(${r}.id, to_char(${r}.at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'), ${r}.actor_person_id, ${r}.unit_id, ${r}.obligation_id, ` +
  `${r}.loop_id, ${r}.quality_report_id, ${r}.event, ${r}.from_state, ${r}.to_state, ${r}.reason, ${r}.payload)::text`;
const chained = (previous: string, r: string) => `encode(sha256(convert_to(coalesce(${previous}, '') || E'\\n' || ${content(r)}, 'UTF8')), 'hex')`;

export class TrailHashChain1764920000000 implements MigrationInterface {
  name = 'TrailHashChain1764920000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE transition ADD COLUMN prev_hash char(64), ADD COLUMN hash char(64)`);

    // Backfill in id order; the append-only trigger is lifted for this one statement of the owner's.
    await q.query(`ALTER TABLE transition DISABLE TRIGGER transition_no_update_or_delete`);
    await q.query(`
      DO $$
      DECLARE
        r transition;
        previous char(64);
      BEGIN
        FOR r IN SELECT * FROM transition ORDER BY id LOOP
          UPDATE transition SET prev_hash = previous, hash = ${chained('previous', 'r')} WHERE id = r.id RETURNING hash INTO previous;
        END LOOP;
      END $$`);
    await q.query(`ALTER TABLE transition ENABLE TRIGGER transition_no_update_or_delete`);
    await q.query(`ALTER TABLE transition ALTER COLUMN hash SET NOT NULL`);
    await q.query(`ALTER TABLE transition ADD CONSTRAINT transition_hash_hex CHECK (hash ~ '^[0-9a-f]{64}$')`);

    await q.query(`
      CREATE FUNCTION transition_chain() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        previous char(64);
      BEGIN
        IF current_setting('transaction_isolation') <> 'read committed' THEN
          RAISE EXCEPTION 'Revisionssporet skrives kun i READ COMMITTED-transaktioner (hash-kæden, R81)';
        END IF;
        PERFORM pg_advisory_xact_lock(717181);
        NEW.id := nextval(pg_get_serial_sequence('transition', 'id'));
        SELECT t.hash INTO previous FROM transition t ORDER BY t.id DESC LIMIT 1;
        NEW.prev_hash := previous;
        NEW.hash := ${chained('previous', 'NEW')};
        RETURN NEW;
      END $$`);
    await q.query(`CREATE TRIGGER transition_hash_chain BEFORE INSERT ON transition FOR EACH ROW EXECUTE FUNCTION transition_chain()`);

    // Every run of the verifier, append-only like the trail: the coverage audit says when the chain was last verified.
    await q.query(`
      CREATE TABLE trail_verification (
        id bigserial PRIMARY KEY,
        at timestamptz NOT NULL DEFAULT clock_timestamp(),
        actor_person_id uuid REFERENCES person (id),
        ok boolean NOT NULL,
        rows_checked bigint NOT NULL,
        last_id bigint,
        last_hash char(64),
        first_bad_id bigint,
        reason text
      )`);
    await q.query(`
      CREATE TRIGGER trail_verification_no_update_or_delete BEFORE UPDATE OR DELETE ON trail_verification
      FOR EACH ROW EXECUTE FUNCTION transition_is_append_only()`);
    await q.query(`
      CREATE TRIGGER trail_verification_no_truncate BEFORE TRUNCATE ON trail_verification
      FOR EACH STATEMENT EXECUTE FUNCTION transition_is_append_only()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE trail_verification`);
    await q.query(`DROP TRIGGER transition_hash_chain ON transition`);
    await q.query(`DROP FUNCTION transition_chain()`);
    await q.query(`ALTER TABLE transition DROP CONSTRAINT transition_hash_hex`);
    await q.query(`ALTER TABLE transition DROP COLUMN hash, DROP COLUMN prev_hash`);
  }
}
