import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Reads at national scale (issue 14): indexes that let PostgreSQL answer
 * "what may this person see" (visibility.ts, R3/R6) by looking the person up
 * instead of scanning every obligation, and the audit trail page by page.
 *
 * - One index per person column of `obligation`, each with `due_on` so a
 *   date window (the calendar feeds, a unit's list) narrows inside the index;
 *   the responsible person's replaces its single-column index.
 * - The R51 subject (a next-layer leader's id as text) only where it is one.
 * - R6's branch: a unit's open obligations by opening date.
 * - The administration's own open duties (datapakker) for its Mit overblik.
 * - A person's assignments by role (R6's units in office), covering the
 *   columns the lookup reads (an index-only scan: 5 pages), so it does not go
 *   through the GiST of the no-overlap constraint, which leads with unit_id
 *   and reads 700 pages for one person at 10,000 units; it replaces
 *   `assignment_person`.
 * - The trail (R71, R81) newest first, by `(at, id)` overall and within each
 *   filter, for keyset pagination.
 */
export class ReadIndexes1764970000000 implements MigrationInterface {
  name = 'ReadIndexes1764970000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX obligation_chef_due ON obligation (chef_person_id, due_on)`);
    await q.query(`CREATE INDEX obligation_leader_due ON obligation (leader_person_id, due_on)`);
    await q.query(`CREATE INDEX obligation_responsible_due ON obligation (responsible_person_id, due_on)`);
    await q.query(`DROP INDEX obligation_responsible`);
    await q.query(`CREATE INDEX obligation_subject_due ON obligation (subject_key, due_on) WHERE kind = 'ledelsesopfoelgning'`);
    await q.query(`CREATE INDEX obligation_unit_open ON obligation (unit_id, opens_on) WHERE state IN ('planned', 'scheduled', 'overdue')`);
    await q.query(`CREATE INDEX obligation_admin_open ON obligation (opens_on) WHERE responsible_role = 'admin' AND state IN ('planned', 'scheduled', 'overdue')`);

    await q.query(`CREATE INDEX assignment_person_role ON assignment (person_id, role) INCLUDE (valid_from, valid_to, unit_id)`);
    await q.query(`DROP INDEX assignment_person`);

    await q.query(`CREATE INDEX transition_at ON transition (at, id)`);
    await q.query(`DROP INDEX transition_unit`);
    await q.query(`CREATE INDEX transition_unit ON transition (unit_id, at, id)`);
    await q.query(`DROP INDEX transition_actor`);
    await q.query(`CREATE INDEX transition_actor ON transition (actor_person_id, at, id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX transition_actor`);
    await q.query(`CREATE INDEX transition_actor ON transition (actor_person_id, at)`);
    await q.query(`DROP INDEX transition_unit`);
    await q.query(`CREATE INDEX transition_unit ON transition (unit_id, at)`);
    await q.query(`DROP INDEX transition_at`);
    await q.query(`CREATE INDEX assignment_person ON assignment (person_id)`);
    await q.query(`DROP INDEX assignment_person_role`);
    await q.query(`DROP INDEX obligation_admin_open`);
    await q.query(`DROP INDEX obligation_unit_open`);
    await q.query(`DROP INDEX obligation_subject_due`);
    await q.query(`CREATE INDEX obligation_responsible ON obligation (responsible_person_id)`);
    await q.query(`DROP INDEX obligation_responsible_due`);
    await q.query(`DROP INDEX obligation_leader_due`);
    await q.query(`DROP INDEX obligation_chef_due`);
  }
}
