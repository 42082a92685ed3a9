import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * transition_chain() (1764920000000-TrailHashChain) reads the chain's head —
 * `ORDER BY id DESC LIMIT 1` — once per trail row. PL/pgSQL plans that read
 * once per session and keeps the plan; within one transaction it is not
 * replanned when statistics change. A session whose first trail row was
 * written while the statistics said the trail was small (after an ANALYZE of
 * a young database, as every new installation and bench:api's build has)
 * keeps a sequential scan of the whole trail plus a sort, for every row: one
 * statement that writes n rows then costs n scans of a growing table. The
 * scheduler's first pass over a national import (129,000 DEADLINE_PASSED
 * rows in one statement) was still running after ten minutes (quadratic: about forty by
 * extrapolation) instead of seconds.
 *
 * With sequential scans off inside the function, the only plan left is the
 * primary key's backward scan: one index probe per row, whatever the
 * statistics say. The setting applies only while the function runs.
 * organisation_trail_bulk() reads the head once per statement and is left as
 * it is.
 */
export class ChainHeadByIndex1765000000000 implements MigrationInterface {
  name = 'ChainHeadByIndex1765000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER FUNCTION transition_chain() SET enable_seqscan = off`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER FUNCTION transition_chain() RESET enable_seqscan`);
  }
}
