import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * R74: statutory obligations (R93–R96) belong to a school or an enhed and a
 * statutory cycle, not to a learning loop, so `obligation.loop_id` becomes
 * optional. They are generated once per unit, kind, sequence (a school year,
 * a skærpet tilsyn …) and subject: a partial unique key, because the loop's
 * key treats every NULL loop as distinct. Limited to this branch's kinds so
 * that the visits' own keys (tilsyn) are not constrained by it.
 */
export class StatutoryObligations1764975000000 implements MigrationInterface {
  name = 'StatutoryObligations1764975000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE obligation ALTER COLUMN loop_id DROP NOT NULL`);
    await q.query(`
      CREATE UNIQUE INDEX obligation_statutory_generated_once ON obligation (unit_id, kind, sequence, subject_key)
      WHERE loop_id IS NULL AND kind IN ('skoleudviklingssamtale', 'handleplan', 'bestyrelsesorientering_handleplan', 'tilsynsrapport')`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX obligation_statutory_generated_once`);
    // Only possible while no statutory obligation exists; refusing is better than deleting their history.
    await q.query(`ALTER TABLE obligation ALTER COLUMN loop_id SET NOT NULL`);
  }
}
