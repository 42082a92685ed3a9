import type { DataSource } from 'typeorm';
import {
  auditTotals,
  auditUnit,
  fromTrail,
  OBLIGATION_TRAIL_EVENTS,
  type AuditLoop,
  type AuditObligation,
  type DateWindow,
  type TrailRow,
} from '../../workflows/audit/coverage';
import { addYears } from '../../workflows/calendar/local-date';
import { ageAreaOf, OBLIGATION_STATES, type Governance, type LocalDate, type UnitType } from '../../workflows/domain';
import { rammeById } from '../../workflows/ramme';
import type { Clock } from '../../src/common/clock';
import { crossFieldError } from '../../src/common/errors';
import type { CurrentUser } from '../../src/modules/auth';
import type { StatutoryAudit } from '../../src/modules/tilsyn';
import type { CoverageQuery, CoverageResponse, CoverageUnitRow } from '../../src/modules/audit/audit.dto';

const MAX_AUDIT_YEARS = 10;

/**
 * The coverage audit exactly as it was before it became set-based and
 * streamed (issue 14): one query per step, every obligation of the slice's
 * loops gathered into memory and judged per unit. Kept only as the
 * reference the new audit must equal on the demo data (coverage-pinned).
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

export class ReferenceCoverage {
  constructor(
    private readonly db: DataSource,
    private readonly clock: Clock,
    /** R90, R93–R96: the statutory part, joined per unit as the audit did when it was added (tilsyn, issue 9). */
    private readonly statutoryAudit: StatutoryAudit,
  ) {}

  async coverage(q: CoverageQuery, user: CurrentUser): Promise<Omit<CoverageResponse, 'items' | 'trailChain'> & { items: CoverageUnitRow[] }> {
    const { from, to } = q;
    if (from > to) throw crossFieldError('from', 'from skal ligge før eller på to');
    if (to > addYears(from, MAX_AUDIT_YEARS)) {
      throw crossFieldError('to', `to må højst ligge ${MAX_AUDIT_YEARS} år efter from`);
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
    const obligationsOf = byUnit(obligations);
    const statutory = await this.statutoryAudit.forUnits(unitIds, to < today ? to : today);

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

}
