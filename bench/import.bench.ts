/**
 * `npm run bench:import` — the set-based organisation import at national
 * scale (issue 15): 10,000 units and 45,000 people lines, targets < 60 s for
 * the first import and < 10 s for importing the same files again.
 *
 * The files come from bench:scheduler's organisation: buildOrganisation
 * writes it into a scratch database, and units.csv and people.csv are read
 * back out of it in the import's own format, with one addition so the files
 * also exercise R1's replacement: every second unit gets an earlier chef
 * (from 2019-01-01, open) whom the organisation's chef from 2019-08-01
 * replaces. The files are then imported through OrganisationImportService
 * into a fresh database: first import, the same files again, and the files
 * with 1 % of the units renamed and 1 % of the leaders replaced; `BENCH_RUNS`
 * times (default 3), each in a fresh copy of an empty migrated database. It
 * prints a Markdown table of medians, min–max and the importer's stages (the
 * README's Performance → Import table), with the load average. Each run also
 * repeats the first import with the trail written row by row (ImportOptions
 * `trail: 'row'`) and prints the ratio, measured minutes apart, not months.
 *
 * PostgreSQL: DATABASE_URL when set, otherwise the embedded server in a fresh
 * temporary directory. `BENCH_UNITS` scales the organisation (default 10000).
 */
import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { Client } from 'pg';
import type { DataSource } from 'typeorm';
import { Clock } from '../src/common/clock';
import { createDataSource } from '../src/database/data-source';
import { runMigrations } from '../src/database/migrate';
import { OrganisationImportService, type ImportResult } from '../src/modules/organisation/import/organisation-import.service';
import { adminQuery, buildOrganisation, startServer, TODAY, withDatabase } from './scheduler.bench';

const UNITS = Number(process.env.BENCH_UNITS ?? 10_000);
/** Each run imports into a fresh database; the table gives medians (`BENCH_RUNS`, default 3). */
const RUNS = Math.max(1, Number(process.env.BENCH_RUNS ?? 3));
const TARGET_FIRST_S = 60;
const TARGET_AGAIN_S = 10;

/** The organisation as the import's two files. */
async function exportCsv(pg: Client): Promise<{ units: string; people: string }> {
  const units = await pg.query<{ line: string }>(`
    SELECT concat_ws(';', code, name, type, governance, CASE WHEN special THEN 'ja' ELSE 'nej' END, district, valid_from::text, coalesce(valid_to::text, '')) AS line
    FROM unit ORDER BY code`);
  const people = await pg.query<{ line: string }>(`
    SELECT line FROM (
      SELECT p.email AS k, 0 AS o, concat_ws(';', p.email, p.name, 'ja', '', '', '', '') AS line FROM person p WHERE p.admin
      UNION ALL
      SELECT p.email, 1, concat_ws(';', p.email, p.name, 'nej',
             CASE a.role WHEN 'chef' THEN 'chef' WHEN 'leader' THEN 'leder' WHEN 'subLeader' THEN 'naeste_ledelseslag' ELSE 'bestyrelse' END,
             u.code, a.valid_from::text, coalesce(a.valid_to::text, ''))
      FROM assignment a JOIN person p ON p.id = a.person_id JOIN unit u ON u.id = a.unit_id
      UNION ALL
      -- an earlier chef for every second unit, replaced on 2019-08-01 by the organisation's own (R1)
      SELECT p.email, 2, concat_ws(';', p.email, p.name, 'nej', 'chef', u.code, '2019-01-01', '')
      FROM unit u JOIN person p ON p.email = 'chef' || ((substr(u.code, 2)::int) % (SELECT count(*) FROM person WHERE email LIKE 'chef%') + 1) || '@bench.invalid'
      WHERE substr(u.code, 2)::int % 2 = 0) x
    ORDER BY k, o, line`);
  const header = {
    units: 'enhedskode;navn;type;styreform;specialtilbud;distrikt;gyldig_fra;gyldig_til',
    people: 'email;navn;admin;rolle;enhedskode;gyldig_fra;gyldig_til',
  };
  return {
    units: [header.units, ...units.rows.map((r) => r.line)].join('\n') + '\n',
    people: [header.people, ...people.rows.map((r) => r.line)].join('\n') + '\n',
  };
}

/** 1 % of the units renamed; 1 % of the leaders replaced by a new person from 2024-08-01. */
function changed(files: { units: string; people: string }): { units: string; people: string } {
  const units = files.units
    .split('\n')
    .map((line, i) => (i > 0 && i % 100 === 0 ? line.replace(';Benchenhed ', ';Omdøbt benchenhed ') : line))
    .join('\n');
  const extra: string[] = [];
  for (const line of files.people.split('\n')) {
    const [, , , role, code] = line.split(';');
    if (role === 'leder' && Number(code!.slice(1)) % 100 === 0) extra.push(`ny.leder.${code}@bench.invalid;Ny Leder ${code};nej;leder;${code};2024-08-01;`);
  }
  return { units, people: files.people + extra.join('\n') + '\n' };
}

function seconds(ms: number): string {
  return (ms / 1000).toFixed(1);
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function summary(r: ImportResult): string {
  return `enheder ${r.units.created}/${r.units.updated}/${r.units.unchanged}, personer ${r.people.created}/${r.people.updated}/${r.people.unchanged}, tildelinger ${r.assignments.created}/${r.assignments.unchanged} (nye/ændrede/uændrede)`;
}

/** One measured import: its total and each stage the importer reports (ms). */
interface Measured {
  ms: number;
  stages: Map<string, number>;
}

const KINDS = ['first import', 'same files again', '1 % changed', 'first import, per-row trail'] as const;
type Kind = (typeof KINDS)[number];

async function main(): Promise<void> {
  Logger.overrideLogger(['error', 'warn']);
  const server = await startServer();
  console.log(`Import benchmark: ${UNITS.toLocaleString('en-US')} units, ${RUNS} run(s) (${server.description})`);
  console.log(`load average at start: ${loadavg().map((l) => l.toFixed(2)).join(', ')}`);
  const scratch = `kl_bench_src_${randomBytes(4).toString('hex')}`;
  const template = `kl_bench_tpl_${randomBytes(4).toString('hex')}`;
  const target = `kl_bench_imp_${randomBytes(4).toString('hex')}`;
  let db: DataSource | undefined;
  try {
    await adminQuery(server.url, `CREATE DATABASE ${scratch}`);
    await runMigrations(withDatabase(server.url, scratch));
    const pg = new Client({ connectionString: withDatabase(server.url, scratch) });
    await pg.connect();
    await buildOrganisation(pg, UNITS);
    const files = await exportCsv(pg);
    await pg.end();
    await adminQuery(server.url, `DROP DATABASE ${scratch} WITH (FORCE)`);
    const lines = (text: string) => text.trimEnd().split('\n').length - 1;
    console.log(`• files: units.csv ${lines(files.units).toLocaleString('en-US')} lines, people.csv ${lines(files.people).toLocaleString('en-US')} lines`);
    // Every run starts from the same empty, migrated database: a template copied per run.
    await adminQuery(server.url, `CREATE DATABASE ${template}`);
    await runMigrations(withDatabase(server.url, template));

    const results = new Map<Kind, Measured[]>(KINDS.map((k) => [k, []]));
    for (let run = 1; run <= RUNS; run++) {
      await adminQuery(server.url, `CREATE DATABASE ${target} TEMPLATE ${template}`);
      db = createDataSource(withDatabase(server.url, target));
      await db.initialize();
      const importer = new OrganisationImportService(db, new Clock(TODAY));
      const measure = async (kind: Kind, f: { units: string; people: string }, importer: OrganisationImportService) => {
        const stages = new Map<string, number>();
        const start = performance.now();
        const result = await importer.import(
          { units: { name: 'units.csv', text: f.units }, people: { name: 'people.csv', text: f.people } },
          undefined,
          { source: 'bench:import' },
          { onStage: (stage, ms) => stages.set(stage, (stages.get(stage) ?? 0) + ms), trail: kind.endsWith('per-row trail') ? 'row' : 'set' },
        );
        const ms = performance.now() - start;
        results.get(kind)!.push({ ms, stages });
        console.log(`• run ${run}, ${kind}: ${seconds(ms)} s — ${summary(result)} (load ${loadavg()[0]!.toFixed(2)})`);
      };
      await measure('first import', files, importer);
      await db.query('ANALYZE');
      await measure('same files again', files, importer);
      await measure('1 % changed', changed(files), importer);
      await db.destroy();
      db = undefined;
      await adminQuery(server.url, `DROP DATABASE ${target} WITH (FORCE)`);
      // The same first import with the trail written row by row (as before migration 1764984000000): the set-based trail's gain, measured in the same minute.
      await adminQuery(server.url, `CREATE DATABASE ${target} TEMPLATE ${template}`);
      db = createDataSource(withDatabase(server.url, target));
      await db.initialize();
      await measure('first import, per-row trail', files, new OrganisationImportService(db, new Clock(TODAY)));
      await db.destroy();
      db = undefined;
      await adminQuery(server.url, `DROP DATABASE ${target} WITH (FORCE)`);
    }

    const targets: Record<Kind, string> = { 'first import': `< ${TARGET_FIRST_S}`, 'same files again': `< ${TARGET_AGAIN_S}`, '1 % changed': '', 'first import, per-row trail': '' };
    const med = (kind: Kind) => median(results.get(kind)!.map((m) => m.ms));
    const spread = (kind: Kind) => {
      const all = results.get(kind)!.map((m) => m.ms);
      return `${seconds(Math.min(...all))}–${seconds(Math.max(...all))}`;
    };
    /** The stages of one kind of import, each the median over the runs (seconds), in the order the importer ran them. */
    const stages = (kind: Kind) => {
      const names = [...results.get(kind)![0]!.stages.keys()];
      return names
        .map((name) => [name, median(results.get(kind)!.map((m) => m.stages.get(name) ?? 0))] as const)
        .filter(([, ms]) => ms >= 50)
        .map(([name, ms]) => `${name} ${seconds(ms)}`)
        .join(', ');
    };
    console.log(`\nmedians over ${RUNS} run(s); load average at the end: ${loadavg().map((l) => l.toFixed(2)).join(', ')}\n`);
    console.log('| run | median s | min–max s | target | stages (median s; under 0.05 s left out) |');
    console.log('|---|---|---|---|---|');
    for (const kind of KINDS) console.log(`| ${kind} | ${seconds(med(kind))} | ${spread(kind)} | ${targets[kind]} | ${stages(kind)} |`);
    const ratios = results.get('first import')!.map((m, i) => results.get('first import, per-row trail')![i]!.ms / m.ms);
    console.log(`\nper-row trail ÷ set-based trail, first import, each run: ${ratios.map((r) => r.toFixed(2)).join(', ')} (median ${median(ratios).toFixed(2)})`);
    const first = med('first import');
    const again = med('same files again');
    console.log(`\nVerdict: first import ${first < TARGET_FIRST_S * 1000 ? 'met' : 'NOT MET'}, same files again ${again < TARGET_AGAIN_S * 1000 ? 'met' : 'NOT MET'}`);
  } finally {
    if (db?.isInitialized) await db.destroy().catch(() => undefined);
    for (const name of [scratch, template, target]) await adminQuery(server.url, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).catch(() => undefined);
    await server.stop().catch((e) => console.error(`stopping PostgreSQL: ${e.message}`));
  }
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(`Benchmark failed: ${error instanceof Error ? error.stack ?? error.message : String(error)}`);
    process.exit(1);
  },
);
