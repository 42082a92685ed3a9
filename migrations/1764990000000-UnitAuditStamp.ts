import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A per-unit stamp for the coverage audit's memo (issue 14): `unit_audit_stamp(unit_id, stamp)`, one row per unit,
 * set to a new value from `unit_audit_stamp_seq` by statement-level triggers in the writer's own transaction whenever
 * a row the audit judges a unit by changes:
 *
 *   obligation            insert, delete, and an update of a column the audit reads (unit, loop, kind, sequence,
 *                         subject, due date, stored state — R81's mismatch); a new responsible or a booking's time
 *                         does not bump;
 *   obligation_trail_head insert, update, delete (R81: the result comes from the trail; the head follows every
 *                         obligation-state transition, and `npm run audit:rebuild` rewrites it, bumping every unit);
 *   learning_loop         insert, update, delete (which loops, their report and framework version);
 *   quality_report        an update of `themes` (R22): every unit with a loop on that report;
 *   unit                  an update of `type` (R28 judges FU only); a new unit gets its row here.
 *
 * The memo (src/modules/audit/coverage-memo.ts) keys a unit's judged result by this stamp and reads the stamps in
 * the same snapshot as the data, so an entry computed under stamp v is exact for every snapshot that still reads v.
 * The stamps come from a sequence (never reused, also after a rollback), not stamp + 1: a rolled-back bump can never
 * be confused with a later committed one.
 *
 * One UPDATE per statement for the distinct units (bulk generation and imports stay set-based), taking the stamp rows
 * in unit-id order so two bulk writers cannot deadlock on them. Concurrent writers to the same unit serialise on its
 * stamp row until commit; writers of different units do not.
 *
 * The application role may only read the table (roles.ts READ_ONLY_TABLES); the trigger functions run as the owner.
 */
export class UnitAuditStamp1764990000000 implements MigrationInterface {
  name = 'UnitAuditStamp1764990000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE SEQUENCE unit_audit_stamp_seq`);
    await q.query(`
      CREATE TABLE unit_audit_stamp (
        unit_id uuid PRIMARY KEY REFERENCES unit (id) ON DELETE CASCADE,
        stamp bigint NOT NULL DEFAULT nextval('unit_audit_stamp_seq')
      )`);
    await q.query(`INSERT INTO unit_audit_stamp (unit_id) SELECT id FROM unit`);
    await q.query(`
      CREATE FUNCTION unit_audit_stamp_bump(units uuid[]) RETURNS void LANGUAGE sql SECURITY DEFINER SET search_path = public, pg_temp AS $$
        UPDATE unit_audit_stamp s SET stamp = nextval('unit_audit_stamp_seq')
        FROM (SELECT l.unit_id FROM unit_audit_stamp l WHERE l.unit_id = ANY(units) ORDER BY l.unit_id FOR UPDATE) locked
        WHERE s.unit_id = locked.unit_id
      $$`);
    await q.query(`REVOKE EXECUTE ON FUNCTION unit_audit_stamp_bump(uuid[]) FROM PUBLIC`);

    // obligation
    await q.query(`
      CREATE FUNCTION unit_audit_stamp_obligation() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
      BEGIN
        IF TG_OP = 'INSERT' THEN
          PERFORM unit_audit_stamp_bump(ARRAY(SELECT DISTINCT n.unit_id FROM new_rows n));
        ELSIF TG_OP = 'DELETE' THEN
          PERFORM unit_audit_stamp_bump(ARRAY(SELECT DISTINCT o.unit_id FROM old_rows o));
        ELSE
          PERFORM unit_audit_stamp_bump(ARRAY(
            SELECT u FROM new_rows n JOIN old_rows o ON o.id = n.id
            CROSS JOIN LATERAL (VALUES (n.unit_id), (o.unit_id)) v(u)
            WHERE (n.unit_id, n.loop_id, n.kind, n.sequence, n.subject_key, n.due_on, n.state)
                  IS DISTINCT FROM (o.unit_id, o.loop_id, o.kind, o.sequence, o.subject_key, o.due_on, o.state)
            GROUP BY u));
        END IF;
        RETURN NULL;
      END $$`);
    await q.query(`CREATE TRIGGER obligation_audit_stamp_insert AFTER INSERT ON obligation REFERENCING NEW TABLE AS new_rows
                   FOR EACH STATEMENT EXECUTE FUNCTION unit_audit_stamp_obligation()`);
    await q.query(`CREATE TRIGGER obligation_audit_stamp_update AFTER UPDATE ON obligation REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
                   FOR EACH STATEMENT EXECUTE FUNCTION unit_audit_stamp_obligation()`);
    await q.query(`CREATE TRIGGER obligation_audit_stamp_delete AFTER DELETE ON obligation REFERENCING OLD TABLE AS old_rows
                   FOR EACH STATEMENT EXECUTE FUNCTION unit_audit_stamp_obligation()`);

    // obligation_trail_head (maintained from the trail by its own trigger, and rebuilt by audit:rebuild)
    await q.query(`
      CREATE FUNCTION unit_audit_stamp_trail_head() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
      BEGIN
        IF TG_OP = 'DELETE' THEN
          PERFORM unit_audit_stamp_bump(ARRAY(SELECT DISTINCT ob.unit_id FROM old_rows h JOIN obligation ob ON ob.id = h.obligation_id));
        ELSE
          PERFORM unit_audit_stamp_bump(ARRAY(SELECT DISTINCT ob.unit_id FROM new_rows h JOIN obligation ob ON ob.id = h.obligation_id));
        END IF;
        RETURN NULL;
      END $$`);
    await q.query(`CREATE TRIGGER trail_head_audit_stamp_insert AFTER INSERT ON obligation_trail_head REFERENCING NEW TABLE AS new_rows
                   FOR EACH STATEMENT EXECUTE FUNCTION unit_audit_stamp_trail_head()`);
    await q.query(`CREATE TRIGGER trail_head_audit_stamp_update AFTER UPDATE ON obligation_trail_head REFERENCING NEW TABLE AS new_rows
                   FOR EACH STATEMENT EXECUTE FUNCTION unit_audit_stamp_trail_head()`);
    await q.query(`CREATE TRIGGER trail_head_audit_stamp_delete AFTER DELETE ON obligation_trail_head REFERENCING OLD TABLE AS old_rows
                   FOR EACH STATEMENT EXECUTE FUNCTION unit_audit_stamp_trail_head()`);

    // learning_loop
    await q.query(`
      CREATE FUNCTION unit_audit_stamp_loop() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
      BEGIN
        IF TG_OP = 'INSERT' THEN
          PERFORM unit_audit_stamp_bump(ARRAY(SELECT DISTINCT n.unit_id FROM new_rows n));
        ELSIF TG_OP = 'DELETE' THEN
          PERFORM unit_audit_stamp_bump(ARRAY(SELECT DISTINCT o.unit_id FROM old_rows o));
        ELSE
          PERFORM unit_audit_stamp_bump(ARRAY(SELECT n.unit_id FROM new_rows n UNION SELECT o.unit_id FROM old_rows o));
        END IF;
        RETURN NULL;
      END $$`);
    await q.query(`CREATE TRIGGER loop_audit_stamp_insert AFTER INSERT ON learning_loop REFERENCING NEW TABLE AS new_rows
                   FOR EACH STATEMENT EXECUTE FUNCTION unit_audit_stamp_loop()`);
    await q.query(`CREATE TRIGGER loop_audit_stamp_update AFTER UPDATE ON learning_loop REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
                   FOR EACH STATEMENT EXECUTE FUNCTION unit_audit_stamp_loop()`);
    await q.query(`CREATE TRIGGER loop_audit_stamp_delete AFTER DELETE ON learning_loop REFERENCING OLD TABLE AS old_rows
                   FOR EACH STATEMENT EXECUTE FUNCTION unit_audit_stamp_loop()`);

    // quality_report: R22 judges focus areas against the report's themes.
    await q.query(`
      CREATE FUNCTION unit_audit_stamp_report() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
      BEGIN
        PERFORM unit_audit_stamp_bump(ARRAY(
          SELECT DISTINCT l.unit_id FROM new_rows n JOIN old_rows o ON o.id = n.id JOIN learning_loop l ON l.quality_report_id = n.id
          WHERE n.themes::jsonb IS DISTINCT FROM o.themes::jsonb));
        RETURN NULL;
      END $$`);
    await q.query(`CREATE TRIGGER report_audit_stamp_update AFTER UPDATE ON quality_report REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
                   FOR EACH STATEMENT EXECUTE FUNCTION unit_audit_stamp_report()`);

    // unit: a new unit's row; a change of type (R28).
    await q.query(`
      CREATE FUNCTION unit_audit_stamp_unit() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
      BEGIN
        IF TG_OP = 'INSERT' THEN
          INSERT INTO unit_audit_stamp (unit_id) SELECT n.id FROM new_rows n ON CONFLICT (unit_id) DO NOTHING;
        ELSE
          PERFORM unit_audit_stamp_bump(ARRAY(SELECT n.id FROM new_rows n JOIN old_rows o ON o.id = n.id WHERE n.type IS DISTINCT FROM o.type));
        END IF;
        RETURN NULL;
      END $$`);
    await q.query(`CREATE TRIGGER unit_audit_stamp_insert AFTER INSERT ON unit REFERENCING NEW TABLE AS new_rows
                   FOR EACH STATEMENT EXECUTE FUNCTION unit_audit_stamp_unit()`);
    await q.query(`CREATE TRIGGER unit_audit_stamp_update AFTER UPDATE ON unit REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
                   FOR EACH STATEMENT EXECUTE FUNCTION unit_audit_stamp_unit()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER unit_audit_stamp_update ON unit`);
    await q.query(`DROP TRIGGER unit_audit_stamp_insert ON unit`);
    await q.query(`DROP TRIGGER report_audit_stamp_update ON quality_report`);
    await q.query(`DROP TRIGGER loop_audit_stamp_delete ON learning_loop`);
    await q.query(`DROP TRIGGER loop_audit_stamp_update ON learning_loop`);
    await q.query(`DROP TRIGGER loop_audit_stamp_insert ON learning_loop`);
    await q.query(`DROP TRIGGER trail_head_audit_stamp_delete ON obligation_trail_head`);
    await q.query(`DROP TRIGGER trail_head_audit_stamp_update ON obligation_trail_head`);
    await q.query(`DROP TRIGGER trail_head_audit_stamp_insert ON obligation_trail_head`);
    await q.query(`DROP TRIGGER obligation_audit_stamp_delete ON obligation`);
    await q.query(`DROP TRIGGER obligation_audit_stamp_update ON obligation`);
    await q.query(`DROP TRIGGER obligation_audit_stamp_insert ON obligation`);
    await q.query(`DROP FUNCTION unit_audit_stamp_unit()`);
    await q.query(`DROP FUNCTION unit_audit_stamp_report()`);
    await q.query(`DROP FUNCTION unit_audit_stamp_loop()`);
    await q.query(`DROP FUNCTION unit_audit_stamp_trail_head()`);
    await q.query(`DROP FUNCTION unit_audit_stamp_obligation()`);
    await q.query(`DROP FUNCTION unit_audit_stamp_bump(uuid[])`);
    await q.query(`DROP TABLE unit_audit_stamp`);
    await q.query(`DROP SEQUENCE unit_audit_stamp_seq`);
  }
}
