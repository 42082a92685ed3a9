import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { AppConfig } from '../config/config';

/**
 * For commands that read the service's data (`npm run token`): with the
 * embedded database, the cluster must already exist in DATA_DIR. Starting the
 * embedded server on a missing directory would create a new, empty database
 * (./data where the command happens to run) and then answer "no such person",
 * which says nothing about the real cause. Returns the Danish message that
 * says which directory was looked in and what to do, or null when there is a
 * database to use (an external DATABASE_URL, or a cluster in DATA_DIR).
 */
export function missingEmbeddedDatabase(config: Pick<AppConfig, 'databaseUrl' | 'dataDir'>, cwd = process.cwd()): string | null {
  if (config.databaseUrl) return null;
  const dir = resolve(cwd, config.dataDir);
  if (existsSync(join(dir, 'pg', 'PG_VERSION'))) return null;
  return (
    `Der er ingen database i ${dir}. Kommandoen bruger samme datamappe som npm start: DATA_DIR, eller ./data i den mappe, ` +
    `kommandoen køres fra. Start tjenesten (npm start) fra samme mappe først, sæt DATA_DIR til tjenestens datamappe (tjenestens startlinje viser kommandoen med den), eller brug DATABASE_URL.`
  );
}

/**
 * The token command as the service's start line offers it, for `email`: with the embedded database and a DATA_DIR
 * other than the default it names that directory (absolute, shell-quoted when needed), since `npm run token` run
 * without it looks in ./data and finds no database (a newcomer who started with `DATA_DIR=$(mktemp -d)` as the README
 * says got only that refusal).
 */
export function tokenCommand(config: Pick<AppConfig, 'databaseUrl' | 'dataDir'>, email: string, cwd = process.cwd()): string {
  const command = `npm run --silent token -- ${email}`;
  if (config.databaseUrl || config.dataDir === './data') return command;
  const dir = resolve(cwd, config.dataDir);
  return `DATA_DIR=${/^[A-Za-z0-9_./+-]+$/.test(dir) ? dir : `'${dir.replace(/'/g, `'\\''`)}'`} ${command}`;
}
