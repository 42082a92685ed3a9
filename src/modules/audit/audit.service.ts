import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import {
  auditTotals,
  auditUnit,
  fromTrail,
  OBLIGATION_TRAIL_EVENTS,
  type AuditLoop,
  type AuditObligation,
  type DateWindow,
  type TrailRow,
} from '../../../workflows/audit/coverage';
import { addYears } from '../../../workflows/calendar/local-date';
import { ageAreaOf, OBLIGATION_STATES, type AgeArea, type Governance, type LocalDate, type UnitType } from '../../../workflows/domain';
import { rammeById } from '../../../workflows/ramme';
import { Clock } from '../../common/clock';
import { BadInputError, NotFoundError } from '../../common/errors';
import type { CurrentUser } from '../auth';
import { visibleTo } from '../obligations';
import { StatutoryAudit } from '../tilsyn';
import type {
  CoverageQuery,
  CoverageResponse,
  CoverageUnitRow,
  FocusAreaReport,
  FocusAreasQuery,
  TrailItem,
  TrailQuery,
  UnitFocusAreas,
} from './audit.dto';

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

interface UnitRow {
  id: string;
  code: string;
  name: string;
  type: UnitType;
  governance: Governance;
  district: string | null;
}

/**
 * The tilsyn coverage audit (R80–R81), the audit trail (R71) and the overview
 * of local focus areas (R11, R22). SQL gathers the rows; the rules are judged
 * by the pure workflows/audit/coverage.ts.
 */
@Injectable()
export class AuditService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly clock: Clock,
    private readonly statutoryAudit: StatutoryAudit,
  ) {}

  // ---- coverage --------------------------------------------------------------

  async coverage(q: CoverageQuery, user: CurrentUser): Promise<Omit<CoverageResponse, 'items' | 'trailChain'> & { items: CoverageUnitRow[] }> {
    const { from, to } = q;
    if (from > to) throw new BadInputError('from skal ligge før eller på to', [{ field: 'from', message: 'efter to' }]);
    if (to > addYears(from, MAX_AUDIT_YEARS)) {
      throw new BadInputError(`Perioden må højst være ${MAX_AUDIT_YEARS} år`, [{ field: 'to', message: `mere end ${MAX_AUDIT_YEARS} år efter from` }]);
    }
    const today = this.clock.today();
    // A non-admin sees the units they were chef for, for the dates they were (R3); nobody else's.
    const chefScope = user.admin ? q.chefId ?? null : user.personId;
    const empty = { from, to, items: [], total: 0, totals: { ...auditTotals([]), trailMismatches: 0 } };
    if (!user.admin && q.chefId && q.chefId !== user.personId) return empty;

    let units = await this.units(q);
    const windows = new Map<string, DateWindow[]>();
    if (chefScope) {
      const rows: { unit_id: string; from: string; to: string }[] = await this.db.query(
        `SELECT a.unit_id, greatest(a.valid_from, $2::date)::text AS from, least(coalesce(a.valid_to, $3::date), $3::date)::text AS to
         FROM assignment a
         WHERE a.role = 'chef' AND a.person_id = $1 AND a.valid_from <= $3 AND (a.valid_to IS NULL OR a.valid_to >= $2)`,
        [chefScope, from, to],
      );
      for (const r of rows) windows.set(r.unit_id, [...(windows.get(r.unit_id) ?? []), { from: r.from, to: r.to }]);
      units = units.filter((u) => windows.has(u.id));
    } else {
      for (const u of units) windows.set(u.id, [{ from, to }]);
    }
    if (units.length === 0) return empty;
    const unitIds = units.map((u) => u.id);

    const chefs = await this.chefs(unitIds, from, to, chefScope);
    const loops = await this.loops(unitIds, from, to);
    const obligations = await this.obligations([...loops.keys()]);

    const byUnit = <T extends { unitId: string }>(rows: Iterable<T>) => {
      const grouped = new Map<string, T[]>();
      for (const r of rows) {
        const list = grouped.get(r.unitId);
        if (list) list.push(r);
        else grouped.set(r.unitId, [r]);
      }
      return grouped;
    };
    const loopsOf = byUnit(loops.values());
    // R93–R96: the statutory part, merged per unit; as of the period's end, never after today.
    const statutory = await this.statutoryAudit.forUnits(unitIds, to < today ? to : today);
    const obligationsOf = byUnit(obligations);

    const results = units.map((u) => {
      const own = obligationsOf.get(u.id) ?? [];
      const unitWindows = windows.get(u.id)!;
      const result = auditUnit({ unitType: u.type, windows: unitWindows, loops: loopsOf.get(u.id) ?? [], obligations: own, today });
      const inScope = (o: { dueOn: string }) => unitWindows.some((w) => w.from <= o.dueOn && o.dueOn <= w.to);
      const row: CoverageUnitRow = {
        unitId: u.id,
        code: u.code,
        name: u.name,
        type: u.type,
        governance: u.governance,
        district: u.district,
        ageArea: ageAreaOf(u.type),
        chef: chefs.get(u.id) ?? null,
        ...result,
        trailMismatches: own.filter((o) => inScope(o) && o.storedState !== o.state).map((o) => o.id),
        statutory: statutory.get(u.id) ?? [],
      };
      return { row, result };
    });
    const totals = {
      ...auditTotals(results.map((r) => r.result)),
      trailMismatches: results.reduce((n, r) => n + r.row.trailMismatches.length, 0),
    };
    return { from, to, items: results.map((r) => r.row), total: results.length, totals };
  }

  private async units(q: CoverageQuery): Promise<UnitRow[]> {
    const params: unknown[] = [q.from, q.to];
    const where = [`u.valid_from <= $2`, `(u.valid_to IS NULL OR u.valid_to >= $1)`];
    const add = (sql: (p: string) => string, value: unknown) => {
      params.push(value);
      where.push(sql(`$${params.length}`));
    };
    if (q.unitId) add((p) => `u.id = ${p}`, q.unitId);
    if (q.district) add((p) => `lower(u.district) = lower(CAST(${p} AS varchar) COLLATE dansk)`, q.district);
    if (q.type) add((p) => `u.type = ${p}`, q.type);
    if (q.governance) add((p) => `u.governance = ${p}`, q.governance);
    if (q.ageArea) add((p) => `(CASE WHEN u.type = 'dagtilbud' THEN '0-6' ELSE '6-18' END) = ${p}`, q.ageArea);
    if (q.special) add((p) => `u.special = ${p}`, q.special === 'ja'); // R80: the specialtilbud slice
    return this.db.query(
      `SELECT u.id, u.code, u.name, u.type, u.governance, u.district FROM unit u WHERE ${where.join(' AND ')} ORDER BY u.code, u.id`,
      params,
    );
  }

  /** The chef of each unit on the period's last day, otherwise the last one in the period; in a chef's slice, that chef. */
  private async chefs(unitIds: string[], from: LocalDate, to: LocalDate, chefScope: string | null): Promise<Map<string, { id: string; name: string }>> {
    if (chefScope) {
      const [person] = await this.db.query(`SELECT id, name FROM person WHERE id = $1`, [chefScope]);
      return new Map(person ? unitIds.map((id) => [id, { id: person.id, name: person.name }]) : []);
    }
    const rows: { unit_id: string; id: string; name: string }[] = await this.db.query(
      `SELECT DISTINCT ON (a.unit_id) a.unit_id, p.id, p.name
       FROM assignment a JOIN person p ON p.id = a.person_id
       WHERE a.role = 'chef' AND a.unit_id = ANY($1::uuid[]) AND a.valid_from <= $3 AND (a.valid_to IS NULL OR a.valid_to >= $2)
       ORDER BY a.unit_id, a.valid_from DESC`,
      [unitIds, from, to],
    );
    return new Map(rows.map((r) => [r.unit_id, { id: r.id, name: r.name }]));
  }

  /**
   * The loops whose obligations the audit needs: those overlapping the period
   * or holding an obligation due in it, plus each unit's loop before them
   * (R52 counts follow-ups between the last samtale of one loop and the first
   * of the next).
   */
  private async loops(unitIds: string[], from: LocalDate, to: LocalDate): Promise<Map<string, AuditLoop & { unitId: string }>> {
    const rows: { id: string; unit_id: string; ramme_id: string; themes: unknown }[] = await this.db.query(
      `WITH touching AS (
         SELECT l.id, l.unit_id, l.starts_on FROM learning_loop l
         WHERE l.unit_id = ANY($1::uuid[]) AND l.starts_on <= $3 AND (l.ended_on IS NULL OR l.ended_on >= $2)
         UNION
         SELECT l.id, l.unit_id, l.starts_on FROM learning_loop l
         WHERE l.id IN (SELECT o.loop_id FROM obligation o WHERE o.unit_id = ANY($1::uuid[]) AND o.due_on BETWEEN $2 AND $3)),
       previous AS (
         SELECT DISTINCT ON (l.unit_id) l.id, l.unit_id, l.starts_on FROM learning_loop l
         JOIN (SELECT unit_id, min(starts_on) AS first FROM touching GROUP BY unit_id) f ON f.unit_id = l.unit_id AND l.starts_on < f.first
         ORDER BY l.unit_id, l.starts_on DESC)
       SELECT l.id, l.unit_id, l.ramme_id, r.themes
       FROM learning_loop l JOIN quality_report r ON r.id = l.quality_report_id
       WHERE l.id IN (SELECT id FROM touching UNION SELECT id FROM previous)`,
      [unitIds, from, to],
    );
    return new Map(
      rows.map((r) => [
        r.id,
        {
          id: r.id,
          unitId: r.unit_id,
          themes: Array.isArray(r.themes) ? r.themes.filter((t): t is string => typeof t === 'string') : [],
          ramme: rammeById(r.ramme_id), // R73: the version the loop started under
        },
      ]),
    );
  }

  /** Every obligation of the loops, with state and confirmation from its audit trail (R81). */
  private async obligations(loopIds: string[]): Promise<(AuditObligation & { unitId: string; storedState: string })[]> {
    if (loopIds.length === 0) return [];
    const rows: (TrailColumns & {
      id: string;
      unit_id: string;
      loop_id: string;
      kind: string;
      sequence: number;
      subject_key: string;
      due_on: string;
      stored_state: string;
    })[] = await this.db.query(
      `SELECT o.id, o.unit_id, o.loop_id, o.kind, o.sequence, o.subject_key, o.due_on::text AS due_on, o.state AS stored_state,
              t.event, t.to_state, t.reason, t.payload, t.at_date
       FROM obligation o
       ${latestTrail('$2', '$3')}
       WHERE o.loop_id = ANY($1::uuid[])
       ORDER BY o.due_on, o.kind, o.sequence, o.id`,
      [loopIds, OBLIGATION_TRAIL_EVENTS, OBLIGATION_STATES],
    );
    return rows.map((r) => ({
      id: r.id,
      unitId: r.unit_id,
      loopId: r.loop_id,
      kind: r.kind,
      sequence: r.sequence,
      subjectKey: r.subject_key,
      dueOn: r.due_on,
      storedState: r.stored_state,
      ...fromTrail(trailRow(r)),
    }));
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
    if (q.from && q.to && q.from > q.to) throw new BadInputError('from skal ligge før eller på to', [{ field: 'from', message: 'efter to' }]);
    const cursor = q.after === undefined ? undefined : parseTrailCursor(q.after);
    if (cursor && q.offset > 0) throw new BadInputError('Brug enten after eller offset, ikke begge', [{ field: 'after', message: 'kan ikke kombineres med offset' }]);
    const params: unknown[] = [];
    const where: string[] = [];
    const add = (sql: (p: string) => string, value: unknown) => {
      params.push(value);
      where.push(sql(`$${params.length}`));
    };
    if (q.obligationId) add((p) => `t.obligation_id = ${p}`, q.obligationId);
    if (q.unitId) add((p) => `t.unit_id = ${p}`, q.unitId);
    if (q.personId) add((p) => `t.actor_person_id = ${p}`, q.personId);
    // Calendar days in Europe/Copenhagen (R72).
    if (q.from) add((p) => `t.at >= (${p}::date)::timestamp AT TIME ZONE 'Europe/Copenhagen'`, q.from);
    if (q.to) add((p) => `t.at < (${p}::date + 1)::timestamp AT TIME ZONE 'Europe/Copenhagen'`, q.to);
    // Outside administration: only what happened to obligations the caller sees (visibility.ts). As an array computed
    // once, the caller's obligations (index lookups per person column) lead to their rows through transition_obligation;
    // as a semi-join PostgreSQL would walk the whole trail newest first testing each row (1.3 s for a chef at 10,000 units).
    if (!user.admin) {
      add((p) => `t.obligation_id = ANY(ARRAY(SELECT o.id FROM obligation o WHERE ${visibleTo('o', p)}))`, user.personId);
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
              t.obligation_id, t.loop_id, t.quality_report_id, t.event, t.from_state, t.to_state, t.reason, t.payload
       FROM transition t LEFT JOIN person p ON p.id = t.actor_person_id
       ${filter}
       ORDER BY t.at DESC, t.id DESC
       LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
      [...params, q.limit + 1, q.offset],
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
        throw new BadInputError(`Rapporten er for aldersområdet ${row.age_area}, ikke ${q.ageArea}`, [{ field: 'ageArea', message: 'passer ikke til reportId' }]);
      }
    } else if (q.ageArea) {
      [row] = await this.db.query(
        `SELECT id, age_area, year, themes FROM quality_report
         WHERE age_area = $1 AND byraad_behandlet_on IS NOT NULL AND byraad_behandlet_on <= $2
         ORDER BY byraad_behandlet_on DESC, year DESC LIMIT 1`,
        [q.ageArea, this.clock.today()],
      );
      if (!row) throw new NotFoundError(`Ingen kvalitetsrapport for ${q.ageArea} er behandlet af byrådet endnu`);
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
