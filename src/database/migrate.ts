import { MigrationExecutor } from 'typeorm';
import { createDataSource } from './data-source';
import type { ResolvedDatabase } from './resolve-database';
import { grantJobQueuePrivileges, installJobQueueSchema } from './job-queue-schema';
import { assertApplicationRole, DatabaseRoleError, grantApplicationPrivileges } from './roles';

/**
 * Applies every pending migration (the schema comes only from migrations/) as
 * the migration role, then grants the application role what it needs and no
 * more (see roles.ts). `onPending` hears how many there are before they run,
 * so a start can say that it is updating the schema rather than go quiet.
 */
export async function runMigrations(
  migrationUrl: string,
  options: { applicationRole?: string; onPending?: (count: number) => void } = {},
): Promise<string[]> {
  const dataSource = createDataSource(migrationUrl);
  await dataSource.initialize();
  // Processes starting at the same moment (the service and `npm run import`) must not run the same migration twice.
  const lock = dataSource.createQueryRunner();
  await lock.connect();
  await lock.query(`SELECT pg_advisory_lock($1)`, [MIGRATION_LOCK]);
  try {
    if (options.onPending) {
      const pending = await new MigrationExecutor(dataSource).getPendingMigrations();
      if (pending.length > 0) options.onPending(pending.length);
    }
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    await installJobQueueSchema(migrationUrl);
    if (options.applicationRole) {
      const app = `"${options.applicationRole.replace(/"/g, '""')}"`;
      await dataSource.transaction(async (em) => {
        await grantApplicationPrivileges((sql) => em.query(sql), options.applicationRole!);
        await grantJobQueuePrivileges((sql) => em.query(sql), app);
      });
    }
    return applied.map((m) => m.name);
  } finally {
    await lock.query(`SELECT pg_advisory_unlock($1)`, [MIGRATION_LOCK]).catch(() => undefined);
    await lock.release();
    await dataSource.destroy();
  }
}

const MIGRATION_LOCK = 0x4b4c4d4947; // "KLMIG"


/**
 * Before the service (or a command) uses the database: migrate as the
 * migration role when one is given, otherwise insist the schema is current;
 * then refuse an application role that could rewrite the audit trail.
 */
export async function prepareDatabase(
  database: Pick<ResolvedDatabase, 'url' | 'migrationUrl'>,
  onPending?: (count: number) => void,
): Promise<string[]> {
  let applied: string[] = [];
  if (database.migrationUrl) {
    applied = await runMigrations(database.migrationUrl, { applicationRole: decodeURIComponent(new URL(database.url).username), onPending });
  } else {
    const dataSource = createDataSource(database.url);
    await dataSource.initialize();
    try {
      if (await dataSource.showMigrations()) {
        throw new DatabaseRoleError('Databasens skema er ikke opdateret; sæt MIGRATION_DATABASE_URL til migreringsrollen, så tjenesten kan køre migrationerne (se README, "Databaseroller").');
      }
    } finally {
      await dataSource.destroy();
    }
  }
  await assertApplicationRole(database.url);
  return applied;
}
