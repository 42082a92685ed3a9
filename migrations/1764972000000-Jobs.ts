import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Long work as jobs (issue 15). pg-boss queues, claims and retries the jobs in
 * its own schema (`pgboss`, installed by pg-boss itself under the migration
 * role, see src/database/job-queue-schema.ts); this table is what the service
 * tells people about a job: who started it, how far it has come (`done` of
 * `total`, in the job's own unit), and its result or its errors in Danish.
 * pg-boss deletes finished jobs after a while; the job_run row stays.
 */
export class Jobs1764972000000 implements MigrationInterface {
  name = 'Jobs1764972000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE job_run (
        id uuid PRIMARY KEY,
        kind varchar(60) NOT NULL,
        started_by_person_id uuid REFERENCES person (id),
        state varchar(12) NOT NULL DEFAULT 'venter'
          CONSTRAINT job_run_state_known CHECK (state IN ('venter', 'koerer', 'faerdig', 'fejlet')),
        done int NOT NULL DEFAULT 0 CONSTRAINT job_run_done_not_negative CHECK (done >= 0),
        total int CONSTRAINT job_run_total_not_negative CHECK (total IS NULL OR total >= 0),
        attempts int NOT NULL DEFAULT 0,
        input jsonb NOT NULL DEFAULT '{}'::jsonb,
        result jsonb,
        errors jsonb,
        created_at timestamptz NOT NULL DEFAULT now(),
        started_at timestamptz,
        finished_at timestamptz,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX job_run_started_by ON job_run (started_by_person_id, created_at DESC)`);
    await q.query(`CREATE INDEX job_run_kind_created ON job_run (kind, created_at DESC)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE job_run`);
  }
}
