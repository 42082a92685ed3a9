import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { loadConfig } from '../config/config';
import { resolveDatabase } from '../database/resolve-database';
import { runCli } from './run-cli';

/**
 * `npm run migration:run|revert|generate`: the TypeORM CLI against the same
 * database the service uses (DATABASE_URL, or the embedded server in DATA_DIR,
 * started for the duration of the command when it is not already running).
 */
runCli(async () => {
  const database = await resolveDatabase(loadConfig());
  try {
    if (!database.migrationUrl) {
      throw Object.assign(new Error('MIGRATION_DATABASE_URL mangler: migrationer køres som migreringsrollen, der ejer skemaet (se README, "Databaseroller")'), { operatorError: true });
    }
    const args = process.argv.slice(2);
    const dataSource = join(__dirname, '..', 'database', 'data-source.cli.js');
    const command = args[0];
    const rest = args.slice(1);
    // generate writes new TS into migrations/, named by the first argument.
    const extra = command === 'migration:generate' ? [join('migrations', rest.shift() ?? 'Migration')] : [];
    const code = await new Promise<number>((resolve) => {
      const child = spawn(process.execPath, [require.resolve('typeorm/cli.js'), command!, ...extra, '-d', dataSource, ...rest], {
        stdio: 'inherit',
        env: { ...process.env, DATABASE_URL: database.migrationUrl },
      });
      child.on('exit', (exitCode) => resolve(exitCode ?? 1));
    });
    process.exitCode = code;
  } finally {
    await database.stop();
  }
});
