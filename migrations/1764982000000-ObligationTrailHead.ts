import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * R81's "latest obligation-state transition" of every obligation, kept as an
 * index into the trail instead of being found anew by each coverage audit
 * (`DISTINCT ON (obligation_id) … ORDER BY id DESC` over the whole trail cost
 * a sort of every obligation-state transition of the country per audit).
 *
 * `obligation_trail_head(obligation_id, transition_id, to_state)` holds, per
 * obligation, the id and to_state of its newest transition whose event is one of the obligation
 * statechart's (OBLIGATION_EVENT_TYPES) and whose to_state is an obligation
 * state (OBLIGATION_STATES). Beyond that row's to_state (so that the audit
 * joins the transition row only where it needs its reason, payload or date:
 * completed, cancelled, waived) it stores nothing of its own.
 *
 * It is maintained by a statement-level AFTER INSERT trigger on `transition`
 * in the writer's own transaction (a bulk insert of the scheduler upserts once
 * per statement, not once per row). The trail is append-only and its ids
 * follow the hash chain's order, so the newest qualifying id only ever grows.
 * The application role may only read the table (roles.ts); the trigger and
 * `obligation_trail_head_rebuild()` (`npm run audit:rebuild`) run as the
 * table's owner.
 *
 * The two lists below are the statechart's at the time of writing; a test
 * (test/obligation-trail-head.e2e-spec.ts) compares them with the code's, so
 * a new event needs a new migration.
 */
const EVENTS = `ARRAY['SCHEDULE', 'COMPLETE', 'DEADLINE_PASSED', 'CANCEL', 'WAIVE', 'REOPEN']::text[]`;
const STATES = `ARRAY['planned', 'scheduled', 'overdue', 'completed', 'cancelled', 'waived']::text[]`;

export class ObligationTrailHead1764982000000 implements MigrationInterface {
  name = 'ObligationTrailHead1764982000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE obligation_trail_head (
        obligation_id uuid PRIMARY KEY,
        transition_id bigint NOT NULL,
        to_state varchar NOT NULL
      )`);
    await q.query(`
      CREATE FUNCTION obligation_trail_head_insert() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
      BEGIN
        INSERT INTO obligation_trail_head (obligation_id, transition_id, to_state)
        SELECT DISTINCT ON (n.obligation_id) n.obligation_id, n.id, n.to_state FROM inserted n
        WHERE n.obligation_id IS NOT NULL AND n.event::text = ANY(${EVENTS}) AND n.to_state::text = ANY(${STATES})
        ORDER BY n.obligation_id, n.id DESC
        ON CONFLICT (obligation_id) DO UPDATE SET transition_id = EXCLUDED.transition_id, to_state = EXCLUDED.to_state
          WHERE obligation_trail_head.transition_id < EXCLUDED.transition_id;
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE TRIGGER transition_obligation_trail_head AFTER INSERT ON transition
      REFERENCING NEW TABLE AS inserted FOR EACH STATEMENT EXECUTE FUNCTION obligation_trail_head_insert()`);
    // The rebuild: the same definition, set-based over the whole trail. Returns the number of obligations.
    await q.query(`
      CREATE FUNCTION obligation_trail_head_rebuild() RETURNS bigint LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
      DECLARE
        written bigint;
      BEGIN
        -- The trail's writers wait while the head is rebuilt (they take this lock in transition_chain()).
        PERFORM pg_advisory_xact_lock(717181);
        DELETE FROM obligation_trail_head;
        INSERT INTO obligation_trail_head (obligation_id, transition_id, to_state)
        SELECT DISTINCT ON (t.obligation_id) t.obligation_id, t.id, t.to_state FROM transition t
        WHERE t.obligation_id IS NOT NULL AND t.event::text = ANY(${EVENTS}) AND t.to_state::text = ANY(${STATES})
        ORDER BY t.obligation_id, t.id DESC;
        GET DIAGNOSTICS written = ROW_COUNT;
        RETURN written;
      END $$`);
    await q.query(`SELECT obligation_trail_head_rebuild()`);
    // The audit's columns of a loop obligation, by unit: the whole country is read from this index alone (an index-only
    // scan of about a fifth of the table's pages), a chef's or a unit's slice by its units.
    await q.query(`
      CREATE INDEX obligation_audit ON obligation (unit_id, due_on) INCLUDE (id, loop_id, kind, sequence, subject_key, state)
      WHERE loop_id IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX obligation_audit`);
    await q.query(`DROP TRIGGER transition_obligation_trail_head ON transition`);
    await q.query(`DROP FUNCTION obligation_trail_head_insert()`);
    await q.query(`DROP FUNCTION obligation_trail_head_rebuild()`);
    await q.query(`DROP TABLE obligation_trail_head`);
  }
}
