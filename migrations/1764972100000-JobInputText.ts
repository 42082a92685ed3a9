import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A job's input is kept as JSON text, not jsonb: an import's files may hold a
 * NUL character, which jsonb refuses ("unsupported Unicode escape sequence")
 * while JSON text keeps it escaped as \\u0000, so the import can refuse that
 * row with file, line and column instead of the request failing.
 */
export class JobInputText1764972100000 implements MigrationInterface {
  name = 'JobInputText1764972100000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE job_run ALTER COLUMN input DROP DEFAULT`);
    await q.query(`ALTER TABLE job_run ALTER COLUMN input TYPE text USING input::text`);
    await q.query(`ALTER TABLE job_run ALTER COLUMN input SET DEFAULT '{}'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE job_run ALTER COLUMN input DROP DEFAULT`);
    await q.query(`ALTER TABLE job_run ALTER COLUMN input TYPE jsonb USING input::jsonb`);
    await q.query(`ALTER TABLE job_run ALTER COLUMN input SET DEFAULT '{}'::jsonb`);
  }
}
