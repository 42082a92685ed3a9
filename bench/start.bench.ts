/**
 * `npm run bench:start` — how long a newcomer and an operator wait (issue 12,
 * "The first start"). Measures, on this machine, with the built service:
 *
 *  - the build of a fresh clone (tsc over everything, into a scratch
 *    directory, so dist/ is left alone) and the build when nothing changed
 *    (`tsc -b`, what every `npm start` and `npm run token` does first);
 *  - the first start: `node dist/src/main.js` on an empty DATA_DIR (creating
 *    the embedded PostgreSQL, the migrations, the demo organisation and its
 *    two years) until its first log line, and until GET /health answers 200
 *    (target < 60 s);
 *  - a restart on that DATA_DIR until healthy (target < 10 s), a few times;
 *  - `npm run token` (the CLI, as npm runs it after its build check) while
 *    the service runs.
 *
 * Beside each start's wall time it shows the service process's own CPU time
 * (from /proc, Linux), which says what a start costs when the machine is busy
 * with other work.
 *
 * The service runs on BENCH_PORT (default: a free port) with LOG_FORMAT=json;
 * its log goes to a file in the scratch directory, named at the end.
 * `BENCH_RESTARTS` sets the number of restarts (default 3).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, createWriteStream, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '..', '..');
const MAIN = join(ROOT, 'dist', 'src', 'main.js');
const RESTARTS = Number(process.env.BENCH_RESTARTS ?? 3);
const FIRST_START_TARGET_S = 60;
const RESTART_TARGET_S = 10;

interface Row {
  what: string;
  seconds: number;
  /** The service process's own CPU time until then (Linux): what the start costs apart from waiting for the machine. */
  cpu?: number;
  target?: number;
}

async function main(): Promise<void> {
  const scratch = mkdtempSync(join(tmpdir(), 'kvalitetsloop-bench-start-'));
  // The embedded server runs as the OS user postgres when we are root; it must reach DATA_DIR.
  chmodSync(scratch, 0o755);
  const dataDir = join(scratch, 'data');
  const logFile = join(scratch, 'service.log');
  const log = createWriteStream(logFile);
  const port = Number(process.env.BENCH_PORT ?? (await freePort()));
  const rows: Row[] = [];

  console.error(`Oversætter hele projektet som i en frisk klon (til ${join(scratch, 'build')}) …`);
  rows.push({ what: 'Oversættelse, frisk klon (tsc, alt)', seconds: timed(() => run(process.execPath, [tsc(), '-p', 'tsconfig.build.json', '--outDir', join(scratch, 'build'), '--tsBuildInfoFile', join(scratch, 'build', 'build.tsbuildinfo')])) });
  rows.push({ what: 'Oversættelse, intet ændret (scripts/build.mjs)', seconds: timed(() => run(process.execPath, [join(ROOT, 'scripts', 'build.mjs')])) });

  // The embedded database with the automatic demo, whatever the caller's shell says.
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(port), DATA_DIR: dataDir, LOG_FORMAT: 'json' };
  delete env.DATABASE_URL;
  delete env.DEMO;

  console.error(`Første start på en tom DATA_DIR (${dataDir}), port ${port} …`);
  let service = startService(env, log);
  try {
    const firstLine = untilFirstLine(service);
    rows.push({ what: 'Første start til sund (tom DATA_DIR, demo)', seconds: await untilHealthy(service, port), cpu: cpuSeconds(service), target: FIRST_START_TARGET_S });
    rows.splice(rows.length - 1, 0, { what: 'Første start til første loglinje', seconds: await firstLine });

    console.error('Token, mens tjenesten kører …');
    rows.push({
      what: 'npm run token, mens tjenesten kører',
      seconds: timed(() => {
        const token = run('npm', ['run', '--silent', 'token', '--', 'admin@demo.local'], env).trim();
        if (!/^[\w-]+\.[\w-]+\.[\w-]+$/.test(token)) throw new Error(`npm run token gav ikke et token: ${token}`);
      }),
    });
    await stop(service);

    for (let i = 1; i <= RESTARTS; i++) {
      console.error(`Genstart ${i} af ${RESTARTS} …`);
      service = startService(env, log);
      rows.push({ what: `Genstart til sund (${i})`, seconds: await untilHealthy(service, port), cpu: cpuSeconds(service), target: RESTART_TARGET_S });
      await stop(service);
    }
  } finally {
    if (service.exitCode === null && service.signalCode === null) await stop(service);
    log.end();
  }

  printTable(rows);
  console.log(`\nTjenestens log: ${logFile}`);
  rmSync(dataDir, { recursive: true, force: true });
  rmSync(join(scratch, 'build'), { recursive: true, force: true });
  if (rows.some((row) => row.target !== undefined && row.seconds >= row.target)) process.exitCode = 1;
}

function tsc(): string {
  return require.resolve('typescript/bin/tsc', { paths: [ROOT] });
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv = process.env): string {
  const result = spawnSync(command, args, { cwd: ROOT, env, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} fejlede:\n${result.stdout}${result.stderr}`);
  return result.stdout;
}

function timed(work: () => void): number {
  const started = process.hrtime.bigint();
  work();
  return Number(process.hrtime.bigint() - started) / 1e9;
}

function startService(env: NodeJS.ProcessEnv, log: NodeJS.WritableStream): ChildProcess & { startedAt: bigint } {
  const child = spawn(process.execPath, [MAIN], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout.pipe(log, { end: false });
  child.stderr.pipe(log, { end: false });
  return Object.assign(child, { startedAt: process.hrtime.bigint() });
}

/** Seconds from the process start to its first line of output (what a person first sees). */
function untilFirstLine(service: ChildProcess & { startedAt: bigint }): Promise<number> {
  return new Promise((resolveLine) => service.stdout!.once('data', () => resolveLine(Number(process.hrtime.bigint() - service.startedAt) / 1e9)));
}

/** Seconds from the process start to the first 200 from GET /health. */
async function untilHealthy(service: ChildProcess & { startedAt: bigint }, port: number): Promise<number> {
  for (;;) {
    if (service.exitCode !== null) throw new Error(`Tjenesten stoppede med kode ${service.exitCode} før den var sund; se loggen`);
    try {
      const res = await fetch(`http://127.0.0.1:${port}/health`, { signal: AbortSignal.timeout(2000) });
      if (res.status === 200) return Number(process.hrtime.bigint() - service.startedAt) / 1e9;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** SIGTERM, as an orchestrator sends it; the service stops the embedded server it started. */
function stop(service: ChildProcess): Promise<void> {
  return new Promise((resolveStop, reject) => {
    if (service.exitCode !== null || service.signalCode !== null) return resolveStop();
    const timer = setTimeout(() => reject(new Error('Tjenesten stoppede ikke inden for 30 s efter SIGTERM')), 30_000);
    service.once('exit', () => {
      clearTimeout(timer);
      resolveStop();
    });
    service.kill('SIGTERM');
  });
}

/** utime + stime from /proc (clock ticks of 1/100 s on Linux); undefined elsewhere. */
function cpuSeconds(service: ChildProcess): number | undefined {
  try {
    const fields = readFileSync(`/proc/${service.pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return undefined;
  }
}

function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolvePort(port));
    });
  });
}

function printTable(rows: Row[]): void {
  const seconds = (s: number) => `${s.toFixed(1)} s`;
  const lines = rows.map((row) => [
    row.what,
    seconds(row.seconds),
    row.cpu === undefined ? '' : seconds(row.cpu),
    row.target === undefined ? '' : `< ${row.target} s`,
    row.target === undefined ? '' : row.seconds < row.target ? 'ok' : 'FOR LANGSOM',
  ]);
  const header = ['Måling', 'Tid', 'CPU-tid (tjenesten)', 'Mål', ''];
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
  const format = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  console.log(`\nNode ${process.version}, ${cpus().length} kerner, belastning (1 min) ${loadavg()[0]!.toFixed(1)}, ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC`);
  console.log(format(header));
  console.log(format(widths.map((w) => '-'.repeat(w))));
  for (const line of lines) console.log(format(line));
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
