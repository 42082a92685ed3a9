/**
 * `npm run bench:chaos`: what is too slow for `npm test` (issue 13) — the
 * embedded server shared by several processes, kill -9 during a scheduler
 * pass and during an import, and the database stopped under load. Builds
 * nothing itself (the npm script builds first), uses a fresh DATA_DIR under
 * /tmp and `PORT` (default 3199), and prints a table:
 *
 *   Scenarie | Forventet | Observeret | OK
 *
 * Exit code 1 when any row is not OK. Every process it starts, it stops.
 */
import { ChildProcess, spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';

const ROOT = join(__dirname, '..', '..');
const CLI = (name: string) => join(ROOT, 'dist', 'src', 'cli', `${name}.js`);
const PORT = Number(process.env.PORT ?? 3199);
const dataDir = mkdtempSync('/tmp/kl-chaos-');
chmodSync(dataDir, 0o755);
const env = { ...process.env, DATA_DIR: dataDir, PORT: String(PORT), LOG_LEVEL: 'warn', TODAY: '2026-11-22' };
const rows: Array<{ scenario: string; expected: string; observed: string; ok: boolean }> = [];
const started: ChildProcess[] = [];

function run(script: string, args: string[] = [], extra: Record<string, string> = {}): { child: ChildProcess; done: Promise<{ code: number | null; signal: NodeJS.Signals | null; out: string }> } {
  const child = spawn(process.execPath, [script, ...args], { env: { ...env, ...extra }, stdio: ['ignore', 'pipe', 'pipe'] });
  started.push(child);
  let out = '';
  child.stdout!.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (out += c.toString()));
  const done = new Promise<{ code: number | null; signal: NodeJS.Signals | null; out: string }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal, out })));
  return { child, done };
}

function record(scenario: string, expected: string, observed: string, ok: boolean): void {
  rows.push({ scenario, expected, observed, ok });
  console.error(`${ok ? 'OK ' : 'FEJL'} ${scenario}: ${observed}`);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function health(): Promise<number> {
  try {
    return (await fetch(`http://127.0.0.1:${PORT}/health`, { signal: AbortSignal.timeout(3000) })).status;
  } catch {
    return 0;
  }
}

async function waitHealthy(ms: number): Promise<boolean> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if ((await health()) === 200) return true;
    await sleep(250);
  }
  return false;
}

function postmasterPid(): number | undefined {
  const file = join(dataDir, 'pg', 'postmaster.pid');
  if (!existsSync(file)) return undefined;
  const pid = Number(readFileSync(file, 'utf8').split('\n')[0]);
  try {
    process.kill(pid, 0);
    return pid;
  } catch {
    return undefined;
  }
}

async function superuserQuery<T>(sql: string): Promise<T[]> {
  const credentials = JSON.parse(readFileSync(join(dataDir, 'credentials.json'), 'utf8'));
  const port = Number(readFileSync(join(dataDir, 'pg', 'postmaster.pid'), 'utf8').split('\n')[3]);
  const client = new Client({ host: '127.0.0.1', port, user: credentials.superuser.user, password: credentials.superuser.password, database: 'kvalitetsloop' });
  await client.connect();
  try {
    return (await client.query(sql)).rows as T[];
  } finally {
    await client.end();
  }
}

async function main(): Promise<void> {
  // 1. Three processes start the embedded server at the same moment.
  const three = await Promise.all([0, 1, 2].map(() => run(CLI('audit-verify')).done));
  const servers = postmasterPid();
  record(
    '3 processer starter samtidig',
    'alle exit 0, ingen server tilbage',
    `exit ${three.map((r) => r.code).join('/')}, server ${servers ? 'kører stadig' : 'stoppet'}`,
    three.every((r) => r.code === 0) && servers === undefined,
  );

  // 2. The service starts (demo loaded) and is healthy.
  const t0 = Date.now();
  let service = run(CLI('../main'), [], { SCHEDULER: '0' });
  const healthy = await waitHealthy(180_000);
  record('Tjenesten starter med demo', 'sund (200)', healthy ? `sund efter ${((Date.now() - t0) / 1000).toFixed(1)} s` : 'ikke sund', healthy);

  // 3. A command joins the server and leaves it to the service.
  const token = await run(CLI('token'), ['admin@demo.local']).done;
  const afterToken = await health();
  record('npm run token mens tjenesten kører', 'token, tjenesten stadig 200', `exit ${token.code}, health ${afterToken}`, token.code === 0 && afterToken === 200);
  const auth = `Bearer ${token.out.trim().split('\n').pop()}`;

  // 4. kill -9 during a scheduler pass; the next pass and the trail are intact.
  const pass = run(CLI('scheduler-run-once'));
  await sleep(1500);
  pass.child.kill('SIGKILL');
  await pass.done;
  const again = await run(CLI('scheduler-run-once')).done;
  const verify1 = await run(CLI('audit-verify')).done;
  record('kill -9 under scheduler-kørsel', 'næste kørsel exit 0, spor intakt', `kørsel exit ${again.code}, audit:verify exit ${verify1.code}, health ${await health()}`, again.code === 0 && verify1.code === 0);

  // 5. kill -9 during a large import: all or nothing.
  const csv = ['enhedskode;navn;type;styreform;specialtilbud;distrikt;gyldig_fra;gyldig_til', ...Array.from({ length: 3000 }, (_, i) => `CH-${i};Kaosskole ${i};skole;kommunal;nej;Øst;2010-01-01;`)].join('\n');
  const file = join(dataDir, 'kaos-enheder.csv');
  writeFileSync(file, csv);
  const before = (await superuserQuery<{ n: number }>(`SELECT count(*)::int AS n FROM unit`))[0]!.n;
  const importing = run(CLI('import'), [file]);
  await sleep(2500);
  importing.child.kill('SIGKILL');
  await importing.done;
  const after = (await superuserQuery<{ n: number }>(`SELECT count(*)::int AS n FROM unit`))[0]!.n;
  const verify2 = await run(CLI('audit-verify')).done;
  record('kill -9 under import', 'alt eller intet, spor intakt', `enheder ${before} → ${after}, audit:verify exit ${verify2.code}`, (after === before || after === before + 3000) && verify2.code === 0);

  // 6. The database stops under load: 503 with Retry-After, never a 500, no dropped connection; back when it is.
  const statuses = new Map<string, number>();
  let load = true;
  const loader = (async () => {
    while (load) {
      try {
        const res = await fetch(`http://127.0.0.1:${PORT}/api/v1/units?limit=5`, { headers: { Authorization: auth }, signal: AbortSignal.timeout(10_000) });
        const key = res.status === 503 ? `503${res.headers.get('retry-after') ? '+Retry-After' : ''}` : String(res.status);
        statuses.set(key, (statuses.get(key) ?? 0) + 1);
      } catch {
        statuses.set('tabt', (statuses.get('tabt') ?? 0) + 1);
      }
    }
  })();
  await sleep(1000);
  process.kill(postmasterPid()!, 'SIGINT');
  await sleep(3000);
  // Bring it back the way an operator would: any command starts it again (on the same port).
  const restarted = run(CLI('audit-verify'));
  await restarted.done;
  const recovered = await waitHealthy(30_000);
  load = false;
  await loader;
  const summary = [...statuses.entries()].map(([k, v]) => `${k}×${v}`).join(', ');
  const bad = [...statuses.keys()].filter((k) => !['200', '503+Retry-After'].includes(k));
  record('Databasen stopper under belastning', 'kun 200 og 503+Retry-After, tilbage bagefter', `${summary}; ${recovered ? 'tilbage' : 'ikke tilbage'}`, bad.length === 0 && recovered);

  // 7. kill -9 of the service: the server lives on as an orphan and is adopted by the next start.
  service.child.kill('SIGKILL');
  await service.done;
  const orphan = postmasterPid();
  service = run(CLI('../main'), [], { SCHEDULER: '0' });
  const adopted = await waitHealthy(60_000);
  record('kill -9 af tjenesten', 'server adopteres ved næste start', `server ${orphan ? 'levede videre' : 'væk'}, ny start ${adopted ? 'sund' : 'ikke sund'}, samme server: ${postmasterPid() === orphan}`, adopted && postmasterPid() === orphan);

  // 8. SIGTERM: the last user stops the server.
  service.child.kill('SIGTERM');
  await service.done;
  await sleep(500);
  record('SIGTERM af sidste bruger', 'serveren stoppes', postmasterPid() ? 'kører stadig' : 'stoppet', postmasterPid() === undefined);
}

main()
  .catch((error: unknown) => record('uventet fejl', '-', String((error as Error)?.message ?? error), false))
  .finally(async () => {
    for (const child of started) if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await sleep(1000);
    const pid = postmasterPid();
    if (pid) process.kill(pid, 'SIGINT');
    await sleep(1000);
    const width = Math.max(...rows.map((r) => r.scenario.length));
    console.log(`${'Scenarie'.padEnd(width)} | Forventet | Observeret | OK`);
    for (const r of rows) console.log(`${r.scenario.padEnd(width)} | ${r.expected} | ${r.observed} | ${r.ok ? 'ja' : 'NEJ'}`);
    rmSync(dataDir, { recursive: true, force: true });
    process.exit(rows.every((r) => r.ok) ? 0 : 1);
  });
