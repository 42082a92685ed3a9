import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The scheduler's overdue reminders look only at what changed since the
 * previous pass (issue 15): `scheduler_state.reminders_watermark` remembers
 * from when, and a partial index on the overdue obligations' `updated_at`
 * answers "overdue and changed since" without reading every overdue row.
 */
export class ReminderWatermark1764973000000 implements MigrationInterface {
  name = 'ReminderWatermark1764973000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE scheduler_state ADD COLUMN reminders_watermark timestamptz`);
    await q.query(`CREATE INDEX obligation_overdue_changed ON obligation (updated_at) WHERE state = 'overdue'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX obligation_overdue_changed`);
    await q.query(`ALTER TABLE scheduler_state DROP COLUMN reminders_watermark`);
  }
}
