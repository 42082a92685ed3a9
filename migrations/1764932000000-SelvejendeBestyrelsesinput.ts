import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * R64 (second edition): by default no `bestyrelsesinput` obligation for a
 * selvejende dagtilbud, where the board convenes the samtale itself (R60).
 * The open ones already generated are cancelled with that reason (never
 * silently; the audit lists them with it). Completed ones stay. Their previous
 * state is kept in a side table so `down` restores them.
 */
export class SelvejendeBestyrelsesinput1764932000000 implements MigrationInterface {
  name = 'SelvejendeBestyrelsesinput1764932000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE migration_1764932000000_bestyrelsesinput AS
      SELECT o.id, o.state, o.snapshot, o.reason FROM obligation o JOIN unit u ON u.id = o.unit_id
      WHERE o.kind = 'bestyrelsesinput' AND u.governance = 'selvejende' AND o.state IN ('planned', 'scheduled', 'overdue')`);
    await q.query(`ALTER TABLE migration_1764932000000_bestyrelsesinput ADD PRIMARY KEY (id)`);
    const reason = 'R64: bestyrelsesinput gælder ikke selvejende dagtilbud, hvor bestyrelsen selv indkalder til læringssamtalen';
    await q.query(
      `UPDATE obligation o SET state = 'cancelled', reason = $1, version = o.version + 1, updated_at = now(),
              snapshot = jsonb_build_object('status', 'active', 'value', 'cancelled', 'historyValue', '{}'::jsonb, 'context', '{}'::jsonb, 'children', '{}'::jsonb)
       FROM migration_1764932000000_bestyrelsesinput m WHERE o.id = m.id`,
      [reason],
    );
    await q.query(
      `INSERT INTO transition (unit_id, obligation_id, loop_id, event, from_state, to_state, reason)
       SELECT o.unit_id, o.id, o.loop_id, 'CANCEL', m.state, 'cancelled', $1 FROM obligation o JOIN migration_1764932000000_bestyrelsesinput m ON m.id = o.id`,
      [reason],
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      INSERT INTO transition (unit_id, obligation_id, loop_id, event, from_state, to_state, reason)
      SELECT o.unit_id, o.id, o.loop_id, 'MIGRATION_REVERTED', o.state, m.state, 'migrering 1764932000000 rullet tilbage'
      FROM obligation o JOIN migration_1764932000000_bestyrelsesinput m ON m.id = o.id`);
    await q.query(`
      UPDATE obligation o SET state = m.state, snapshot = m.snapshot, reason = m.reason, version = o.version + 1, updated_at = now()
      FROM migration_1764932000000_bestyrelsesinput m WHERE o.id = m.id`);
    await q.query(`DROP TABLE migration_1764932000000_bestyrelsesinput`);
  }
}
