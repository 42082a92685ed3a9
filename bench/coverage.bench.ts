/**
 * `npm run bench:coverage` — the coverage audit at national scale (issues 14
 * and 15): 10,000 units (bench:scheduler's buildOrganisation/startLoops, the
 * obligations by SchedulerService.runPass dated 2021-06-01), then the built
 * service (dist/src/main.js) as a child process, so its RSS is its own:
 *
 *  1. a single coverage audit (JSON, the whole country, two years) alone:
 *     median and spread of BENCH_RUNS calls (default 7) after the first one,
 *     which is reported on its own (cold caches, empty memo); target < 500 ms;
 *     then BENCH_RUNS audits each after another connection confirmed one
 *     obligation in ~1 % of the units (the memo's incremental path);
 *  2. the whole country's coverage CSV downloaded (repeatedly) while 50
 *     clients read a cheap endpoint (GET /api/v1/me) for BENCH_SECONDS
 *     (default 20 s): the service's peak RSS (sampled every 100 ms from
 *     /proc; target < 250 MB), the cheap endpoint's req/s and p50/p99, and
 *     `/health/ready` probed every 250 ms throughout (target: 200 every time).
 *
 * `BENCH_UNITS` scales the organisation (default 10000). `BENCH_DATA_DIR`
 * keeps the embedded database in that directory and reuses it when it holds
 * the organisation already (building it takes minutes); without it a
 * temporary directory is used and removed.
 */
import 'reflect-metadata';
import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { createServer } from 'node:net';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { createApp } from '../src/app.factory';
import { Clock } from '../src/common/clock';
import { startEmbeddedPostgres, type EmbeddedDatabase } from '../src/database/embedded-postgres';
import { runMigrations } from '../src/database/migrate';
import { TokenService } from '../src/modules/auth/token.service';
import { SchedulerService } from '../src/modules/scheduler/scheduler.service';
import { buildOrganisation, startLoops, TODAY } from './scheduler.bench';
import { benchServiceFlags } from './service-flags';

const UNITS = Number(process.env.BENCH_UNITS ?? 10_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 7);
const LOAD_SECONDS = Number(process.env.BENCH_SECONDS ?? 20);
const CLIENTS = 50;
const SECRET = 'bench-secret-for-kvalitetsloop-coverage';
/** Two years around the bench's "today" (2021-06-01). */
const FROM = '2020-01-01';
const TO = '2021-12-31';
const TARGET_AUDIT_MS = 500;
const TARGET_RSS_MB = 250;

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

function percentile(values: number[], p: number): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))]!;
}

async function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => ok(port));
    });
  });
}

/** Builds the organisation, its loops and obligations once; a marker file says it is done. */
async function prepare(embedded: EmbeddedDatabase, dataDir: string): Promise<void> {
  const marker = join(dataDir, `bench-coverage-${UNITS}`);
  await runMigrations(embedded.migrationUrl, { applicationRole: decodeURIComponent(new URL(embedded.url).username) });
  if (existsSync(marker)) {
    process.stdout.write(`Genbruger databasen i ${dataDir} (${UNITS} enheder)\n`);
    return;
  }
  const started = performance.now();
  const pg = new Client({ connectionString: embedded.migrationUrl });
  await pg.connect();
  try {
    process.stdout.write(`Bygger organisationen med ${UNITS} enheder (bench:scheduler's buildOrganisation) …\n`);
    await buildOrganisation(pg, UNITS);
    const app = await createApp({ databaseUrl: embedded.url, clock: new Clock(TODAY), scheduler: false, auth: { secret: SECRET } });
    try {
      await startLoops(pg, app.get(DataSource));
      await pg.query('ANALYZE');
      process.stdout.write(`Genererer forpligtelserne (SchedulerService.runPass, dateret ${TODAY}) …\n`);
      await app.get(SchedulerService).runPass();
    } finally {
      await app.close();
    }
    await pg.query('VACUUM ANALYZE');
    const {
      rows: [{ obligations, transitions }],
    } = await pg.query(`SELECT (SELECT count(*)::int FROM obligation) AS obligations, (SELECT count(*)::int FROM transition) AS transitions`);
    process.stdout.write(`Opbygning: ${obligations} forpligtelser, ${transitions} overgange på ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
  } finally {
    await pg.end();
  }
  writeFileSync(marker, new Date().toISOString());
}

interface Service {
  child: ChildProcess;
  base: string;
  stop(): Promise<void>;
}

async function startService(embedded: EmbeddedDatabase, dataDir: string): Promise<Service> {
  const port = await freePort();
  // The flags `npm start` uses, or BENCH_NODE_ARGS (service-flags.ts).
  const child = spawn(process.execPath, [...benchServiceFlags(), resolve('dist/src/main.js')], {
    env: {
      ...process.env,
      PORT: String(port),
      DATA_DIR: dataDir,
      // The bench's embedded server, as an external database: the service neither starts nor stops it.
      DATABASE_URL: embedded.url,
      MIGRATION_DATABASE_URL: embedded.migrationUrl,
      JWT_SECRET: SECRET,
      TODAY,
      SCHEDULER: 'false',
      DEMO: 'false',
      LOG_LEVEL: 'warn',
      LOG_FORMAT: 'json',
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`Tjenesten stoppede ved start (kode ${child.exitCode})`);
    try {
      if ((await fetch(`${base}/health/live`)).status === 200) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error('Tjenesten startede ikke inden for 120 s');
    await new Promise((r) => setTimeout(r, 250));
  }
  return {
    child,
    base,
    stop: () =>
      new Promise<void>((ok) => {
        if (child.exitCode !== null) return ok();
        child.once('exit', () => ok());
        child.kill('SIGTERM');
      }),
  };
}

function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return kb / 1024;
}

const agent = new Agent({ keepAlive: true, maxSockets: CLIENTS + 4 });

/** One GET; resolves with status, body length and milliseconds (the body is drained, not kept). */
function get(url: string, token?: string): Promise<{ status: number; bytes: number; ms: number }> {
  const started = performance.now();
  return new Promise((ok, fail) => {
    const req = request(url, { agent, headers: token ? { authorization: `Bearer ${token}` } : {} }, (res) => {
      let bytes = 0;
      res.on('data', (chunk: Buffer) => (bytes += chunk.length));
      res.on('end', () => ok({ status: res.statusCode ?? 0, bytes, ms: performance.now() - started }));
      res.on('error', fail);
    });
    req.on('error', fail);
    req.end();
  });
}

async function main(): Promise<void> {
  const kept = process.env.BENCH_DATA_DIR;
  const dataDir = kept ? resolve(kept) : mkdtempSync(join(tmpdir(), 'kvalitetsloop-bench-coverage-'));
  mkdirSync(dataDir, { recursive: true });
  chmodSync(dataDir, 0o755);
  const embedded = await startEmbeddedPostgres(dataDir);
  let service: Service | undefined;
  try {
    await prepare(embedded, dataDir);
    if (process.env.BENCH_PREPARE_ONLY === '1') return;
    const pg = new Client({ connectionString: embedded.url });
    await pg.connect();
    const {
      rows: [{ admin, chef }],
    } = await pg.query(
      `SELECT (SELECT id FROM person WHERE admin ORDER BY email LIMIT 1) AS admin,
              (SELECT id FROM person WHERE email = 'chef1@bench.invalid') AS chef`,
    );
    await pg.end();
    const tokens = new TokenService({ secret: SECRET });
    const adminToken = await tokens.sign(admin);
    const chefToken = await tokens.sign(chef);

    service = await startService(embedded, dataDir);
    const { base, child } = service;
    const audit = `${base}/api/v1/audit/coverage?from=${FROM}&to=${TO}`;
    process.stdout.write(`\n${UNITS} enheder, periode ${FROM}–${TO}, tjenesten pid ${child.pid}, RSS ved start ${rssMb(child.pid!).toFixed(0)} MB\n`);

    // 1. A single audit alone, with /health/ready probed while it runs.
    // Load average while measuring: absolute times are only comparable within one run on a shared machine.
    process.stdout.write(`Belastning (1 min) ved start: ${loadavg()[0]!.toFixed(1)}\n`);
    const times: number[] = [];
    let coldMs = 0;
    const readyDuringAudit: number[] = [];
    for (let i = 0; i <= RUNS; i++) {
      let running = true;
      const probes = (async () => {
        while (running) {
          readyDuringAudit.push((await get(`${base}/health/ready`)).status);
          await new Promise((r) => setTimeout(r, 50));
        }
      })();
      const r = await get(`${audit}&limit=100`, adminToken);
      running = false;
      await probes;
      if (r.status !== 200) throw new Error(`Tilsynsdækningen svarede ${r.status}`);
      if (i > 0) times.push(r.ms);
      else coldMs = r.ms;
    }
    // 1b. The incremental path: between audits another connection confirms one obligation in each of ~1 % of the
    // units (a COMPLETE transition on the trail and the obligation's state, as the service writes them), so each audit
    // judges those units anew and takes the rest from the memo.
    const writer = new Client({ connectionString: embedded.url });
    await writer.connect();
    const changedPerRound = Math.max(1, Math.round(UNITS / 100));
    const incremental: number[] = [];
    let confirmed = 0;
    for (let i = 0; i < RUNS; i++) {
      const { rowCount } = await writer.query(
        `WITH picked AS (
           SELECT DISTINCT ON (o.unit_id) o.id, o.unit_id, o.loop_id, o.state FROM obligation o
           WHERE o.unit_id IN (SELECT id FROM unit ORDER BY random() LIMIT $1)
             AND o.loop_id IS NOT NULL AND o.state IN ('planned', 'scheduled', 'overdue') AND o.due_on BETWEEN $2 AND $3
           ORDER BY o.unit_id, o.due_on),
         done AS (
           UPDATE obligation o SET state = 'completed', completed_on = $4::date, version = o.version + 1, updated_at = now()
           FROM picked WHERE o.id = picked.id RETURNING o.id, o.unit_id, o.loop_id, picked.state AS from_state)
         INSERT INTO transition (unit_id, obligation_id, loop_id, event, from_state, to_state, payload)
         SELECT unit_id, id, loop_id, 'COMPLETE', from_state, 'completed', jsonb_build_object('heldOn', $4::text) FROM done`,
        [changedPerRound, FROM, TO, TODAY],
      );
      confirmed += rowCount ?? 0;
      const r = await get(`${audit}&limit=100`, adminToken);
      if (r.status !== 200) throw new Error(`Tilsynsdækningen svarede ${r.status}`);
      incremental.push(r.ms);
    }
    await writer.end();
    const csvAlone = await get(`${audit}&format=csv`, adminToken);
    const rssAfterAudits = rssMb(child.pid!);

    // 2. The whole country's CSV, over and over, while 50 clients read /api/v1/me.
    let loading = true;
    const cheap: number[] = [];
    const cheapErrors: number[] = [];
    const ready: number[] = [];
    let peakRss = 0;
    let csvDownloads = 0;
    let csvBytes = 0;
    const sampler = setInterval(() => (peakRss = Math.max(peakRss, rssMb(child.pid!))), 100);
    const clients = Array.from({ length: CLIENTS }, async () => {
      while (loading) {
        const r = await get(`${base}/api/v1/me`, chefToken);
        if (r.status === 200) cheap.push(r.ms);
        else cheapErrors.push(r.status);
      }
    });
    const exporter = (async () => {
      while (loading) {
        const r = await get(`${audit}&format=csv`, adminToken);
        if (r.status !== 200) throw new Error(`CSV-eksporten svarede ${r.status}`);
        csvDownloads++;
        csvBytes = r.bytes;
      }
    })();
    const prober = (async () => {
      while (loading) {
        ready.push((await get(`${base}/health/ready`)).status);
        await new Promise((r) => setTimeout(r, 250));
      }
    })();
    const started = performance.now();
    await new Promise((r) => setTimeout(r, LOAD_SECONDS * 1000));
    loading = false;
    await Promise.all([...clients, exporter, prober]);
    const elapsed = (performance.now() - started) / 1000;
    clearInterval(sampler);

    const ms = (n: number) => `${n.toFixed(0)} ms`;
    const auditMedian = median(times);
    const readyOk = (list: number[]) => list.filter((s) => s === 200).length;
    process.stdout.write(
      [
        '',
        `| måling | resultat | mål |`,
        `|---|---|---|`,
        `| én tilsynsdækning (JSON, hele landet, ${FROM}–${TO}), intet ændret siden den forrige (memoet varmt), median af ${RUNS} | ${ms(auditMedian)} (min ${ms(Math.min(...times))}, max ${ms(Math.max(...times))}) | < ${TARGET_AUDIT_MS} ms |`,
        `| den første tilsynsdækning efter start (kold: PostgreSQL's og Nodes caches tomme, memoet tomt) | ${ms(coldMs)} | |`,
        `| tilsynsdækning, når ~1 % af enhederne er ændret siden den forrige (${changedPerRound} enheder med én bekræftet forpligtelse hver, ${confirmed} i alt), median af ${RUNS} | ${ms(median(incremental))} (min ${ms(Math.min(...incremental))}, max ${ms(Math.max(...incremental))}) | |`,
        `| /health/ready under de enkelte tilsynsdækninger | ${readyOk(readyDuringAudit)} af ${readyDuringAudit.length} svar 200 | alle 200 |`,
        `| hele landets CSV alene | ${ms(csvAlone.ms)}, ${(csvAlone.bytes / 1024).toFixed(0)} kB | |`,
        `| RSS efter ${2 * RUNS + 1} tilsynsdækninger og én CSV | ${rssAfterAudits.toFixed(0)} MB | |`,
        `| RSS-top under ${LOAD_SECONDS} s med CSV-eksport (${csvDownloads} hele downloads à ${(csvBytes / 1024).toFixed(0)} kB) og ${CLIENTS} klienter på /api/v1/me | ${peakRss.toFixed(0)} MB | < ${TARGET_RSS_MB} MB |`,
        `| /api/v1/me under samme last | ${(cheap.length / elapsed).toFixed(0)} req/s, p50 ${ms(percentile(cheap, 50))}, p99 ${ms(percentile(cheap, 99))}, ${cheapErrors.length} fejl | |`,
        `| /health/ready under samme last | ${readyOk(ready)} af ${ready.length} svar 200 | alle 200 |`,
        '',
      ].join('\n'),
    );
    const met = auditMedian < TARGET_AUDIT_MS && peakRss < TARGET_RSS_MB && readyOk(ready) === ready.length && readyOk(readyDuringAudit) === readyDuringAudit.length;
    process.stdout.write(`Mål: ${met ? 'opfyldt' : 'IKKE opfyldt'}\n`);
    if (!met) process.exitCode = 1;
  } finally {
    agent.destroy();
    await service?.stop();
    await embedded.stop();
    if (!kept) rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
