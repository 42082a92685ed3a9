import { MigrationExecutor } from 'typeorm';
import { createDataSource } from './data-source';

/**
 * Applies every pending migration (the schema comes only from migrations/).
 * `onPending` hears how many there are before they run, so a start can say
 * that it is updating the schema rather than go quiet for seconds.
 */
export async function runMigrations(url: string, onPending?: (count: number) => void): Promise<string[]> {
  const dataSource = createDataSource(url);
  await dataSource.initialize();
  try {
    if (onPending) {
      const pending = await new MigrationExecutor(dataSource).getPendingMigrations();
      if (pending.length > 0) onPending(pending.length);
    }
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    return applied.map((m) => m.name);
  } finally {
    await dataSource.destroy();
  }
}
