/**
 * `npm run bench:web` — issue 7's speed check: a chef's Mit overblik and an
 * Enhed page rendered on the server, p50/p95 over repeated requests on the
 * demo data, next to the JSON API's same query (GET /api/v1/me/upcoming and
 * GET /api/v1/units/:id/timeline) in the same run as the reference. Target:
 * p95 < 100 ms for the pages.
 *
 * Starts the real service in this process on a fresh embedded PostgreSQL in a
 * temporary directory (or DATABASE_URL), loads the demo organisation and its
 * history, logs in through the demo login like a browser (cookie + CSRF) and
 * uses a bearer token for the API. `BENCH_RUNS` sets the number of timed
 * requests per row (default 60, after 5 warm-up requests).
 *
 * National scale: `BENCH_UNITS=10000` (or `--units 10000`) builds instead the
 * organisation of bench:scheduler (its buildOrganisation and startLoops: 1
 * chef per 100 units, a leader, a leader in the next layer and a board
 * contact per unit, the 6–18 and 0–6 loops), generates the obligations with
 * the service's own SchedulerService.runPass() dated as that bench (2021-06-01),
 * and times the same four rows for the chef with the most units. Target there:
 * p95 < 250 ms. The demo login needs the demo administrator's address to
 * exist (LoginService.demoEnabled), so the bench adds that one person. The
 * database is bench/national.ts's (shared with bench:api; BENCH_DATA_DIR
 * keeps and reuses it).
 */
import 'reflect-metadata';
import type { INestApplication } from '@nestjs/common';
import { cpus, loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { createApp } from '../src/app.factory';
import { Clock } from '../src/common/clock';
import { TokenService } from '../src/modules/auth/token.service';
import { DemoHistory } from '../src/modules/demo/demo-history';
import { DemoService } from '../src/modules/demo/demo.service';
import { benchDatabase, busiestChef } from './national';
import { TODAY } from './scheduler.bench';

const RUNS = Number(process.env.BENCH_RUNS ?? 60);
const WARMUP = 5;
function unitsArgument(): number | undefined {
  const i = process.argv.indexOf('--units');
  const raw = i >= 0 ? process.argv[i + 1] : process.argv.find((a) => a.startsWith('--units='))?.slice('--units='.length);
  const value = raw ?? process.env.BENCH_UNITS;
  if (value === undefined || value === '') return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new Error(`--units/BENCH_UNITS skal være et positivt heltal, ikke ${value}`);
  return n;
}

/** Undefined: the demo data; a number: bench:scheduler's organisation of that many units. */
const UNITS = unitsArgument();
const TARGET_P95_MS = UNITS === undefined ? 100 : 250;
const SECRET = 'bench-secret-for-kvalitetsloop-web';

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

async function main(): Promise<void> {
  const database = await benchDatabase(UNITS, SECRET);
  const { url, setup } = database;
  let app: INestApplication | undefined;
  try {
    if (setup) process.stdout.write(`Opbygning: ${setup}\n`);
    app = await createApp({
      databaseUrl: url,
      clock: new Clock(UNITS === undefined ? '2026-11-30' : TODAY),
      scheduler: false,
      auth: { secret: SECRET },
      web: { demoLogin: UNITS === undefined ? 'auto' : true, sessionSecret: SECRET, trustProxy: false },
    });
    const demo = app.get(DemoService);
    if (UNITS === undefined && (await demo.isEmpty())) {
      process.stdout.write('Indlæser demo-data …\n');
      await demo.load();
      await app.get(DemoHistory).load();
    }
    await app.listen(0, '127.0.0.1');
    const address = app.getHttpServer().address() as { port: number };
    const base = `http://127.0.0.1:${address.port}`;

    // The chef with the most units, and one of her units.
    const chef = await busiestChef(url);

    // Log in like a browser: the login page's CSRF token and cookie, then the demo form.
    const first = await fetch(`${base}/login`);
    const cookie0 = (first.headers.get('set-cookie') ?? '').split(';')[0]!;
    const csrf = /name="_csrf" value="([^"]+)"/.exec(await first.text())?.[1] ?? '';
    const login = await fetch(`${base}/login`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: cookie0 },
      body: new URLSearchParams({ _csrf: csrf, email: chef.email, next: '/' }).toString(),
    });
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0]!;
    if (login.status !== 303 || !cookie) throw new Error(`Demo-login mislykkedes (${login.status})`);
    const token = await new TokenService({ secret: SECRET }).sign(chef.id);

    const rows: { name: string; path: string; headers: Record<string, string>; page: boolean }[] = [
      { name: 'Mit overblik (side)', path: '/', headers: { cookie }, page: true },
      // A later page of the list (pages of 100 rows; at 10,000 units the busiest chef has ~20): OFFSET costs the rows before it.
      { name: 'Mit overblik ?side=10 (side)', path: '/?vis=alle&side=10', headers: { cookie }, page: true },
      { name: '  API: /api/v1/me/upcoming', path: '/api/v1/me/upcoming?days=42&limit=200', headers: { authorization: `Bearer ${token}` }, page: false },
      { name: 'Enhed (side)', path: `/enheder/${chef.unit}`, headers: { cookie }, page: true },
      { name: '  API: /api/v1/units/:id/timeline', path: `/api/v1/units/${chef.unit}/timeline`, headers: { authorization: `Bearer ${token}` }, page: false },
    ];
    const results: { name: string; p50: number; p95: number; max: number; bytes: number; page: boolean }[] = [];
    for (const row of rows) {
      const times: number[] = [];
      let bytes = 0;
      for (let i = 0; i < WARMUP + RUNS; i++) {
        const start = performance.now();
        const res = await fetch(base + row.path, { headers: row.headers });
        const body = await res.text();
        const ms = performance.now() - start;
        if (res.status !== 200) throw new Error(`${row.path} svarede ${res.status}`);
        if (i >= WARMUP) times.push(ms);
        bytes = body.length;
      }
      times.sort((a, b) => a - b);
      results.push({ name: row.name, p50: percentile(times, 50), p95: percentile(times, 95), max: times[times.length - 1]!, bytes, page: row.page });
    }

    const pad = (s: string, n: number) => s.padEnd(n);
    const num = (n: number) => n.toFixed(1).padStart(8);
    const data = UNITS === undefined ? 'Demo-data' : `${UNITS} enheder (bench:scheduler's organisation, dato ${TODAY})`;
    process.stdout.write(`\n${data}, chef ${chef.email} (${chef.units} enheder), ${RUNS} målte forespørgsler pr. række efter ${WARMUP} opvarmning\n`);
    // Absolute numbers depend on what else runs: the load average says how busy the machine was (compare ratios within a run).
    process.stdout.write(`Belastning (load average 1/5/15 min): ${loadavg().map((l) => l.toFixed(1)).join(' / ')} på ${cpus().length} kerner\n\n`);
    process.stdout.write(`${pad('Forespørgsel', 38)}${'p50 ms'.padStart(8)}${'p95 ms'.padStart(8)}${'max ms'.padStart(8)}${'bytes'.padStart(9)}\n`);
    for (const r of results) process.stdout.write(`${pad(r.name, 38)}${num(r.p50)}${num(r.p95)}${num(r.max)}${String(r.bytes).padStart(9)}\n`);
    const slow = results.filter((r) => r.page && r.p95 >= TARGET_P95_MS);
    process.stdout.write(`\nMål: siderne p95 < ${TARGET_P95_MS} ms: ${slow.length === 0 ? 'opfyldt' : `IKKE opfyldt (${slow.map((r) => r.name.trim()).join(', ')})`}\n`);
    if (slow.length > 0) process.exitCode = 1;
  } finally {
    await app?.close();
    await database.release();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
