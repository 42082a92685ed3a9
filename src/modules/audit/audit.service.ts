import { Injectable, Optional } from '@nestjs/common';
import { once } from 'node:events';
import { PassThrough, type Readable, type Writable } from 'node:stream';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import {
  addSummaryToAuditTotals,
  auditSummary,
  auditUnit,
  emptyAuditTotals,
  fromTrail,
  OBLIGATION_TRAIL_EVENTS,
  type TrailRow,
  type UnitAuditResult,
} from '../../../workflows/audit/coverage';
import { addYears } from '../../../workflows/calendar/local-date';
import { AGE_AREA_LABELS } from '../../../workflows/labels';
import { ageAreaOf, OBLIGATION_STATES, type AgeArea, type LocalDate, type UnitType } from '../../../workflows/domain';
import { Clock } from '../../common/clock';
import { BadInputError, crossFieldError, NotFoundError } from '../../common/errors';
import type { CurrentUser } from '../auth';
import { seesPlannedDateSql, visibleTo } from '../obligations';
import { StatutoryAudit } from '../tilsyn';
import { CoverageQuery } from './audit.dto';
import type {
  CoverageResponse,
  CoverageTotals,
  CoverageUnitRow,
  FocusAreaReport,
  FocusAreasQuery,
  TrailItem,
  TrailQuery,
  UnitFocusAreas,
} from './audit.dto';
import { CoverageMemo, CoverageMemoSettings, decodeMemoised, memoised as memoised_, type MemoisedUnit } from './coverage-memo';
import { coverageSliceStatement, coverageStatement, DayOffsets, unitInput, type CoverageSliceRow, type CoverageUnitSqlRow } from './coverage.sql';
import { COVERAGE_CSV_HEADER, coverageCsvRowOfSummary, coverageTotalsCsvRow } from './coverage-csv';
import { CSV_BOM, csvLine } from './csv';
import { HeavyReads, type HeavySnapshot } from './heavy-reads';

/** Units judged between two turns of the event loop. */
const YIELD_EVERY_UNITS = 25;
/** Units whose statutory part (R90, R93–R96) is read in one round of queries: a few hundred rows held at a time. */
const STATUTORY_BATCH_UNITS = 500;
/** Characters of CSV gathered before they are written out (about 64 kB). */
const CSV_CHUNK_CHARS = 64 * 1024;

/** The trail's `total` counts at most this many rows (see AuditService.trail). */
export const TRAIL_TOTAL_CAP = 10_000;

/** One page of the trail: `next` and `totalCapped` only when they apply. */
export type TrailPageResult = { items: TrailItem[]; total: number; next?: string; totalCapped?: true };

/**
 * A keyset cursor: the last row's `at` in UTC to the microsecond (a JS Date
 * would round it to milliseconds and skip or repeat rows) and its id,
 * base64url-encoded so it is one opaque token in a URL.
 */
function trailCursor(atUtc: string, id: string): string {
  return Buffer.from(`${atUtc}|${id}`, 'utf8').toString('base64url');
}

const CURSOR_PATTERN = /^(\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(?:\.\d{1,6})?)\|(\d{1,18})$/;

function parseTrailCursor(raw: string): { at: string; id: string } {
  const match = /^[A-Za-z0-9_-]{1,200}$/.test(raw) ? CURSOR_PATTERN.exec(Buffer.from(raw, 'base64url').toString('utf8')) : null;
  // A real instant: PostgreSQL would refuse 2021-13-45 with an error, which must be a 400 here, never a 500.
  const instant = match ? new Date(`${match[1]!.replace(' ', 'T')}Z`) : undefined;
  if (!match || !instant || Number.isNaN(instant.getTime()) || instant.toISOString().slice(0, 19) !== match[1]!.slice(0, 19).replace(' ', 'T')) {
    throw new BadInputError('after er ikke en gyldig markør; brug next fra den forrige side', [{ field: 'after', message: 'ugyldig markør' }]);
  }
  return { at: match[1]!, id: match[2]! };
}

/** A unit's row of the coverage audit without its judgement (what the answer shows that is read fresh every time). */
type UnjudgedRow = Pick<CoverageUnitRow, 'unitId' | 'code' | 'name' | 'type' | 'governance' | 'district' | 'ageArea' | 'chef' | 'statutory'>;

/** R80: the longest period one audit covers. */
export const MAX_AUDIT_YEARS = 10;

/**
 * The latest obligation-state transition of obligation alias `o` (R81): the
 * audit reads state and confirmation from the append-only trail, not from the
 * editable obligation row. `$events`/`$states` are the parameters named.
 */
function latestTrail(events: string, states: string): string {
  return `LEFT JOIN LATERAL (
      SELECT tr.event, tr.to_state, tr.reason, tr.payload, (tr.at AT TIME ZONE 'Europe/Copenhagen')::date::text AS at_date
      FROM transition tr
      WHERE tr.obligation_id = o.id AND tr.event = ANY(${events}::text[]) AND tr.to_state = ANY(${states}::text[])
      ORDER BY tr.id DESC LIMIT 1) t ON true`;
}

interface TrailColumns {
  event: string | null;
  to_state: string | null;
  reason: string | null;
  payload: unknown;
  at_date: string | null;
}

function trailRow(r: TrailColumns): TrailRow | null {
  return r.event && r.to_state && r.at_date ? { event: r.event, toState: r.to_state, reason: r.reason, payload: r.payload, atDate: r.at_date } : null;
}

/**
 * The tilsyn coverage audit (R80–R81), the audit trail (R71) and the overview
 * of local focus areas (R11, R22). SQL gathers the rows; the rules are judged
 * by the pure workflows/audit/coverage.ts.
 */
/** 400 for a period whose `from` lies after its `to` (the audit, its CSV export and the trail), naming the API's parameters. */
/**
 * The period the coverage page shows when none is chosen: the calendar year of `today` (Europe/Copenhagen dates).
 * One definition for the page and the warm-up (AuditService.warmCoverage).
 */
export function defaultCoveragePeriod(today: LocalDate): { from: LocalDate; to: LocalDate } {
  const year = today.slice(0, 4);
  return { from: `${year}-01-01`, to: `${year}-12-31` };
}

/** Who the warm-up audits as: the whole municipality, like an administrator; it answers no one. */
const WARM_UP_VIEW: CurrentUser = { personId: '', admin: true, name: 'Planlægningen' };

/** 400 for a period longer than MAX_AUDIT_YEARS (the audit and its CSV export), naming both parameters. */
export function periodTooLong(): BadInputError {
  return crossFieldError('to', `to må højst ligge ${MAX_AUDIT_YEARS} år efter from`);
}

export function periodOutOfOrder(): BadInputError {
  return crossFieldError('from', 'from skal ligge før eller på to');
}

@Injectable()
export class AuditService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly clock: Clock,
    private readonly heavy: HeavyReads,
    private readonly statutoryAudit: StatutoryAudit,
    // Absent where the module is used without CoverageMemoModule: then the memo is off.
    @Optional() memo?: CoverageMemo,
  ) {
    this.memo = memo ?? new CoverageMemo(new CoverageMemoSettings(0));
  }

  private readonly memo: CoverageMemo;

  // ---- coverage --------------------------------------------------------------

  /**
   * The coverage audit (R80, R81) for the JSON answer and the page: the
   * totals and count over the whole slice, the units of the page
   * [q.offset, q.offset + q.limit) in unit-code order. Only the page's units
   * are decoded and get their statutory part; the rest add to the totals.
   * 400 for a bad period.
   */
  async coverage(q: CoverageQuery, user: CurrentUser): Promise<Omit<CoverageResponse, 'items' | 'trailChain'> & { items: CoverageUnitRow[] }> {
    const items: CoverageUnitRow[] = [];
    const totals = await this.eachCoverageUnit(
      q,
      user,
      (row) => {
        items.push(row);
      },
      (index) => index >= q.offset && index < q.offset + q.limit,
    );
    return { from: q.from, to: q.to, items, total: totals.units, totals };
  }

  /**
   * Judges every unit of the municipality for `period` (default: the page's, defaultCoveragePeriod) and answers no
   * one, so that the memo holds the judgements before the first administrator asks (issue 14). The memo's key holds
   * "today", so the first audit after a start and the first of each day judge all units anew: 4–5 s at 10,000 units,
   * against ~130 ms once memoised. The scheduler runs this after its pass at start and after the nightly one. Read-only,
   * on the heavy-read pool (one cursor connection, so requests keep the request pool). Resolves with the number of
   * units judged or found memoised.
   */
  async warmCoverage(period: { from: LocalDate; to: LocalDate } = defaultCoveragePeriod(this.clock.today())): Promise<number> {
    const totals = await this.eachJudgedUnit(Object.assign(new CoverageQuery(), period), WARM_UP_VIEW, () => false, () => undefined);
    return totals.units;
  }

  /**
   * Every unit of the slice in unit-code order, each handed to `onUnit` as it
   * is judged (`index` counts from 0) when `wanted(index)` (default: every
   * unit); resolves with the totals over the whole slice. Refuses a bad
   * period (400) before it reads anything.
   *
   * Two statements in one snapshot (HeavyReads.inSnapshot): the slice
   * (coverageSliceStatement: units, windows, chefs and each unit's
   * unit_audit_stamp), then coverageStatement for the units whose judgement
   * the memo (coverage-memo.ts) does not hold under that stamp — none when
   * nothing changed, a few when a few units did. The stamps and the data are
   * read in the same snapshot, which is what makes a memoised judgement exact
   * (see CoverageMemo). The rows come through a cursor; the service holds the
   * slice's short rows, one judged unit and the wanted rows, never the
   * country's obligations.
   */
  async eachCoverageUnit(
    q: CoverageQuery,
    user: CurrentUser,
    onUnit: (row: CoverageUnitRow, index: number) => void | Promise<void>,
    wanted: (index: number) => boolean = () => true,
  ): Promise<CoverageTotals> {
    return this.eachJudgedUnit(q, user, wanted, (row, judged, index) => {
      const result = judged.result ?? decodeMemoised(judged.memoised);
      // The fields in the order the answer has always had them.
      const { statutory, ...head } = row;
      return onUnit({ ...head, ...result, statutory }, index);
    });
  }

  /**
   * The walk behind eachCoverageUnit and the CSV: each wanted unit's row without its judgement (the unit, its chef,
   * its statutory part) and the judgement as the memo keeps it, so the CSV never decodes a unit's JSON.
   */
  private async eachJudgedUnit(
    q: CoverageQuery,
    user: CurrentUser,
    wanted: (index: number) => boolean,
    onUnit: (row: UnjudgedRow, judged: { memoised: MemoisedUnit; result?: UnitAuditResult & { trailMismatches: string[] } }, index: number) => void | Promise<void>,
  ): Promise<CoverageTotals> {
    const { from, to } = q;
    if (from > to) throw periodOutOfOrder();
    if (to > addYears(from, MAX_AUDIT_YEARS)) {
      throw periodTooLong();
    }
    const totals: CoverageTotals = { ...emptyAuditTotals(), trailMismatches: 0 };
    // A non-admin sees the units they were chef for, for the dates they were (R3); nobody else's.
    if (!user.admin && q.chefId && q.chefId !== user.personId) return totals;
    const chefScope = user.admin ? q.chefId ?? null : user.personId;
    const today = this.clock.today();
    let index = 0;
    // R90, R93–R96: the statutory part, one query per check for a batch of units, merged into each unit's row as of the
    // period's end (never after today); batches keep memory bounded by the batch, not the country.
    const statutoryAsOf = to < today ? to : today;
    type Pending = { row: UnjudgedRow; judged: { memoised: MemoisedUnit; result?: UnitAuditResult & { trailMismatches: string[] } }; index: number };
    let batch: Pending[] = [];
    const flush = async () => {
      const statutory = await this.statutoryAudit.forUnits(
        batch.map((b) => b.row.unitId),
        statutoryAsOf,
        (sql, params) => this.heavy.query(sql, params),
      );
      for (const { row, judged, index: at } of batch) {
        row.statutory = statutory.get(row.unitId) ?? [];
        await onUnit(row, judged, at);
      }
      batch = [];
    };
    for await (const { unit, judged, result } of this.heavy.inSnapshot((tx) => this.judgedUnits(tx, q, chefScope, today))) {
      addSummaryToAuditTotals(totals, judged.summary);
      totals.trailMismatches += judged.mismatches;
      if (wanted(index)) {
        const row: UnjudgedRow = {
          unitId: unit.id,
          code: unit.code,
          name: unit.name,
          type: unit.type,
          governance: unit.governance,
          district: unit.district,
          ageArea: ageAreaOf(unit.type),
          chef: unit.chef_id ? { id: unit.chef_id, name: unit.chef_name ?? '' } : null,
          statutory: [],
        };
        batch.push({ row, judged: { memoised: judged, result }, index });
        if (batch.length === STATUTORY_BATCH_UNITS) await flush();
      }
      index++;
      // Units are judged without I/O in between; let other requests (and readiness) in now and then.
      if (index % YIELD_EVERY_UNITS === 0) await new Promise((resolve) => setImmediate(resolve));
    }
    if (batch.length > 0) await flush();
    return totals;
  }

  /**
   * The slice's units in unit-code order with their judgement: from the memo when it holds the unit under the
   * stamp read in this snapshot, else judged now from coverageStatement's row (restricted to the missing units)
   * and memoised. `result` is the freshly judged object when there is one (no need to decode the JSON again).
   */
  private async *judgedUnits(
    tx: HeavySnapshot,
    q: CoverageQuery,
    chefScope: string | null,
    today: LocalDate,
  ): AsyncGenerator<{ unit: CoverageSliceRow; judged: MemoisedUnit; result?: UnitAuditResult & { trailMismatches: string[] } }> {
    const slice = coverageSliceStatement(q, chefScope);
    const units: CoverageSliceRow[] = await tx.query(slice.sql, slice.params);
    const keys = units.map((u) => this.memo.key(u, today, q.from, q.to));
    const found = keys.map((k) => this.memo.get(k));
    const missing = units.filter((_, i) => found[i] === undefined).map((u) => u.id);
    if (missing.length === 0) {
      for (let i = 0; i < units.length; i++) yield { unit: units[i]!, judged: found[i]! };
      return;
    }
    // All missing (a cold memo, or the memo off): the statement as it always was, without a list of 10,000 ids.
    const { sql, params } = coverageStatement(q, chefScope, missing.length === units.length ? undefined : missing);
    const rows = tx.rows<CoverageUnitSqlRow>(sql, params);
    const days = new DayOffsets(q.from);
    try {
      for (let i = 0; i < units.length; i++) {
        const unit = units[i]!;
        const memoised = found[i];
        if (memoised) {
          yield { unit, judged: memoised };
          continue;
        }
        const next = await rows.next();
        // Both statements read the same snapshot with the same slice and order, so this cannot happen short of a bug.
        if (next.done || next.value.id !== unit.id) throw new Error(`Tilsynsdækningen: enhed ${unit.id} mangler i revisionens rækker`);
        const { windows, loops, obligations } = unitInput(next.value, days);
        const judgedResult = auditUnit({ unitType: unit.type, windows, loops, obligations, today });
        const inScope = (o: { dueOn: string }) => windows.some((w) => w.from <= o.dueOn && o.dueOn <= w.to);
        const result = {
          ...judgedResult,
          // R81: the stored state disagrees with the trail; the audit follows the trail and says so.
          trailMismatches: obligations.filter((o) => inScope(o) && o.storedState !== o.state).map((o) => o.id),
        };
        const judged = memoised_(auditSummary(judgedResult), result);
        this.memo.set(keys[i]!, judged);
        yield { unit, judged, result };
      }
      if (!(await rows.next()).done) throw new Error('Tilsynsdækningen: revisionen gav flere enheder end udsnittet');
    } finally {
      await rows.return(undefined);
    }
  }

  /**
   * The coverage audit as CSV (R80; csv.ts: UTF-8 with BOM, `;`, CRLF), one
   * line per unit as it is judged and a totals line last, streamed into
   * `out` with its backpressure respected: memory holds a few lines, not the
   * country. A bad period is refused (400) before anything is written; `out`
   * is not ended. The jobs can run a whole-country export with it.
   */
  async writeCoverageCsv(q: CoverageQuery, user: CurrentUser, out: Writable): Promise<void> {
    let buffered = CSV_BOM + csvLine(COVERAGE_CSV_HEADER) + '\r\n';
    const flush = async () => {
      const chunk = buffered;
      buffered = '';
      if (!out.write(chunk)) await once(out, 'drain');
    };
    const totals = await this.eachJudgedUnit(q, user, () => true, async (row, judged) => {
      buffered += csvLine(coverageCsvRowOfSummary(row, judged.memoised.summary)) + '\r\n';
      if (buffered.length >= CSV_CHUNK_CHARS) await flush();
    });
    buffered += csvLine(coverageTotalsCsvRow(totals)) + '\r\n';
    await flush();
  }

  /**
   * The CSV as a stream for an HTTP answer. The first piece (the header and
   * the first units, which come once PostgreSQL has done most of its work) is
   * read before this resolves, so a refused period or a failing statement is
   * still an ordinary error answer rather than a cut-off download.
   */
  async openCoverageCsv(q: CoverageQuery, user: CurrentUser): Promise<Readable> {
    const stream = new PassThrough();
    const writing = this.writeCoverageCsv(q, user, stream).then(
      () => stream.end(),
      (error: unknown) => {
        stream.destroy(error as Error);
        throw error;
      },
    );
    // A failure after the first piece surfaces as the stream's error (the download is cut off).
    writing.catch(() => undefined);
    await Promise.race([once(stream, 'readable'), writing]);
    return stream;
  }

  // ---- the audit trail ---------------------------------------------------------

  /**
   * The trail newest first, `(at, id)` descending, `q.limit` rows from
   * `q.offset` or after the cursor `q.after` (keyset pagination: a page costs
   * its own rows whatever its depth, and rows written meanwhile neither shift
   * nor repeat a page). `next`, present when more rows follow, is the cursor
   * for the next page. `total` counts the matching rows up to
   * TRAIL_TOTAL_CAP; at the cap `totalCapped` is true (a larger count would
   * cost a scan of the whole trail on every page). 400 on `from` after `to`,
   * a malformed `after`, or `after` together with `offset`.
   */
  async trail(q: TrailQuery, user: CurrentUser): Promise<TrailPageResult> {
    if (q.from && q.to && q.from > q.to) throw periodOutOfOrder();
    const cursor = q.after === undefined ? undefined : parseTrailCursor(q.after);
    if (cursor && q.offset > 0) throw new BadInputError('Brug enten after eller offset, ikke begge', [{ field: 'after', message: 'kan ikke kombineres med offset' }]);
    const params: unknown[] = [];
    const where: string[] = [];
    const add = (sql: (p: string) => string, value: unknown) => {
      params.push(value);
      where.push(sql(`$${params.length}`));
    };
    if (q.obligationId) add((p) => `t.obligation_id = ${p}`, q.obligationId);
    let unitParam: string | undefined;
    if (q.unitId) add((p) => `t.unit_id = ${(unitParam = p)}`, q.unitId);
    if (q.personId) add((p) => `t.actor_person_id = ${p}`, q.personId);
    // Calendar days in Europe/Copenhagen (R72).
    if (q.from) add((p) => `t.at >= (${p}::date)::timestamp AT TIME ZONE 'Europe/Copenhagen'`, q.from);
    if (q.to) add((p) => `t.at < (${p}::date + 1)::timestamp AT TIME ZONE 'Europe/Copenhagen'`, q.to);
    // Outside administration: only what happened to obligations the caller sees (visibility.ts). As an array computed
    // once, the caller's obligations (index lookups per person column) lead to their rows through transition_obligation;
    // as a semi-join PostgreSQL would walk the whole trail newest first testing each row (1.3 s for a chef at 10,000 units).
    if (!user.admin) {
      // A unit's trail (the Enhed page) needs only that unit's obligations in the array: for a chef of 100 units the
      // whole set was 3,700 ids looked up in transition_obligation for the unit's few dozen rows (27 ms at 10,000 units).
      const unit = unitParam ? `o.unit_id = ${unitParam} AND ` : '';
      add((p) => `t.obligation_id = ANY(ARRAY(SELECT o.id FROM obligation o WHERE ${unit}${visibleTo('o', p)}))`, user.personId);
    }
    const counted = where.length > 0 ? `WHERE ${where.join(' AND ')}` : '';
    const [{ total: matching }] = await this.db.query(
      `SELECT count(*)::int AS total FROM (SELECT 1 FROM transition t ${counted} LIMIT ${TRAIL_TOTAL_CAP + 1}) capped`,
      params,
    );
    const total = Math.min(matching, TRAIL_TOTAL_CAP);
    if (cursor) {
      params.push(cursor.at, cursor.id);
      where.push(`(t.at, t.id) < ($${params.length - 1}::timestamp AT TIME ZONE 'UTC', $${params.length}::bigint)`);
    }
    const filter = where.length > 0 ? `WHERE ${where.join(' AND ')}` : '';
    const rows: {
      id: string;
      at: Date;
      at_utc: string;
      actor_person_id: string | null;
      actor_name: string | null;
      unit_id: string | null;
      obligation_id: string | null;
      loop_id: string | null;
      quality_report_id: string | null;
      event: string;
      from_state: string | null;
      to_state: string;
      reason: string | null;
      payload: unknown;
    }[] = await this.db.query(
      `SELECT t.id::text AS id, t.at, (t.at AT TIME ZONE 'UTC')::text AS at_utc, t.actor_person_id, p.name AS actor_name, t.unit_id,
              t.obligation_id, t.loop_id, t.quality_report_id, t.event, t.from_state, t.to_state, t.reason,
              -- R91: the booking of a held unannounced visit (its planned date and times) stays with coordinators and inspectors.
              CASE WHEN t.event = 'SCHEDULE' AND so.id IS NOT NULL AND NOT ${seesPlannedDateSql('so', `$${params.length + 3}::uuid`, `$${params.length + 4}::boolean`)}
                   THEN NULL ELSE t.payload END AS payload
       FROM transition t LEFT JOIN person p ON p.id = t.actor_person_id
       LEFT JOIN obligation so ON so.id = t.obligation_id
       ${filter}
       ORDER BY t.at DESC, t.id DESC
       LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
      [...params, q.limit + 1, q.offset, user.personId, user.admin],
    );
    const more = rows.length > q.limit;
    if (more) rows.pop();
    const last = rows[rows.length - 1];
    return {
      total,
      ...(matching > TRAIL_TOTAL_CAP && { totalCapped: true }),
      ...(more && last && { next: trailCursor(last.at_utc, last.id) }),
      items: rows.map((r) => ({
        id: r.id,
        at: new Date(r.at).toISOString(),
        actorPersonId: r.actor_person_id,
        actorName: r.actor_name,
        unitId: r.unit_id,
        obligationId: r.obligation_id,
        loopId: r.loop_id,
        qualityReportId: r.quality_report_id,
        event: r.event,
        fromState: r.from_state,
        toState: r.to_state,
        reason: r.reason,
        payload: r.payload ?? null,
      })),
    };
  }

  // ---- the overview of local focus areas ----------------------------------------

  /**
   * R11/R22: every unit of the report's loops with the focus areas its
   * confirmed samtale 1 chose (from the audit trail, R81). Administrators see
   * every unit; a chef the units they were chef for during the loop; anyone
   * else an empty list.
   */
  async focusAreas(q: FocusAreasQuery, user: CurrentUser): Promise<{ report: FocusAreaReport; items: UnitFocusAreas[]; total: number }> {
    const report = await this.report(q);
    const params: unknown[] = [report.id, OBLIGATION_TRAIL_EVENTS, OBLIGATION_STATES];
    let scope = '';
    if (!user.admin) {
      params.push(user.personId);
      // The IN (implied by the EXISTS) lets PostgreSQL start from the chef's units (learning_loop's (unit_id, quality_report_id)
      // key) instead of testing every loop of the report.
      scope = `AND l.unit_id IN (SELECT a.unit_id FROM assignment a WHERE a.person_id = $4 AND a.role = 'chef')
               AND EXISTS (SELECT 1 FROM assignment a WHERE a.unit_id = l.unit_id AND a.role = 'chef' AND a.person_id = $4
                 AND a.valid_from <= coalesce(l.ended_on, l.expected_end_on) AND (a.valid_to IS NULL OR a.valid_to >= l.starts_on))`;
    }
    const rows: (TrailColumns & { unit_id: string; code: string; name: string; type: UnitType; district: string | null; loop_id: string })[] =
      await this.db.query(
        `SELECT u.id AS unit_id, u.code, u.name, u.type, u.district, l.id AS loop_id,
                t.event, t.to_state, t.reason, t.payload, t.at_date
         FROM learning_loop l
         JOIN unit u ON u.id = l.unit_id
         LEFT JOIN obligation o ON o.loop_id = l.id AND o.kind = 'laeringssamtale' AND o.sequence = 1
         ${latestTrail('$2', '$3')}
         WHERE l.quality_report_id = $1 ${scope}
         ORDER BY u.code, u.id`,
        params,
      );
    const items = rows.map((r): UnitFocusAreas => {
      const trail = trailRow(r);
      const derived = fromTrail(trail);
      const confirmed = derived.state === 'completed';
      return {
        unitId: r.unit_id,
        code: r.code,
        name: r.name,
        type: r.type,
        district: r.district,
        loopId: r.loop_id,
        focusAreas: confirmed
          ? (derived.completion?.focusAreas ?? [])
              .filter((a) => a && typeof a.title === 'string')
              .map((a) => ({ title: String(a.title).trim(), theme: String(a.theme ?? '').trim() }))
          : [],
        heldOn: confirmed ? derived.completedOn : null,
        confirmedOn: confirmed ? trail!.atDate : null,
      };
    });
    return { report, items, total: items.length };
  }

  private async report(q: FocusAreasQuery): Promise<FocusAreaReport> {
    type Row = { id: string; age_area: AgeArea; year: number; themes: unknown };
    let row: Row | undefined;
    if (q.reportId) {
      [row] = await this.db.query(`SELECT id, age_area, year, themes FROM quality_report WHERE id = $1`, [q.reportId]);
      if (!row) throw new NotFoundError('Kvalitetsrapporten findes ikke');
      if (q.ageArea && q.ageArea !== row.age_area) {
        throw new BadInputError(`Rapporten er for ${AGE_AREA_LABELS[row.age_area as AgeArea] ?? row.age_area}, ikke ${AGE_AREA_LABELS[q.ageArea as AgeArea] ?? q.ageArea}`, [{ field: 'ageArea', message: 'passer ikke til reportId' }]);
      }
    } else if (q.ageArea) {
      [row] = await this.db.query(
        `SELECT id, age_area, year, themes FROM quality_report
         WHERE age_area = $1 AND byraad_behandlet_on IS NOT NULL AND byraad_behandlet_on <= $2
         ORDER BY byraad_behandlet_on DESC, year DESC LIMIT 1`,
        [q.ageArea, this.clock.today()],
      );
      if (!row) throw new NotFoundError(`Ingen kvalitetsrapport for ${AGE_AREA_LABELS[q.ageArea as AgeArea] ?? q.ageArea} er behandlet af byrådet endnu`);
    } else {
      throw new BadInputError('Angiv ageArea eller reportId', [{ field: 'ageArea', message: 'mangler' }]);
    }
    return {
      id: row.id,
      ageArea: row.age_area,
      year: row.year,
      themes: Array.isArray(row.themes) ? row.themes.filter((t): t is string => typeof t === 'string') : [],
    };
  }
}
