import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A booking may carry a time of day and a place (issue 10): a booked
 * obligation with a start time is a timed calendar event, otherwise all-day.
 * Times are wall-clock 'HH:MM' in Europe/Copenhagen, like the dates (R72).
 */
export class BookingTimes1764950000000 implements MigrationInterface {
  name = 'BookingTimes1764950000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE obligation ADD COLUMN start_time varchar(5), ADD COLUMN end_time varchar(5), ADD COLUMN location varchar(300)`);
    await q.query(`
      ALTER TABLE obligation ADD CONSTRAINT obligation_booking_times CHECK (
        (end_time IS NULL OR (start_time IS NOT NULL AND end_time > start_time)) AND (start_time IS NULL OR scheduled_on IS NOT NULL))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE obligation DROP CONSTRAINT obligation_booking_times`);
    await q.query(`ALTER TABLE obligation DROP COLUMN location, DROP COLUMN end_time, DROP COLUMN start_time`);
  }
}
