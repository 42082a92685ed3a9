import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { LocalDate } from '../../../workflows/domain';
import { addDays, daysBetween } from '../../../workflows/calendar/local-date';
import { tilsynCycleOf } from '../../../workflows/tilsyn';
import { schoolYearOf, schoolYearLabel, SKOLEUDVIKLING_SETTINGS } from '../../../workflows/tilsyn/skoleudvikling';
import { TILSYN_LAW_IN_FORCE_FROM, TILSYNSRAPPORT_YEARS } from '../../../workflows/tilsyn/tilsynsrapport';
import { ENHEDER_SQL } from './tilsynsrapport.service';

/** Runs one statement and resolves with its rows. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type StatutoryQuery = (sql: string, params: unknown[]) => Promise<any[]>;

/** One check's verdict: met, not met, or not relevant to this enhed or school. */
export type CheckVerdict = 'ok' | 'fejl' | 'ikke_relevant';

/**
 * The statutory checks of one enhed of a dagtilbud (R90, R93, R95, R96) or of one
 * school (R94), as the coverage audit shows them within the unit's row.
 */
export interface StatutoryAuditRow {
  unitId: string;
  /** The enhed's API id (a dagtilbud's implicit enhed: the unit's id); for a school, the unit's id. */
  enhedId: string;
  enhedName: string;
  /**
   * R90: held visits of each kind in the current cycle, and whether the
   * previous cycle (when the enhed existed through it) had one of each; the
   * verdict fails only on a finished cycle without both (the current one may still get them).
   */
  r90: { cycle: string; heldAnmeldt: number; heldUanmeldt: number; previousCycle: string; previousCycleMet: boolean | null; verdict: CheckVerdict } | null;
  /** R93: last publication, the next due date (last + 2 years, or the opening + 2 years), and the verdict on `today`. */
  r93: { lastPublishedOn: LocalDate | null; nextDueOn: LocalDate; verdict: CheckVerdict } | null;
  /** R94: this school year's skoleudviklingssamtale: its state (`mangler` when never generated) and the verdict. */
  r94: { schoolYear: string; state: string; dueOn: LocalDate | null; verdict: CheckVerdict } | null;
  /** R95: open cases and the age of the oldest in days (decision to `today`). */
  r95: { openCases: number; oldestOpenDays: number | null; oldestOpenSince: LocalDate | null } | null;
  /**
   * R96: handleplaner and board orientations past due and not done; windows closed without comments ("ingen
   * bemærkninger"). The verdict is `ikke_relevant` for an enhed that has never had a skærpet tilsyn.
   */
  r96: { overdueHandleplaner: number; overdueOrienteringer: number; closedWithoutComments: number; verdict: CheckVerdict } | null;
}

/**
 * The audit's statutory part, set-based: one query per check for all the
 * units asked about, grouped per unit. Reads recorded facts only (R81):
 * publications, obligations and their states, decisions; never a visit that
 * has not been held (R91).
 */
@Injectable()
export class StatutoryAudit {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /**
   * The rows of each unit in `unitIds` on `today`, dagtilbud per enhed, schools one row. `query` runs the two
   * statements; by default the request pool, the coverage audit passes its heavy-read pool's (issue 14: a
   * whole-country export must not hold the request pool's connections).
   */
  async forUnits(unitIds: string[], today: LocalDate, query: StatutoryQuery = (sql, params) => this.db.query(sql, params)): Promise<Map<string, StatutoryAuditRow[]>> {
    const result = new Map<string, StatutoryAuditRow[]>();
    if (unitIds.length === 0) return result;
    const current = tilsynCycleOf(today);
    const previous = tilsynCycleOf(addDays(current.startsOn, -1));
    const enheder: {
      key: string;
      unit_id: string;
      name: string;
      last_published_on: string | null;
      next_due_on: string;
      valid_from: string;
      cur_anmeldt: number;
      cur_uanmeldt: number;
      prev_anmeldt: number;
      prev_uanmeldt: number;
      cases: number;
      open_cases: number;
      oldest_open_since: string | null;
      overdue_plans: number;
      overdue_orient: number;
      closed_without: number;
    }[] = await query(
      `WITH x AS (${ENHEDER_SQL})
       SELECT x.key, x.unit_id, x.name, x.valid_from::text, r.last::text AS last_published_on,
              coalesce(vis.cur_anmeldt, 0) AS cur_anmeldt, coalesce(vis.cur_uanmeldt, 0) AS cur_uanmeldt,
              coalesce(vis.prev_anmeldt, 0) AS prev_anmeldt, coalesce(vis.prev_uanmeldt, 0) AS prev_uanmeldt,
              (coalesce(r.last, greatest(x.valid_from, $8::date)) + make_interval(years => $3))::date::text AS next_due_on,
              coalesce(s.cases, 0) AS cases, coalesce(s.open_cases, 0) AS open_cases, s.oldest::text AS oldest_open_since,
              coalesce(h.overdue_plans, 0) AS overdue_plans, coalesce(h.overdue_orient, 0) AS overdue_orient,
              coalesce(s.closed_without, 0) AS closed_without
       FROM x
       -- R90/R91: held visits only; one not yet held is never counted, so nothing here reveals it.
       LEFT JOIN LATERAL (
         SELECT count(*) FILTER (WHERE v.announcement = 'anmeldt' AND o.completed_on BETWEEN $4::date AND $5::date)::int AS cur_anmeldt,
                count(*) FILTER (WHERE v.announcement = 'uanmeldt' AND o.completed_on BETWEEN $4::date AND $5::date)::int AS cur_uanmeldt,
                count(*) FILTER (WHERE v.announcement = 'anmeldt' AND o.completed_on BETWEEN $6::date AND $7::date)::int AS prev_anmeldt,
                count(*) FILTER (WHERE v.announcement = 'uanmeldt' AND o.completed_on BETWEEN $6::date AND $7::date)::int AS prev_uanmeldt
         FROM obligation o JOIN tilsyn_visit v ON v.obligation_id = o.id
         WHERE o.unit_id = x.unit_id AND o.kind = 'tilsynsbesoeg' AND o.state = 'completed' AND coalesce(o.enhed_id, o.unit_id)::text = x.key
           AND o.completed_on BETWEEN $6::date AND $5::date) vis ON true
       LEFT JOIN LATERAL (SELECT max(t.published_on) AS last FROM tilsynsrapport t WHERE t.unit_id = x.unit_id AND coalesce(t.enhed_id, t.unit_id)::text = x.key) r ON true
       LEFT JOIN LATERAL (
         SELECT count(*)::int AS cases, count(*) FILTER (WHERE c.state = 'aaben')::int AS open_cases, min(c.decided_on) FILTER (WHERE c.state = 'aaben') AS oldest,
                count(*) FILTER (WHERE c.comment_window_closes_on < $2::date
                                   AND NOT EXISTS (SELECT 1 FROM skaerpet_tilsyn_bemaerkning b WHERE b.skaerpet_tilsyn_id = c.id))::int AS closed_without
         FROM skaerpet_tilsyn c WHERE c.unit_id = x.unit_id AND coalesce(c.enhed_id, c.unit_id)::text = x.key) s ON true
       LEFT JOIN LATERAL (
         SELECT count(*) FILTER (WHERE o.kind = 'handleplan')::int AS overdue_plans,
                count(*) FILTER (WHERE o.kind = 'bestyrelsesorientering_handleplan')::int AS overdue_orient
         FROM obligation o JOIN skaerpet_tilsyn c ON c.id::text = o.subject_key
         WHERE o.unit_id = x.unit_id AND o.loop_id IS NULL AND coalesce(c.enhed_id, c.unit_id)::text = x.key
           AND o.kind IN ('handleplan', 'bestyrelsesorientering_handleplan')
           AND o.state IN ('planned', 'scheduled', 'overdue') AND o.due_on < $2::date) h ON true
       WHERE x.unit_id = ANY($1::uuid[]) AND x.valid_from <= $2::date AND (x.valid_to IS NULL OR x.valid_to >= $2::date)
       ORDER BY x.unit_id, x.name, x.key`,
      [unitIds, today, TILSYNSRAPPORT_YEARS, current.startsOn, current.endsOn, previous.startsOn, previous.endsOn, TILSYN_LAW_IN_FORCE_FROM],
    );
    for (const e of enheder) {
      push(result, e.unit_id, {
        unitId: e.unit_id,
        enhedId: e.key,
        enhedName: e.name,
        r90: r90Of(e, current.key, previous, today),
        // R74: before the law took effect nothing was owed.
        r93: { lastPublishedOn: e.last_published_on, nextDueOn: e.next_due_on, verdict: today < TILSYN_LAW_IN_FORCE_FROM ? 'ikke_relevant' : today > e.next_due_on ? 'fejl' : 'ok' },
        r94: null,
        r95: { openCases: e.open_cases, oldestOpenSince: e.oldest_open_since, oldestOpenDays: e.oldest_open_since ? daysBetween(e.oldest_open_since, today) : null },
        r96: {
          overdueHandleplaner: e.overdue_plans,
          overdueOrienteringer: e.overdue_orient,
          closedWithoutComments: e.closed_without,
          // Without a skærpet tilsyn there is no handleplan to judge: "Ikke relevant", not a pass (the last newcomer's finding).
          verdict: e.cases === 0 ? 'ikke_relevant' : e.overdue_plans + e.overdue_orient > 0 ? 'fejl' : 'ok',
        },
      });
    }
    const schoolYear = schoolYearOf(today);
    const schools: { id: string; name: string; state: string | null; due_on: string | null }[] = await query(
      `SELECT u.id, u.name, o.state, o.due_on::text
       FROM unit u LEFT JOIN obligation o ON o.unit_id = u.id AND o.kind = 'skoleudviklingssamtale' AND o.sequence = $3 AND o.loop_id IS NULL
       WHERE u.id = ANY($1::uuid[]) AND u.type = ANY($4::text[]) AND u.governance = ANY($5::text[]) AND ($6::boolean OR NOT u.special)
         AND u.valid_from <= $2::date AND (u.valid_to IS NULL OR u.valid_to >= $2::date)`,
      [unitIds, today, schoolYear, SKOLEUDVIKLING_SETTINGS.unitTypes, SKOLEUDVIKLING_SETTINGS.governances, SKOLEUDVIKLING_SETTINGS.includeSpecialSchools],
    );
    if (schoolYear >= SKOLEUDVIKLING_SETTINGS.firstSchoolYear) {
      for (const s of schools) {
        // Open within its school year is on time; overdue, or never generated, is a finding.
        const verdict: CheckVerdict = s.state === null || s.state === 'overdue' ? 'fejl' : 'ok';
        push(result, s.id, {
          unitId: s.id,
          enhedId: s.id,
          enhedName: s.name,
          r90: null,
          r93: null,
          r94: { schoolYear: schoolYearLabel(schoolYear), state: s.state ?? 'mangler', dueOn: s.due_on, verdict },
          r95: null,
          r96: null,
        });
      }
    }
    return result;
  }
}

function r90Of(
  e: { valid_from: string; cur_anmeldt: number; cur_uanmeldt: number; prev_anmeldt: number; prev_uanmeldt: number },
  cycle: string,
  previous: { key: string; startsOn: LocalDate },
  today: LocalDate,
): NonNullable<StatutoryAuditRow['r90']> {
  // An enhed that opened during the previous cycle was not owed its visits then; nor was anyone before the law (R74).
  const owed = e.valid_from <= previous.startsOn && previous.startsOn >= TILSYN_LAW_IN_FORCE_FROM;
  const previousCycleMet = owed ? e.prev_anmeldt > 0 && e.prev_uanmeldt > 0 : null;
  return {
    cycle,
    heldAnmeldt: e.cur_anmeldt,
    heldUanmeldt: e.cur_uanmeldt,
    previousCycle: previous.key,
    previousCycleMet,
    verdict: today < TILSYN_LAW_IN_FORCE_FROM ? 'ikke_relevant' : previousCycleMet === false ? 'fejl' : 'ok',
  };
}

function push(map: Map<string, StatutoryAuditRow[]>, key: string, row: StatutoryAuditRow): void {
  const list = map.get(key);
  if (list) list.push(row);
  else map.set(key, [row]);
}

/** The statutory columns the coverage CSV appends per unit. */
export const STATUTORY_CSV_HEADER = ['R90', 'R93', 'R94', 'R95_aabne_sager', 'R95_aeldste_dage', 'R96'] as const;

/**
 * One unit's statutory cells: per check OK, Fejl (n enheder) or – when not
 * relevant; R95 as the number of open cases and the oldest one's age in days.
 */
export function statutoryCsvCells(rows: readonly StatutoryAuditRow[]): (string | number | null)[] {
  const verdict = (pick: (r: StatutoryAuditRow) => { verdict: CheckVerdict } | null) => {
    const relevant = rows.map(pick).filter((x): x is { verdict: CheckVerdict } => x !== null && x.verdict !== 'ikke_relevant');
    if (relevant.length === 0) return '–';
    const failed = relevant.filter((x) => x.verdict === 'fejl').length;
    return failed === 0 ? 'OK' : `Fejl (${failed})`;
  };
  const cases = rows.filter((r) => r.r95);
  const ages = cases.map((r) => r.r95!.oldestOpenDays).filter((d): d is number => d !== null);
  return [
    verdict((r) => r.r90),
    verdict((r) => r.r93),
    verdict((r) => r.r94),
    cases.length ? cases.reduce((n, r) => n + r.r95!.openCases, 0) : '–',
    ages.length ? Math.max(...ages) : null,
    verdict((r) => r.r96),
  ];
}
