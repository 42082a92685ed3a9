/**
 * `npm run bench:calendar` — where one calendar miss's time goes (issue 14),
 * on bench:api's 10,000-unit database (`BENCH_DATA_DIR` to reuse one), for
 * the busiest chef's two feeds: the fingerprint statement that every new
 * snapshot costs, and the parts of a render — the statement on the server
 * (EXPLAIN ANALYZE), the statement with row parsing in Node, turning rows
 * into text, the UTF-8 Buffer, SHA-256 and gzip. Medians of `BENCH_RUNS`
 * (default 10) after three warm-up runs, in ms.
 */
import 'reflect-metadata';
import { createHash } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { gzipSync } from 'node:zlib';
import { DataSource } from 'typeorm';
import { createApp } from '../src/app.factory';
import { Clock } from '../src/common/clock';
import { CalendarService, type CalendarScope } from '../src/modules/calendar/calendar.service';
import { benchDatabase, busiestChef } from './national';
import { TODAY } from './scheduler.bench';

const RUNS = Number(process.env.BENCH_RUNS ?? 10);
const SECRET = 'bench-secret-for-kvalitetsloop-api';

async function timed<T>(fn: () => Promise<T> | T): Promise<[number, T]> {
  const started = performance.now();
  const value = await fn();
  return [performance.now() - started, value];
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[s.length >> 1]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
}

async function main(): Promise<void> {
  const database = await benchDatabase(Number(process.env.BENCH_UNITS ?? 10_000), SECRET);
  const app = await createApp({ databaseUrl: database.url, clock: new Clock(TODAY), scheduler: false, auth: { secret: SECRET } });
  try {
    const chef = await busiestChef(database.url);
    const calendar = app.get(CalendarService);
    const db = app.get(DataSource);
    process.stdout.write(`Chef ${chef.email} (${chef.units} enheder), dato ${TODAY}, ${RUNS} målinger (medianer, ms)\n\n`);
    process.stdout.write(`${'omfang'.padEnd(9)}${'rækker'.padStart(8)}${'kB'.padStart(8)}${'fingeraftryk'.padStart(14)}${'SQL (server)'.padStart(14)}${'SQL+parse'.padStart(11)}${'tekst'.padStart(8)}${'Buffer'.padStart(8)}${'SHA-256'.padStart(9)}${'gzip'.padStart(8)}${'gzip kB'.padStart(9)}${'render i alt'.padStart(14)}\n`);
    for (const scope of ['mine', 'enheder'] as CalendarScope[]) {
      const t: Record<string, number[]> = { fp: [], server: [], read: [], text: [], buffer: [], sha: [], gzip: [], render: [] };
      let rows = 0;
      let bytes = 0;
      let gzipBytes = 0;
      for (let i = 0; i < RUNS + 3; i++) {
        const [fp, { name }] = await timed(() => calendar.fingerprint(chef.id, scope));
        const plan = await db.query<{ 'QUERY PLAN': string }[]>(`EXPLAIN (ANALYZE, TIMING OFF, SUMMARY ON) ${calendar.readRowsSql(scope)}`, calendar.readRowsParams(chef.id));
        const server = Number(/Execution Time: ([\d.]+)/.exec(plan.map((p) => p['QUERY PLAN']).join('\n'))?.[1] ?? NaN);
        const [read, result] = await timed(() => calendar.readRows(chef.id, scope));
        const [text, ics] = await timed(() => calendar.renderRows(result.rows, scope, name, chef.id));
        const [buffer, body] = await timed(() => Buffer.from(ics, 'utf8'));
        const [sha] = await timed(() => createHash('sha256').update(body).digest('base64url'));
        const [gz, zipped] = await timed(() => gzipSync(body));
        const [render] = await timed(() => calendar.render(chef.id, scope, name));
        if (i === 2 && process.env.BENCH_EXPLAIN === '1') {
          const full = await db.query<{ 'QUERY PLAN': string }[]>(`EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) ${calendar.readRowsSql(scope)}`, calendar.readRowsParams(chef.id));
          process.stdout.write(`--- ${scope}\n${full.map((p) => p['QUERY PLAN']).join('\n')}\n`);
          const fpPlan = await db.query<{ 'QUERY PLAN': string }[]>(`EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) ${calendar.fingerprintSql(scope)}`, calendar.readRowsParams(chef.id));
          process.stdout.write(`--- fingeraftryk ${scope}\n${fpPlan.map((p) => p['QUERY PLAN']).join('\n')}\n`);
        }
        if (i < 3) continue;
        Object.entries({ fp, server, read, text, buffer, sha, gzip: gz, render }).forEach(([k, v]) => t[k]!.push(v));
        rows = result.rows.length;
        bytes = body.length;
        gzipBytes = zipped.length;
      }
      const n = (k: string, w: number) => median(t[k]!).toFixed(1).padStart(w);
      process.stdout.write(`${scope.padEnd(9)}${String(rows).padStart(8)}${(bytes / 1024).toFixed(0).padStart(8)}${n('fp', 14)}${n('server', 14)}${n('read', 11)}${n('text', 8)}${n('buffer', 8)}${n('sha', 9)}${n('gzip', 8)}${(gzipBytes / 1024).toFixed(0).padStart(9)}${n('render', 14)}\n`);
    }
  } finally {
    await app.close();
    await database.release();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
