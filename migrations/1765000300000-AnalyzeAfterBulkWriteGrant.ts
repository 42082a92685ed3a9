import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * analyze_after_bulk_write() (1765000200000-StatisticsAfterBulkWrites) runs
 * ANALYZE as the migration role, so not every role of the database may call
 * it as often as it likes: EXECUTE is taken from PUBLIC, and
 * grantApplicationPrivileges (src/database/roles.ts) gives it to the
 * application role, whose scheduler calls it.
 */
export class AnalyzeAfterBulkWriteGrant1765000300000 implements MigrationInterface {
  name = 'AnalyzeAfterBulkWriteGrant1765000300000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`REVOKE EXECUTE ON FUNCTION analyze_after_bulk_write(bigint) FROM PUBLIC`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`GRANT EXECUTE ON FUNCTION analyze_after_bulk_write(bigint) TO PUBLIC`);
  }
}
