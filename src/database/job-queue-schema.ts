import { PgBoss } from 'pg-boss';

/** pg-boss's own schema: its tables and functions, apart from ours in `public`. */
export const JOB_QUEUE_SCHEMA = 'pgboss';

/**
 * Installs or upgrades pg-boss's schema, as the migration role (the owner of
 * every table), right after our migrations. pg-boss owns that schema's
 * layout and migrates it itself from the version it finds in
 * `pgboss.version`: a migration of ours that copied its SQL would freeze one
 * pg-boss release into a file we may never edit again. It runs under the
 * migration advisory lock (src/database/migrate.ts), and pg-boss takes its own
 * lock too, so two processes starting together install it once.
 */
export async function installJobQueueSchema(migrationUrl: string): Promise<void> {
  const boss = new PgBoss({
    connectionString: migrationUrl,
    schema: JOB_QUEUE_SCHEMA,
    max: 1,
    migrate: true,
    createSchema: true,
    supervise: false,
    schedule: false,
  });
  boss.on('error', () => undefined); // start() rejects with the same error
  await boss.start();
  await boss.stop({ graceful: false });
}

/**
 * The application role's share of pg-boss's schema: read and write its rows
 * and call its functions, never change its layout. Queues are created
 * unpartitioned (a row in pgboss.queue, jobs in the shared table), which needs
 * no more than that.
 */
export async function grantJobQueuePrivileges(query: (sql: string) => Promise<unknown>, app: string): Promise<void> {
  const schema = JOB_QUEUE_SCHEMA;
  await query(`REVOKE CREATE ON SCHEMA ${schema} FROM PUBLIC`);
  await query(`GRANT USAGE ON SCHEMA ${schema} TO ${app}`);
  await query(`GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA ${schema} TO ${app}`);
  await query(`GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA ${schema} TO ${app}`);
  await query(`GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA ${schema} TO ${app}`);
}
