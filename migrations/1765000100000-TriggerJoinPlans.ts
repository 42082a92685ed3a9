import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * PL/pgSQL plans each query of a function once per session and keeps the
 * plan: the statement-level triggers that join a statement's OLD and NEW
 * transition tables (1764990000000-UnitAuditStamp, 1764984000000-BulkTrail)
 * were planned for whatever the session's first statement changed. After a
 * one-row update that is a nested loop, which a later statement of n rows
 * runs as n scans of the other table: the scheduler's first national pass
 * (129,000 DEADLINE_PASSED updates in one statement) spent more than two
 * minutes re-reading old_rows from disk and was still going.
 *
 * So the plans no longer depend on the first statement:
 *
 * - the joins of two transition tables never use a nested loop (a hash join
 *   is linear in the statement's rows, one row or 129,000);
 * - unit_audit_stamp_bump() keeps its index lookups, whoever calls it;
 * - the trail head's stamp joins a statement's new rows to `obligation` by
 *   its primary key, one probe per row: never by a hash over the whole table
 *   (which a session whose first statement was a national pass would keep
 *   for every small write after it), nor by a scan of it per row (which
 *   statistics from an emptier table chose).
 *
 * The settings apply only while each function runs.
 */
const NO_NESTED_LOOP = ['unit_audit_stamp_obligation()', 'unit_audit_stamp_unit()', 'unit_audit_stamp_report()', 'organisation_trail_bulk()'];

export class TriggerJoinPlans1765000100000 implements MigrationInterface {
  name = 'TriggerJoinPlans1765000100000';

  async up(q: QueryRunner): Promise<void> {
    for (const fn of NO_NESTED_LOOP) await q.query(`ALTER FUNCTION ${fn} SET enable_nestloop = off`);
    await q.query(`ALTER FUNCTION unit_audit_stamp_bump(uuid[]) SET enable_nestloop = on`);
    await q.query(`ALTER FUNCTION unit_audit_stamp_trail_head() SET enable_hashjoin = off`);
    await q.query(`ALTER FUNCTION unit_audit_stamp_trail_head() SET enable_mergejoin = off`);
    await q.query(`ALTER FUNCTION unit_audit_stamp_trail_head() SET enable_seqscan = off`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER FUNCTION unit_audit_stamp_trail_head() RESET enable_seqscan`);
    await q.query(`ALTER FUNCTION unit_audit_stamp_trail_head() RESET enable_mergejoin`);
    await q.query(`ALTER FUNCTION unit_audit_stamp_trail_head() RESET enable_hashjoin`);
    await q.query(`ALTER FUNCTION unit_audit_stamp_bump(uuid[]) RESET enable_nestloop`);
    for (const fn of NO_NESTED_LOOP) await q.query(`ALTER FUNCTION ${fn} RESET enable_nestloop`);
  }
}
