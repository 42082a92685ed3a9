/**
 * `npm run bench:scheduler` — the performance check of issue 3 ("Performance").
 *
 * Builds an organisation of 10,000 units in a fresh database, starts a loop
 * for every unit (the 6–18 report of 2020 and the 0–6 report of 2021), and
 * measures:
 *
 *  - the reference: the same obligation rows written by ONE plain multi-row
 *    INSERT … SELECT (loops × units × the plan, plus the R51 rows, with the
 *    chef, leader and responsible person on each due date) into a copy of the
 *    obligation table with the same indexes and foreign keys, without
 *    ON CONFLICT, without grouping and without the idempotency checks;
 *  - ObligationGenerator.generate() writing all obligations (target ≤ 3× the
 *    reference);
 *  - a second generate() with nothing to do (target < 1 s), and the whole
 *    scheduler pass (SchedulerService.runPass) when it has nothing to do.
 *
 * One warm-up run of each side's statements (under EXPLAIN ANALYZE, rolled back;
 * `BENCH_EXPLAIN=1` prints the plans) is followed by `BENCH_ROUNDS` rounds
 * (default 5). Each round times the generator and both references once each,
 * in an order that rotates from round to round, every run in its own
 * transaction that is rolled back, after a CHECKPOINT and with the table
 * VACUUMed between runs: so the three sides share the machine's weather
 * (another process's load, a checkpoint) instead of one side getting a quiet
 * minute and the other a busy one. It prints each side's median and spread
 * (min–max) and the ratio per round (generator / reference of the same round),
 * whose median is the verdict.
 *
 * PostgreSQL: DATABASE_URL when set, otherwise the embedded server in a fresh
 * temporary directory. The benchmark database is dropped at the end.
 * `BENCH_UNITS` scales the organisation (default 10000); with DATABASE_URL,
 * `BENCH_KEEP=1` keeps the database for inspection.
 */
import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Client } from 'pg';
import type { DataSource, EntityManager } from 'typeorm';
import { Clock } from '../src/common/clock';
import { createDataSource } from '../src/database/data-source';
import { startEmbeddedPostgres, type EmbeddedDatabase } from '../src/database/embedded-postgres';
import { runMigrations } from '../src/database/migrate';
import { LearningLoopsService } from '../src/modules/learning-loops/learning-loops.service';
import { LoopReplanner } from '../src/modules/obligations/loop-replanner';
import { ObligationsService } from '../src/modules/obligations/obligations.service';
import { ObligationGenerator, planGroup, type LoopGroup, type TemplateRow } from '../src/modules/obligations/obligation-generator';
import { CHEF, LEADER, responsiblePerson, responsiblesJoin } from '../src/modules/responsibles/responsibles.sql';
import { PASS_STEPS, SchedulerService } from '../src/modules/scheduler/scheduler.service';
import { AccessService } from '../src/modules/obligations/access.service';
import { EnhederService } from '../src/modules/organisation/enheder.service';
import { SkaerpetTilsynHook } from '../src/modules/tilsyn/skaerpet-tilsyn.hook';
import { TilsynService } from '../src/modules/tilsyn/tilsyn.service';
import { SkoleudviklingGenerator } from '../src/modules/tilsyn/skoleudvikling.generator';
import { StatutoryScheduler } from '../src/modules/tilsyn/statutory-scheduler';
import { TilsynsrapportService } from '../src/modules/tilsyn/tilsynsrapport.service';
import type { AgeArea, LocalDate } from '../workflows/domain';
import { OBLIGATION_MACHINE_VERSION, OBLIGATION_SNAPSHOTS } from '../workflows/obligation/obligation.machine';
import {
  initialQualityReportSnapshot,
  QUALITY_REPORT_MACHINE_VERSION,
  qualityReportTransition,
  type QualityReportMilestone,
  type QualityReportSnapshot,
} from '../workflows/quality-report/quality-report.machine';

const TARGET_RATIO = 3;
const TARGET_IDLE_SECONDS = 1;
/** The day the passes are dated (exported: bench:web's national-scale run uses the same day). */
export const TODAY: LocalDate = '2021-06-01';
const UNITS = Number(process.env.BENCH_UNITS ?? 10_000);
const ROUNDS = Math.max(1, Number(process.env.BENCH_ROUNDS ?? 5));
const EXPLAIN = process.env.BENCH_EXPLAIN === '1';
/** With DATABASE_URL: keep the benchmark database for inspection instead of dropping it. */
const KEEP = process.env.BENCH_KEEP === '1' && Boolean(process.env.DATABASE_URL);

/** The two reports whose treatment starts the loops, with the milestone dates leading up to it. */
const REPORTS: { ageArea: AgeArea; year: number; themes: string[]; milestones: [QualityReportMilestone, LocalDate][] }[] = [
  {
    ageArea: '6-18',
    year: 2020,
    themes: ['Fravær', 'Læringsmiljø', 'Faglig udvikling'],
    milestones: [
      ['temaer_valgt', '2019-10-01'],
      ['raadmand_godkendt', '2019-12-02'],
      ['udvalg_droeftet', '2020-02-26'],
      ['byraad_behandlet', '2020-03-25'],
    ],
  },
  {
    ageArea: '0-6',
    year: 2021,
    themes: ['Sprog', 'Trivsel'],
    milestones: [
      ['temaer_valgt', '2020-10-01'],
      ['raadmand_godkendt', '2020-12-01'],
      ['udvalg_droeftet', '2021-02-24'],
      ['byraad_behandlet', '2021-03-24'],
    ],
  },
];


// ---------------------------------------------------------------------------

export interface Server {
  url: string;
  description: string;
  stop(): Promise<void>;
}

export async function startServer(): Promise<Server> {
  if (process.env.DATABASE_URL) {
    return { url: process.env.DATABASE_URL, description: 'DATABASE_URL', stop: async () => undefined };
  }
  const dir = mkdtempSync(join(tmpdir(), 'kvalitetsloop-bench-'));
  chmodSync(dir, 0o755);
  let embedded: EmbeddedDatabase;
  try {
    embedded = await startEmbeddedPostgres(dir);
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  return {
    url: embedded.superuserUrl,
    description: `embedded PostgreSQL in ${dir}`,
    async stop() {
      await embedded.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export function withDatabase(serverUrl: string, name: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

export async function adminQuery(serverUrl: string, sql: string): Promise<void> {
  const client = new Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

function seconds(ms: number): string {
  return (ms / 1000).toFixed(3);
}

function int(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

async function timed<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const start = performance.now();
  const value = await fn();
  return { ms: performance.now() - start, value };
}

function step(message: string): void {
  process.stdout.write(`• ${message}\n`);
}

// ---------------------------------------------------------------------------
// The organisation and the loops

export async function buildOrganisation(pg: Client, units: number): Promise<void> {
  const skole = Math.round(units * 0.5);
  const fu = Math.round(units * 0.05);
  const selvejende = Math.round(units * 0.05);
  const chefs = Math.max(1, Math.round(units / 100));
  await pg.query('BEGIN');
  await pg.query(
    `INSERT INTO unit (code, name, type, governance, special, district, valid_from)
     SELECT 'B' || lpad(g::text, 6, '0'), 'Benchenhed ' || g,
            CASE WHEN g <= $2 THEN 'skole' WHEN g <= $2 + $3 THEN 'fu' ELSE 'dagtilbud' END,
            CASE WHEN g > $1 - $4 THEN 'selvejende' ELSE 'kommunal' END,
            g % 40 = 0, 'Distrikt ' || (g % 12 + 1), DATE '2019-01-01'
     FROM generate_series(1, $1) g`,
    [units, skole, fu, selvejende],
  );
  await pg.query(
    `INSERT INTO person (name, email, admin)
     SELECT 'Administrator ' || g, 'admin' || g || '@bench.invalid', true FROM generate_series(1, 2) g
     UNION ALL
     SELECT 'Chef ' || g, 'chef' || g || '@bench.invalid', false FROM generate_series(1, $2) g
     UNION ALL
     SELECT initcap(r) || ' ' || g, r || g || '@bench.invalid', false
     FROM generate_series(1, $1) g CROSS JOIN unnest(ARRAY['leader', 'subleader', 'board']) r`,
    [units, chefs],
  );
  await pg.query(
    `INSERT INTO assignment (unit_id, person_id, role, valid_from)
     SELECT u.id, p.id, a.role, DATE '2019-08-01'
     FROM unit u
     CROSS JOIN LATERAL (VALUES
       ('chef', 'chef' || ((substr(u.code, 2)::int - 1) % $1 + 1)),
       ('leader', 'leader' || substr(u.code, 2)::int),
       ('subLeader', 'subleader' || substr(u.code, 2)::int),
       ('board', 'board' || substr(u.code, 2)::int)) AS a(role, mail)
     JOIN person p ON p.email = a.mail || '@bench.invalid'`,
    [chefs],
  );
  await pg.query('COMMIT');
}

function treatedSnapshot(milestones: [QualityReportMilestone, LocalDate][]): { state: string; snapshot: QualityReportSnapshot } {
  let snapshot: QualityReportSnapshot = initialQualityReportSnapshot();
  let state = String(snapshot.value);
  for (const [milestone, date] of milestones) {
    const result = qualityReportTransition(snapshot, { type: 'MILESTONE', milestone, date });
    if (!result.ok) throw new Error(`Kvalitetsrapportens milepæl ${milestone} blev afvist: ${JSON.stringify(result.refusal)}`);
    snapshot = result.snapshot as QualityReportSnapshot;
    state = result.state;
  }
  return { state, snapshot };
}

/** The reports, treated, and their loops (LearningLoopsService.openLoops: the loops without their obligations). */
export async function startLoops(pg: Client, db: DataSource): Promise<number> {
  let loops = 0;
  const generator = new ObligationGenerator();
  const service = new LearningLoopsService(generator, new LoopReplanner(generator), new Clock(TODAY));
  for (const report of REPORTS) {
    const { state, snapshot } = treatedSnapshot(report.milestones);
    const treatedOn = report.milestones.find(([m]) => m === 'byraad_behandlet')![1];
    const {
      rows: [{ id }],
    } = await pg.query(
      `INSERT INTO quality_report (age_area, year, themes, state, snapshot, machine_version, byraad_behandlet_on)
       VALUES ($1, $2, $3::jsonb, $4, $5::jsonb, $6, $7) RETURNING id`,
      [report.ageArea, report.year, JSON.stringify(report.themes), state, JSON.stringify(snapshot), QUALITY_REPORT_MACHINE_VERSION, treatedOn],
    );
    loops += await db.transaction((em) => service.openLoops(em, { id, ageArea: report.ageArea }, treatedOn, null));
  }
  return loops;
}

// ---------------------------------------------------------------------------
// The reference: one plain INSERT … SELECT of the same rows

/** The plan per group of loops: ObligationGenerator's own planGroup, so both write the same rows. */
function planGroups(groups: LoopGroup[]) {
  const base: (TemplateRow & { group: LoopGroup })[] = [];
  const subLeader: (ReturnType<typeof planGroup>['subLeader'][number] & { group: LoopGroup })[] = [];
  for (const group of groups) {
    const plan = planGroup(group);
    for (const row of plan.base) base.push({ ...row, group });
    for (const row of plan.subLeader) subLeader.push({ ...row, group });
  }
  return { base, subLeader };
}

/**
 * One plain INSERT … SELECT of the generator's rows into `table`. With
 * `withPeople` it also looks up the chef, leader and responsible person on
 * each due date as the generator does; without, those columns stay empty (the
 * bare write, the stricter reference).
 */
async function referenceStatement(pg: Client, table: string, withPeople: boolean): Promise<{ sql: string; params: unknown[] }> {
  const { rows: groups } = await pg.query<LoopGroup>(`
    SELECT l.ramme_id, l.starts_on::text, l.expected_end_on::text,
           array_agg(DISTINCT u.type || '/' || u.governance) AS variants
    FROM learning_loop l JOIN unit u ON u.id = l.unit_id
    WHERE l.state <> 'lukket'
    GROUP BY 1, 2, 3`);
  const { base, subLeader } = planGroups(groups);
  const people = withPeople ? `${CHEF}, ${LEADER}, ${responsiblePerson('t.role')}` : 'NULL::uuid, NULL::uuid, NULL::uuid';
  const joins = withPeople ? responsiblesJoin('l.unit_id', 't.due_on', 't.role') : '';
  const sql = `
    INSERT INTO ${table} (unit_id, loop_id, kind, sequence, subject_key, opens_on, due_on, responsible_role,
                                chef_person_id, leader_person_id, responsible_person_id, state, snapshot, machine_version)
    SELECT l.unit_id, l.id, t.kind, t.sequence, '', greatest(t.opens_on, u.valid_from), t.due_on, t.role,
           ${people}, 'planned', $1::jsonb, $2::int
    FROM learning_loop l
    JOIN unit u ON u.id = l.unit_id
    JOIN unnest($3::text[], $4::date[], $5::date[], $6::text[], $7::text[], $8::text[], $9::int[], $10::date[], $11::date[], $12::text[])
         AS t(ramme_id, starts_on, expected_end_on, unit_type, governance, kind, sequence, opens_on, due_on, role)
      ON t.ramme_id = l.ramme_id AND t.starts_on = l.starts_on AND t.expected_end_on = l.expected_end_on
     AND t.unit_type = u.type AND t.governance = u.governance
    ${joins}
    WHERE l.state <> 'lukket'
      AND t.due_on >= u.valid_from AND (u.valid_to IS NULL OR t.due_on <= u.valid_to)
    UNION ALL
    SELECT l.unit_id, l.id, t.kind, t.sequence, s.person_id::text, greatest(t.opens_on, u.valid_from, s.valid_from), t.due_on, t.role,
           ${people}, 'planned', $1::jsonb, $2::int
    FROM learning_loop l
    JOIN unit u ON u.id = l.unit_id
    JOIN assignment s ON s.unit_id = l.unit_id AND s.role = 'subLeader'
      AND s.valid_from <= l.expected_end_on AND (s.valid_to IS NULL OR s.valid_to >= l.starts_on)
    JOIN unnest($13::text[], $14::date[], $15::date[], $16::text[], $17::int[], $18::date[], $19::date[], $20::text[], $21::text[])
         AS t(ramme_id, starts_on, expected_end_on, kind, sequence, opens_on, due_on, role, unit_type)
      ON t.ramme_id = l.ramme_id AND t.starts_on = l.starts_on AND t.expected_end_on = l.expected_end_on AND t.unit_type = u.type
    ${joins}
    WHERE l.state <> 'lukket'
      AND t.due_on >= s.valid_from AND (s.valid_to IS NULL OR t.due_on <= s.valid_to)
      AND t.due_on >= u.valid_from AND (u.valid_to IS NULL OR t.due_on <= u.valid_to)`;
  const params = [
    JSON.stringify(OBLIGATION_SNAPSHOTS.planned),
    OBLIGATION_MACHINE_VERSION,
    base.map((r) => r.group.ramme_id),
    base.map((r) => r.group.starts_on),
    base.map((r) => r.group.expected_end_on),
    base.map((r) => r.unitType),
    base.map((r) => r.governance),
    base.map((r) => r.kind),
    base.map((r) => r.sequence),
    base.map((r) => r.opensOn),
    base.map((r) => r.dueOn),
    base.map((r) => r.responsibleRole),
    subLeader.map((r) => r.group.ramme_id),
    subLeader.map((r) => r.group.starts_on),
    subLeader.map((r) => r.group.expected_end_on),
    subLeader.map((r) => r.kind),
    subLeader.map((r) => r.sequence),
    subLeader.map((r) => r.opensOn),
    subLeader.map((r) => r.dueOn),
    subLeader.map((r) => r.responsibleRole),
    // The plan of R51 follow-ups differs per unit type (second edition), as in the generator.
    subLeader.map((r) => r.unitType),
  ];
  return { sql, params };
}

// ---------------------------------------------------------------------------
// Instrumenting the generator

interface StatementTiming {
  label: string;
  ms: number;
  plan?: string;
}

function labelOf(sql: string): string {
  if (/JOIN assignment s ON/.test(sql)) return 'insert R51 subLeader follow-ups';
  if (/INSERT INTO obligation/.test(sql)) return 'insert base obligations';
  if (/UPDATE learning_loop/.test(sql)) return 'mark loops planned';
  if (/array_agg/.test(sql)) return 'find loop groups';
  return sql.trim().split('\n')[0].slice(0, 50);
}

/** An EntityManager whose query() is timed per statement and, with `explain`, run under EXPLAIN ANALYZE. */
function instrumented(em: EntityManager, timings: StatementTiming[], explain: boolean): EntityManager {
  return new Proxy(em, {
    get(target, prop, receiver) {
      if (prop !== 'query') return Reflect.get(target, prop, receiver);
      return async (sql: string, params?: unknown[]) => {
        const label = labelOf(sql);
        const writes = /INSERT INTO|UPDATE /.test(sql);
        const start = performance.now();
        if (explain && writes) {
          const rows: Record<string, string>[] = await target.query(`EXPLAIN (ANALYZE, BUFFERS) ${sql}`, params);
          timings.push({ label, ms: performance.now() - start, plan: rows.map((r) => r['QUERY PLAN']).join('\n') });
          return label === 'mark loops planned' ? [] : [{ n: 0 }];
        }
        const result = await target.query(sql, params);
        timings.push({ label, ms: performance.now() - start });
        return result;
      };
    },
  });
}

async function generateOnce(db: DataSource, options: { rollback: boolean; explain: boolean }) {
  const timings: StatementTiming[] = [];
  const generator = new ObligationGenerator();
  const runner = db.createQueryRunner();
  await runner.connect();
  try {
    const { ms, value } = await timed(async () => {
      await runner.startTransaction();
      try {
        const n = await generator.generate(instrumented(runner.manager, timings, options.explain));
        if (options.rollback) await runner.rollbackTransaction();
        else await runner.commitTransaction();
        return n;
      } catch (error) {
        await runner.rollbackTransaction();
        throw error;
      }
    });
    return { ms, written: value, timings };
  } finally {
    await runner.release();
  }
}

interface PlanSummary {
  rows: number;
  executionMs: number;
  /** Time in the foreign-key (RI) triggers, which fire once per inserted row and constraint. */
  fkMs: number;
  fkChecks: number;
  /** Executions of correlated subplans (the responsible-person lookups). */
  subplanLoops: number;
}

/** What EXPLAIN ANALYZE says matters for a write: rows, total time, FK trigger time, per-row subplans. */
function summarisePlan(plan: string): PlanSummary {
  const num = (re: RegExp) => [...plan.matchAll(re)].reduce((sum, m) => sum + Number(m[1]), 0);
  const fk = [...plan.matchAll(/Trigger for constraint \S+: time=([\d.]+) calls=(\d+)/g)];
  const subplanLoops = [...plan.matchAll(/SubPlan \d+\n\s*->\s+Limit[^\n]*loops=(\d+)/g)].reduce((sum, m) => sum + Number(m[1]), 0);
  return {
    rows: num(/Tuples Inserted: (\d+)/g),
    executionMs: num(/Execution Time: ([\d.]+) ms/g),
    fkMs: fk.reduce((sum, m) => sum + Number(m[1]), 0),
    fkChecks: fk.reduce((sum, m) => sum + Number(m[2]), 0),
    subplanLoops,
  };
}

// ---------------------------------------------------------------------------

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function spread(ms: number[]): string {
  return `${seconds(Math.min(...ms))}–${seconds(Math.max(...ms))}`;
}

function spreadRatio(ratios: number[]): string {
  return `${Math.min(...ratios).toFixed(2)}–${Math.max(...ratios).toFixed(2)}×`;
}

function printTable(headers: string[], rows: string[][]): void {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join(' │ ');
  console.log(line(headers));
  console.log(widths.map((w) => '─'.repeat(w)).join('─┼─'));
  for (const row of rows) console.log(line(row));
}

async function main(): Promise<void> {
  Logger.overrideLogger(['error', 'warn']);
  console.log(`Scheduler benchmark: ${int(UNITS)} units, passes dated ${TODAY}\n`);

  const server = await startServer();
  step(`PostgreSQL: ${server.description}`);
  const name = `kl_bench_${randomBytes(5).toString('hex')}`;
  let created = false;
  let db: DataSource | undefined;
  let pg: Client | undefined;
  try {
    await adminQuery(server.url, `CREATE DATABASE ${name}`);
    created = true;
    const url = withDatabase(server.url, name);
    const migrations = await runMigrations(url);
    step(`database ${name}, ${migrations.length} migrations applied`);

    pg = new Client({ connectionString: url });
    await pg.connect();
    const [{ version }] = (await pg.query(`SELECT current_setting('server_version') AS version`)).rows;

    const org = await timed(() => buildOrganisation(pg!, UNITS));
    const [counts] = (
      await pg.query(`SELECT (SELECT count(*) FROM unit)::int AS units, (SELECT count(*) FROM person)::int AS people,
                             (SELECT count(*) FROM assignment)::int AS assignments`)
    ).rows;
    step(`organisation: ${int(counts.units)} units, ${int(counts.people)} people, ${int(counts.assignments)} assignments (${seconds(org.ms)} s)`);

    db = createDataSource(url);
    await db.initialize();
    const loopStart = await timed(() => startLoops(pg!, db!));
    step(`loops started: ${int(loopStart.value)} (${seconds(loopStart.ms)} s)`);
    await pg.query('ANALYZE');

    // --- warm-up: the references' tables and one EXPLAIN ANALYZE run of each side ---
    // Tables like obligation, foreign keys included (LIKE copies everything else).
    const references: { label: string; table: string; withPeople: boolean; plan: string; statement: { sql: string; params: unknown[] } }[] = [
      { label: 'reference: bare rows', table: 'obligation_bare', withPeople: false, plan: '', statement: { sql: '', params: [] } },
      { label: 'reference: rows with their people', table: 'obligation_ref', withPeople: true, plan: '', statement: { sql: '', params: [] } },
    ];
    for (const r of references) {
      await pg.query(`CREATE TABLE ${r.table} (LIKE obligation INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING INDEXES)`);
      for (const [column, target] of [['unit_id', 'unit'], ['loop_id', 'learning_loop'], ['responsible_person_id', 'person'], ['chef_person_id', 'person'], ['leader_person_id', 'person']]) {
        await pg.query(`ALTER TABLE ${r.table} ADD FOREIGN KEY (${column}) REFERENCES ${target} (id)`);
      }
      r.statement = await referenceStatement(pg, r.table, r.withPeople);
      await pg.query('BEGIN');
      r.plan = (await pg.query(`EXPLAIN (ANALYZE, BUFFERS) ${r.statement.sql}`, r.statement.params)).rows.map((row) => row['QUERY PLAN']).join('\n');
      await pg.query('ROLLBACK');
      await pg.query(`VACUUM ANALYZE ${r.table}`);
    }
    const [bare, ref] = references as [(typeof references)[0], (typeof references)[0]];
    const refPlan = ref.plan;
    const warmUp = await generateOnce(db, { rollback: true, explain: true });
    await pg.query('VACUUM ANALYZE obligation');

    // --- interleaved rounds: each side once per round, in rotating order, each rolled back ---
    type Side = 'generator' | 'bare' | 'ref';
    const times: Record<Side, number[]> = { generator: [], bare: [], ref: [] };
    const rowsOf: Record<Side, number> = { generator: 0, bare: 0, ref: 0 };
    let gen = warmUp;
    const runSide = async (side: Side): Promise<number> => {
      await pg!.query('CHECKPOINT');
      if (side === 'generator') {
        const run = await generateOnce(db!, { rollback: true, explain: false });
        gen = run;
        rowsOf.generator = run.written;
        await pg!.query('VACUUM ANALYZE obligation');
        await pg!.query('VACUUM ANALYZE learning_loop');
        return run.ms;
      }
      const r = side === 'bare' ? bare : ref;
      const run = await timed(async () => {
        await pg!.query('BEGIN');
        const n = (await pg!.query(r.statement.sql, r.statement.params)).rowCount ?? 0;
        await pg!.query('ROLLBACK');
        return n;
      });
      rowsOf[side] = run.value;
      await pg!.query(`VACUUM ANALYZE ${r.table}`);
      return run.ms;
    };
    const sides: Side[] = ['generator', 'bare', 'ref'];
    for (let round = 0; round < ROUNDS; round++) {
      const order = sides.map((_, i) => sides[(i + round) % sides.length]!);
      for (const side of order) times[side].push(await runSide(side));
      step(`round ${round + 1}/${ROUNDS} (${order.join(', ')}): generator ${seconds(times.generator[round]!)} s, bare ${seconds(times.bare[round]!)} s, with people ${seconds(times.ref[round]!)} s`);
    }
    const ratios = times.generator.map((g, i) => g / times.bare[i]!);
    const ratiosWithPeople = times.generator.map((g, i) => g / times.ref[i]!);

    // The rows for the comparison and the idle measures: one committed run of the generator and of the reference with people.
    const committed = await generateOnce(db, { rollback: false, explain: false });
    await pg.query(ref.statement.sql, ref.statement.params);
    step(`ObligationGenerator.generate, committed: ${int(committed.written)} rows (${seconds(committed.ms)} s)`);

    const [check] = (
      await pg.query(`
        SELECT (SELECT count(*) FROM obligation)::int AS generated,
               (SELECT count(*) FROM obligation_ref)::int AS reference,
               (SELECT count(*) FROM (
                  SELECT loop_id, kind, sequence, subject_key, opens_on, due_on, responsible_role FROM obligation
                  EXCEPT ALL
                  SELECT loop_id, kind, sequence, subject_key, opens_on, due_on, responsible_role FROM obligation_ref) d)::int AS only_generated,
               (SELECT count(*) FROM (
                  SELECT loop_id, kind, sequence, subject_key, opens_on, due_on, responsible_role FROM obligation_ref
                  EXCEPT ALL
                  SELECT loop_id, kind, sequence, subject_key, opens_on, due_on, responsible_role FROM obligation) d)::int AS only_reference,
               (SELECT count(*) FROM obligation WHERE responsible_role <> 'admin' AND responsible_person_id IS NULL)::int AS unresolved`)
    ).rows;
    const sameRows = check.only_generated === 0 && check.only_reference === 0;
    step(
      sameRows
        ? `generator and reference wrote the same ${int(check.generated)} rows`
        : `generator and reference differ: ${check.only_generated} rows only generated, ${check.only_reference} only in the reference`,
    );
    const perKind = (
      await pg.query(`SELECT kind, count(*)::int AS n FROM obligation GROUP BY kind ORDER BY kind`)
    ).rows.map((r) => `${r.kind} ${int(r.n)}`);
    step(`per kind: ${perKind.join(', ')}`);

    // --- idle generate -------------------------------------------------------
    await generateOnce(db, { rollback: false, explain: false });
    const idle = await generateOnce(db, { rollback: false, explain: false });
    step(`idle generate: ${idle.written} rows (${seconds(idle.ms)} s)`);

    // --- full scheduler passes ---------------------------------------------
    const generator = new ObligationGenerator();
    const obligationsService = new ObligationsService(db, new Clock(TODAY));
    const tilsyn = new TilsynService(db, new Clock(TODAY), new AccessService(db, new Clock(TODAY)), obligationsService, new EnhederService(db), new SkaerpetTilsynHook());
    const scheduler = new SchedulerService(db, new Clock(TODAY), new LearningLoopsService(generator, new LoopReplanner(generator), new Clock(TODAY)), generator, obligationsService, tilsyn, new StatutoryScheduler(new SkoleudviklingGenerator(), new TilsynsrapportService(db, new Clock(TODAY))));
    const catchUp = await timed(() => scheduler.runPass());
    step(`first full pass (catch-up to ${TODAY}): ${seconds(catchUp.ms)} s ${JSON.stringify(catchUp.value.steps)}`);
    await scheduler.runPass();
    const idlePass = await timed(() => scheduler.runPass());
    const stepTimes = await stepBreakdown(scheduler);
    step(`idle full pass: ${seconds(idlePass.ms)} s ${JSON.stringify(idlePass.value.steps)}`);

    // --- the table -----------------------------------------------------------
    const ratio = median(ratios);
    const ratioWithPeople = median(ratiosWithPeople);
    const obligations = rowsOf.generator;
    console.log(`\nPostgreSQL ${version}, node ${process.version}; ${ROUNDS} interleaved round(s), medians with min–max\n`);
    printTable(
      ['measure', 'median', 'min–max', 'target'],
      [
        ['units', int(counts.units), '', ''],
        ['learning loops', int(loopStart.value), '', ''],
        ['obligations written', int(obligations), '', ''],
        ['generator (s)', seconds(median(times.generator)), spread(times.generator), ''],
        ['generator obligations/s', int(obligations / (median(times.generator) / 1000)), '', ''],
        ['reference: bare rows, one INSERT … SELECT (s)', seconds(median(times.bare)), spread(times.bare), ''],
        ['reference: rows with their people (s)', seconds(median(times.ref)), spread(times.ref), ''],
        ['ratio generator / bare reference, per round', `${ratio.toFixed(2)}×`, spreadRatio(ratios), `≤ ${TARGET_RATIO}×`],
        ['ratio generator / reference with people, per round', `${ratioWithPeople.toFixed(2)}×`, spreadRatio(ratiosWithPeople), ''],
        ['idle generate (s)', seconds(idle.ms), '', `< ${TARGET_IDLE_SECONDS} s`],
        ['idle full pass (s)', seconds(idlePass.ms), '', ''],
        ['first full pass, catch-up (s)', seconds(catchUp.ms), '', ''],
      ],
    );

    console.log('\nGenerator, last timed round, per statement:');
    printTable(
      ['statement', 'seconds'],
      [
        ...gen.timings.map((t) => [t.label, seconds(t.ms)]),
        ['planning in node + round trips', seconds(gen.ms - gen.timings.reduce((s, t) => s + t.ms, 0))],
      ],
    );
    console.log('\nIdle full pass, per step (difference between passes stopped after each step; approximate):');
    printTable(
      ['step', 'seconds', 'rows'],
      Object.entries(stepTimes).map(([k, ms]) => [k, seconds(ms), String(idlePass.value.steps[k] ?? '')]),
    );

    console.log('\nWarm-up runs under EXPLAIN ANALYZE (rolled back; timings inflated by the instrumentation):');
    const explained = [
      { label: 'reference with people', ...summarisePlan(refPlan), rows: rowsOf.ref },
      ...warmUp.timings.filter((t) => t.plan).map((t) => ({ label: t.label, ...summarisePlan(t.plan!) })),
    ];
    printTable(
      ['statement', 'rows', 'execution s', 'FK trigger s', 'FK checks', 'lookup subplans'],
      explained.map((e) => [e.label, int(e.rows), seconds(e.executionMs), seconds(e.fkMs), int(e.fkChecks), int(e.subplanLoops)]),
    );
    const generatorExplained = explained.slice(1);
    const fkShare =
      generatorExplained.reduce((sum, e) => sum + e.fkMs, 0) / Math.max(1, generatorExplained.reduce((sum, e) => sum + e.executionMs, 0));
    console.log(
      `  FK triggers are ${(fkShare * 100).toFixed(0)}% of the generator's execution time (the reference table has the same foreign keys).`,
    );
    if (EXPLAIN) {
      console.log('\n--- reference plan ---\n' + refPlan);
      for (const t of warmUp.timings.filter((x) => x.plan)) console.log(`\n--- ${t.label} ---\n${t.plan}`);
    }

    console.log('\nVerdict:');
    console.log(
      `  ratio ≤ ${TARGET_RATIO}× of the plain INSERT … SELECT: ${ratio <= TARGET_RATIO ? 'met' : 'NOT MET'} (median ${ratio.toFixed(2)}× over ${ROUNDS} rounds, ${spreadRatio(ratios)}; ` +
        `${ratios.filter((r) => r <= TARGET_RATIO).length} of ${ROUNDS} rounds within)`,
    );
    console.log(`  idle pass (generate) < ${TARGET_IDLE_SECONDS} s: ${idle.ms < TARGET_IDLE_SECONDS * 1000 ? 'met' : 'NOT MET'} (${seconds(idle.ms)} s)`);
    console.log(
      `  idle full scheduler pass < ${TARGET_IDLE_SECONDS} s: ${idlePass.ms < TARGET_IDLE_SECONDS * 1000 ? 'met' : 'NOT MET'} (${seconds(idlePass.ms)} s)`,
    );
    console.log(`  set-based generation wrote the reference's rows: ${sameRows ? 'yes' : 'NO'}; unresolved responsible people: ${check.unresolved}`);
  } finally {
    await pg?.end().catch(() => undefined);
    if (db?.isInitialized) await db.destroy().catch(() => undefined);
    if (created && KEEP) console.log(`\nKept database ${name} (BENCH_KEEP=1); drop it with DROP DATABASE ${name}.`);
    else if (created) await adminQuery(server.url, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).catch((e) => console.error(`DROP DATABASE ${name}: ${e.message}`));
    await server.stop().catch((e) => console.error(`stopping PostgreSQL: ${e.message}`));
  }
}

/**
 * Each step's share of an idle pass, from passes stopped after each step in
 * turn (runPass's own `stopAfter`): the difference of consecutive prefixes.
 */
async function stepBreakdown(scheduler: SchedulerService): Promise<Record<string, number>> {
  const stepTimes: Record<string, number> = {};
  let previous = 0;
  for (const s of PASS_STEPS) {
    const { ms } = await timed(() => scheduler.runPass({ stopAfter: s }));
    stepTimes[s] = Math.max(0, ms - previous);
    previous = ms;
  }
  return stepTimes;
}

// Only when run itself: bench:web imports the organisation and the loops from here.
if (require.main === module) {
  main().then(
    () => process.exit(0),
    (error) => {
      console.error(`Benchmark failed: ${error instanceof Error ? error.stack ?? error.message : String(error)}`);
      process.exit(1);
    },
  );
}
