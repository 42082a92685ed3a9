import { MigrationInterface, QueryRunner } from 'typeorm';

const snapshot = (state: string) => `jsonb_build_object('status', 'active', 'value', ${state}, 'historyValue', '{}'::jsonb, 'context', '{}'::jsonb, 'children', '{}'::jsonb)`;

/**
 * Second edition of the rulebook, R13 and R33.
 *
 * - R13: a report's expected treatment date (`byraad_planlagt`) is recorded in
 *   advance: `quality_report.byraad_planlagt_on`.
 * - R33: the loopopsamling is due 1 October of the year before the loop's
 *   expected end (it was 8 weeks before), opening 12 weeks earlier, never
 *   before the loop starts. Open ones are moved there; ones the next report's
 *   treatment cancelled ("ny kvalitetsrapport behandlet") are reinstated, as
 *   the rule no longer lets a treatment cancel them silently (the scheduler
 *   marks them overdue on its next pass). Each row's previous values are kept
 *   in a side table so `down` restores them; every change is in the audit trail.
 */
export class PlannedTreatmentAndLoopopsamling1764930000000 implements MigrationInterface {
  name = 'PlannedTreatmentAndLoopopsamling1764930000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE quality_report ADD COLUMN byraad_planlagt_on date`);
    await q.query(`
      CREATE TABLE migration_1764930000000_loopopsamling AS
      SELECT o.id, o.state, o.snapshot, o.opens_on, o.due_on, o.reason,
             greatest(l.starts_on, least(make_date(extract(year FROM l.expected_end_on)::int - 1, 10, 1), l.expected_end_on - 1)) AS new_due,
             l.starts_on
      FROM obligation o JOIN learning_loop l ON l.id = o.loop_id
      WHERE o.kind = 'loopopsamling'
        AND (o.state IN ('planned', 'scheduled', 'overdue') OR (o.state = 'cancelled' AND o.reason = 'ny kvalitetsrapport behandlet'))`);
    await q.query(`ALTER TABLE migration_1764930000000_loopopsamling ADD PRIMARY KEY (id)`);
    await q.query(`
      UPDATE obligation o SET
        due_on = m.new_due,
        opens_on = least(m.new_due, greatest(m.starts_on, m.new_due - 84)),
        state = CASE WHEN o.state = 'cancelled' THEN 'planned' ELSE o.state END,
        snapshot = CASE WHEN o.state = 'cancelled' THEN ${snapshot(`'planned'`)} ELSE o.snapshot END,
        reason = CASE WHEN o.state = 'cancelled' THEN NULL ELSE o.reason END,
        version = o.version + 1, updated_at = now()
      FROM migration_1764930000000_loopopsamling m WHERE o.id = m.id`);
    await q.query(`
      INSERT INTO transition (unit_id, obligation_id, loop_id, event, from_state, to_state, reason, payload)
      SELECT o.unit_id, o.id, o.loop_id, CASE WHEN m.state = 'cancelled' THEN 'REINSTATED' ELSE 'REPLANNED' END, m.state, o.state,
             'R33: loopopsamlingen forfalder 1. oktober året før næste behandling og aflyses ikke af den (rammens 2. udgave)',
             jsonb_build_object('opensOn', m.opens_on::text, 'dueOn', m.due_on::text, 'newOpensOn', o.opens_on::text, 'newDueOn', o.due_on::text)
      FROM obligation o JOIN migration_1764930000000_loopopsamling m ON m.id = o.id`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      INSERT INTO transition (unit_id, obligation_id, loop_id, event, from_state, to_state, reason)
      SELECT o.unit_id, o.id, o.loop_id, 'MIGRATION_REVERTED', o.state, m.state, 'migrering 1764930000000 rullet tilbage'
      FROM obligation o JOIN migration_1764930000000_loopopsamling m ON m.id = o.id`);
    await q.query(`
      UPDATE obligation o SET opens_on = m.opens_on, due_on = m.due_on, state = m.state, snapshot = m.snapshot, reason = m.reason,
             version = o.version + 1, updated_at = now()
      FROM migration_1764930000000_loopopsamling m WHERE o.id = m.id`);
    await q.query(`DROP TABLE migration_1764930000000_loopopsamling`);
    await q.query(`ALTER TABLE quality_report DROP COLUMN byraad_planlagt_on`);
  }
}
