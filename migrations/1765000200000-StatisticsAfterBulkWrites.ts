import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `analyze_after_bulk_write(written)`: the planner's statistics of the
 * obligations and their trail, refreshed at once after a scheduler step that
 * wrote many rows, instead of by autovacuum a minute or more later.
 *
 * A scheduler pass is a series of transactions, each planned with the
 * statistics of the moment. After the first pass over a national import has
 * generated 370,000 obligations, the next steps (markOverdue's join of the
 * late rows, the triggers' lookups of obligations) were planned as if the
 * table were still empty: nested loops over sequential scans, quadratic in
 * the rows, and the pass did not finish. The rule is autovacuum's own
 * (analyse when more than 50 + 10 % of the known rows changed), applied
 * between the steps, so a daily pass that changes a few rows never pays for
 * it.
 *
 * SECURITY DEFINER: only a table's owner may ANALYZE it before PostgreSQL 17
 * (and the application role owns nothing). It analyses these three tables
 * and nothing else, whatever it is given.
 */
export class StatisticsAfterBulkWrites1765000200000 implements MigrationInterface {
  name = 'StatisticsAfterBulkWrites1765000200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION analyze_after_bulk_write(written bigint) RETURNS boolean LANGUAGE plpgsql SECURITY DEFINER
      SET search_path = public, pg_temp AS $$
      DECLARE
        known real;
      BEGIN
        SELECT greatest(c.reltuples, 0) INTO known FROM pg_class c WHERE c.oid = 'obligation'::regclass;
        IF written IS NULL OR written <= 50 + 0.1 * known THEN
          RETURN false;
        END IF;
        ANALYZE obligation;
        ANALYZE transition;
        ANALYZE obligation_trail_head;
        RETURN true;
      END $$`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION analyze_after_bulk_write(bigint)`);
  }
}
