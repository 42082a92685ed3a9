import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A job's result file (issue 15: the whole country's coverage CSV as a job),
 * stored in PostgreSQL so it survives a restart and any replica can serve it:
 * the file in pieces of at most 256 KiB, written and read one piece at a time
 * so neither the job nor the download holds the whole file. The pieces go with
 * their job (ON DELETE CASCADE); the export job deletes pieces older than
 * seven days (README, "Jobs").
 */
export class JobFiles1764983000000 implements MigrationInterface {
  name = 'JobFiles1764983000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE job_file_chunk (
        job_id uuid NOT NULL REFERENCES job_run (id) ON DELETE CASCADE,
        seq int NOT NULL CONSTRAINT job_file_chunk_seq_not_negative CHECK (seq >= 0),
        data bytea NOT NULL,
        PRIMARY KEY (job_id, seq)
      )`);
    // The cleanup looks for finished jobs by age.
    await q.query(`CREATE INDEX job_run_finished_at ON job_run (finished_at) WHERE finished_at IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX job_run_finished_at`);
    await q.query(`DROP TABLE job_file_chunk`);
  }
}
