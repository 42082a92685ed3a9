import { fromTrail, type AuditLoop, type AuditObligation, type DateWindow } from '../../../workflows/audit/coverage';
import { OBLIGATION_KINDS, OBLIGATION_STATES, type Governance, type LocalDate, type ObligationKind, type UnitType } from '../../../workflows/domain';
import { addDays } from '../../../workflows/calendar/local-date';
import { rammeById } from '../../../workflows/ramme';
import type { CoverageQuery } from './audit.dto';

/**
 * The slice's units on alias `u` (R80's filters): valid at some day of the
 * period `$1`–`$2` and matching the query's filters, whose values `param`
 * appends to the statement's parameters. Shared by the audit and the count of
 * its units, so the two cannot disagree.
 */
function sliceConditions(q: CoverageQuery, param: (value: unknown) => string): string[] {
  const where = [`u.valid_from <= $2`, `(u.valid_to IS NULL OR u.valid_to >= $1)`];
  if (q.unitId) where.push(`u.id = ${param(q.unitId)}`);
  if (q.district) where.push(`lower(u.district) = lower(CAST(${param(q.district)} AS varchar) COLLATE dansk)`);
  if (q.type) where.push(`u.type = ${param(q.type)}`);
  if (q.governance) where.push(`u.governance = ${param(q.governance)}`);
  if (q.ageArea) where.push(`(CASE WHEN u.type = 'dagtilbud' THEN '0-6' ELSE '6-18' END) = ${param(q.ageArea)}`);
  if (q.special) where.push(`u.special = ${param(q.special === 'ja')}`); // R80: the specialtilbud slice
  return where;
}

/**
 * How many units coverageStatement(q, chefScope) answers with (one row each):
 * the slice's units and, with a chef scope, those the person was chef for on
 * some day of the period (R3). The export job's progress total.
 */
export function coverageUnitCountStatement(q: CoverageQuery, chefScope: string | null): { sql: string; params: unknown[] } {
  const params: unknown[] = [q.from, q.to];
  const param = (value: unknown) => {
    params.push(value);
    return `$${params.length}`;
  };
  const where = sliceConditions(q, param);
  if (chefScope) {
    where.push(`EXISTS (SELECT 1 FROM assignment a WHERE a.unit_id = u.id AND a.role = 'chef' AND a.person_id = ${param(chefScope)}
                         AND a.valid_from <= $2 AND (a.valid_to IS NULL OR a.valid_to >= $1))`);
  }
  return { sql: `SELECT count(*)::int AS n FROM unit u WHERE ${where.join(' AND ')}`, params };
}

/**
 * The CTE bodies shared by the audit and its slice: `windows` (unit_id, w_from, w_to: the dates of the period each
 * unit is judged for — a chef's slice only while that person was its chef, R3) over a CTE `slice`, and `chefs`
 * (unit_id, id, name: the chef on the period's last day, else the last in it) over a CTE `units`.
 */
function windowsAndChefs(chefScope: string | null, param: (value: unknown) => string): { windows: string; chefs: string } {
  // A non-admin (or an administrator's chefId) sees the units that person was chef for, for the dates they were (R3).
  const chef = chefScope ? param(chefScope) : null;
  const windows = chef
    ? `SELECT a.unit_id, greatest(a.valid_from, $1::date) AS w_from, least(coalesce(a.valid_to, $2::date), $2::date) AS w_to
       FROM assignment a JOIN slice s ON s.id = a.unit_id
       WHERE a.role = 'chef' AND a.person_id = ${chef} AND a.valid_from <= $2 AND (a.valid_to IS NULL OR a.valid_to >= $1)`
    : `SELECT s.id AS unit_id, $1::date AS w_from, $2::date AS w_to FROM slice s`;
  const chefs = chef
    ? `SELECT u.id AS unit_id, p.id, p.name FROM units u CROSS JOIN person p WHERE p.id = ${chef}`
    : `SELECT DISTINCT ON (a.unit_id) a.unit_id, p.id, p.name
       FROM assignment a JOIN units u ON u.id = a.unit_id JOIN person p ON p.id = a.person_id
       WHERE a.role = 'chef' AND a.valid_from <= $2 AND (a.valid_to IS NULL OR a.valid_to >= $1)
       ORDER BY a.unit_id, a.valid_from DESC`;
  return { windows, chefs };
}

/**
 * The coverage audit's slice without its judgement (the memo's first, cheap statement): one row per unit that
 * coverageStatement(q, chefScope) answers with, in the same order (unit code, id), with what the answer shows but
 * does not judge (code, name, district, the chef), the unit's windows, and its `unit_audit_stamp` (a number as text).
 * Read in the same snapshot as coverageStatement, an entry memoised under that stamp is exact (coverage-memo.ts).
 */
export function coverageSliceStatement(q: CoverageQuery, chefScope: string | null): { sql: string; params: unknown[] } {
  const params: unknown[] = [q.from, q.to];
  const param = (value: unknown) => {
    params.push(value);
    return `$${params.length}`;
  };
  const where = sliceConditions(q, param);
  const { windows, chefs } = windowsAndChefs(chefScope, param);
  if (!chefScope) {
    // Without a chef's scope every unit of the slice is judged for the whole period: one window, no grouping.
    const sql = `
      WITH units AS MATERIALIZED (
        SELECT u.id, u.code, u.name, u.type, u.governance, u.district FROM unit u WHERE ${where.join(' AND ')}
      ),
      chefs AS (${chefs})
      SELECT u.id, u.code, u.name, u.type, u.governance, u.district, c.id AS chef_id, c.name AS chef_name,
             json_build_array(json_build_array($1::date, $2::date)) AS windows, st.stamp::text AS stamp
      FROM units u
      LEFT JOIN chefs c ON c.unit_id = u.id
      LEFT JOIN unit_audit_stamp st ON st.unit_id = u.id
      ORDER BY u.code, u.id`;
    return { sql, params };
  }
  const sql = `
    WITH slice AS MATERIALIZED (
      SELECT u.id, u.code, u.name, u.type, u.governance, u.district FROM unit u WHERE ${where.join(' AND ')}
    ),
    windows AS MATERIALIZED (${windows}),
    units AS MATERIALIZED (SELECT s.* FROM slice s WHERE s.id IN (SELECT unit_id FROM windows)),
    window_rows AS (
      SELECT w.unit_id, json_agg(json_build_array(w.w_from, w.w_to)) AS windows FROM windows w GROUP BY w.unit_id
    ),
    chefs AS (${chefs})
    SELECT u.id, u.code, u.name, u.type, u.governance, u.district, c.id AS chef_id, c.name AS chef_name,
           wr.windows, st.stamp::text AS stamp
    FROM units u
    JOIN window_rows wr ON wr.unit_id = u.id
    LEFT JOIN chefs c ON c.unit_id = u.id
    LEFT JOIN unit_audit_stamp st ON st.unit_id = u.id
    ORDER BY u.code, u.id`;
  return { sql, params };
}

/** One row of coverageSliceStatement: one unit, unjudged. `stamp` is null only for a unit without a stamp row. */
export interface CoverageSliceRow {
  id: string;
  code: string;
  name: string;
  type: UnitType;
  governance: Governance;
  district: string | null;
  chef_id: string | null;
  chef_name: string | null;
  windows: [LocalDate, LocalDate][];
  stamp: string | null;
}

/**
 * The coverage audit's one statement (R80, R81): every unit of the slice as
 * ONE row, carrying what the pure judge (workflows/audit/coverage.ts) needs
 * for that unit, gathered set-based — each table is read once and grouped per
 * unit by hash, instead of one lookup per obligation:
 *
 *   units      the slice (filters) and, in a chef's slice, only the units
 *              that person was chef for, with the date windows (R3);
 *   loops      the loops overlapping the period or holding an obligation due
 *              in it, plus each unit's loop before them (R52 across loops);
 *   obligations of those loops, with state and confirmation from the LATEST
 *              obligation-state transition of the audit trail (R81) —
 *              DISTINCT ON over the trail, not the editable obligation row;
 *   chefs      the chef on the period's last day, else the last in it.
 *
 * The final SELECT joins one aggregate per unit to the units; a further
 * set-based part (e.g. the statutory per-enhed checks) joins the same way,
 * `LEFT JOIN (… GROUP BY unit_id) x ON x.unit_id = u.id`.
 *
 * Which obligations travel: those due in the period, and outside it only what
 * a rule of the period can look at — every laeringssamtale and datapakke of
 * the loops (R28's youth groups, R29, R41, R52's held samtaler) and the
 * follow-ups and extra follow-ups the trail says were held (R52 counts them
 * by the day they were held). Anything else due outside the period cannot
 * change a count or a rule, so it stays in the database.
 *
 * Each obligation is a compact JSON array (see ObligationTuple), in the
 * order the judge has always seen them: due date, kind, sequence, id. At
 * national scale most of them only count (R51's next-layer follow-ups,
 * bestyrelsesinput, loopopsamling): those travel without id and loop unless
 * the audit names them (cancelled/waived with reasons, or a stored state the
 * trail contradicts), which keeps the rows a third of their size.
 */
export function coverageStatement(q: CoverageQuery, chefScope: string | null, onlyUnits?: readonly string[]): { sql: string; params: unknown[] } {
  const params: unknown[] = [q.from, q.to, OBLIGATION_KINDS, OBLIGATION_STATES];
  const param = (value: unknown) => {
    params.push(value);
    return `$${params.length}`;
  };
  const where = sliceConditions(q, param);
  // The memo's misses (coverage-memo.ts): the same slice, judged only for the units whose entry is missing.
  if (onlyUnits) where.push(`u.id = ANY(${param(onlyUnits)}::uuid[])`);
  const { windows, chefs } = windowsAndChefs(chefScope, param);

  const sql = `
    WITH slice AS MATERIALIZED (
      SELECT u.id, u.code, u.name, u.type, u.governance, u.district FROM unit u WHERE ${where.join(' AND ')}
    ),
    windows AS MATERIALIZED (${windows}),
    units AS MATERIALIZED (SELECT s.* FROM slice s WHERE s.id IN (SELECT unit_id FROM windows)),
    unit_obligations AS MATERIALIZED (
      SELECT o.id, o.unit_id, o.loop_id, o.kind, o.sequence, o.subject_key, o.due_on, o.state
      FROM obligation o WHERE o.unit_id IN (SELECT id FROM units) AND o.loop_id IS NOT NULL
    ),
    touching AS (
      SELECT l.id, l.unit_id, l.starts_on FROM learning_loop l JOIN units u ON u.id = l.unit_id
      WHERE l.starts_on <= $2 AND (l.ended_on IS NULL OR l.ended_on >= $1)
      UNION
      SELECT l.id, l.unit_id, l.starts_on FROM learning_loop l
      WHERE l.id IN (SELECT o.loop_id FROM unit_obligations o WHERE o.due_on BETWEEN $1 AND $2)
    ),
    previous AS (
      SELECT DISTINCT ON (l.unit_id) l.id FROM learning_loop l
      JOIN (SELECT unit_id, min(starts_on) AS first FROM touching GROUP BY unit_id) f ON f.unit_id = l.unit_id AND l.starts_on < f.first
      ORDER BY l.unit_id, l.starts_on DESC
    ),
    loops AS MATERIALIZED (
      SELECT l.id, l.unit_id, l.ramme_id, r.themes, row_number() OVER (PARTITION BY l.unit_id ORDER BY l.id)::int AS loop_index
      FROM learning_loop l JOIN quality_report r ON r.id = l.quality_report_id
      WHERE l.id IN (SELECT id FROM touching UNION SELECT id FROM previous)
    ),
    obligations AS (
      SELECT o.* FROM unit_obligations o WHERE o.loop_id IN (SELECT id FROM loops)
    ),
    obligation_rows AS (
      SELECT o.unit_id,
             json_agg(CASE WHEN o.long THEN json_build_array(
               array_position($3::text[], o.kind::text), o.sequence, o.subject, o.due_on - $1::date, o.state_number,
               CASE WHEN o.rule_kind OR o.trail_state IN ('cancelled', 'waived') OR o.mismatch THEN o.id END,
               CASE WHEN o.rule_kind THEN o.loop_index END,
               CASE WHEN o.mismatch THEN o.state END,
               CASE WHEN o.trail_state IN ('cancelled', 'waived') THEN o.reason END,
               CASE WHEN o.trail_state = 'completed' THEN o.event END,
               CASE WHEN o.trail_state = 'completed' THEN o.payload END,
               CASE WHEN o.trail_state = 'completed' THEN (o.at AT TIME ZONE 'Europe/Copenhagen')::date - $1::date END
             ) ELSE json_build_array(array_position($3::text[], o.kind::text), o.sequence, o.subject, o.due_on - $1::date, o.state_number) END
             ) AS obligations
      FROM (
        SELECT o.*, l.loop_index, h.to_state AS trail_state, t.event, t.reason, t.payload, t.at,
               coalesce(array_position($4::text[], h.to_state::text), 0) AS state_number,
               CASE WHEN o.subject_key = '' THEN '' WHEN o.kind = 'tilsynsafrapportering' THEN o.subject_key ELSE '*' END AS subject,
               o.state IS DISTINCT FROM coalesce(h.to_state, 'planned') AS mismatch,
               (o.kind IN ('laeringssamtale', 'datapakke', 'elevinput', 'tilsynsafrapportering', 'tilsynsgennemgang', 'ekstra')
                OR (o.kind = 'ledelsesopfoelgning' AND o.subject_key = '')) AS rule_kind,
               (o.kind IN ('laeringssamtale', 'datapakke', 'elevinput', 'tilsynsafrapportering', 'tilsynsgennemgang', 'ekstra')
                OR (o.kind = 'ledelsesopfoelgning' AND o.subject_key = '')
                OR h.to_state IN ('completed', 'cancelled', 'waived') OR o.state IS DISTINCT FROM coalesce(h.to_state, 'planned')) AS long
        FROM obligations o JOIN loops l ON l.id = o.loop_id
        LEFT JOIN obligation_trail_head h ON h.obligation_id = o.id
        -- Only a completed, cancelled or waived obligation needs its transition's reason, payload or date: looked up by
        -- id for those alone, never a pass over the whole trail.
        LEFT JOIN LATERAL (
          SELECT tr.event, tr.reason, tr.payload, tr.at FROM transition tr
          WHERE tr.id = h.transition_id AND h.to_state IN ('completed', 'cancelled', 'waived')
        ) t ON true
      ) o
      WHERE o.due_on BETWEEN $1 AND $2
         OR o.kind IN ('laeringssamtale', 'datapakke')
         OR (o.kind IN ('ledelsesopfoelgning', 'ekstra') AND o.trail_state = 'completed')
      GROUP BY o.unit_id
    ),
    loop_rows AS (
      SELECT l.unit_id, json_agg(json_build_array(l.id, l.ramme_id, l.themes) ORDER BY l.loop_index) AS loops FROM loops l GROUP BY l.unit_id
    ),
    window_rows AS (
      SELECT w.unit_id, json_agg(json_build_array(w.w_from, w.w_to)) AS windows FROM windows w GROUP BY w.unit_id
    ),
    chefs AS (${chefs})
    SELECT u.id, u.code, u.name, u.type, u.governance, u.district, c.id AS chef_id, c.name AS chef_name,
           wr.windows, lr.loops, orow.obligations
    FROM units u
    JOIN window_rows wr ON wr.unit_id = u.id
    LEFT JOIN chefs c ON c.unit_id = u.id
    LEFT JOIN loop_rows lr ON lr.unit_id = u.id
    LEFT JOIN obligation_rows orow ON orow.unit_id = u.id
    ORDER BY u.code, u.id`;
  return { sql, params };
}

/**
 * One obligation: [kindNumber, sequence, subject, dueDay, stateNumber] and, only where a rule or the answer needs
 * more, [..., id, loopIndex, storedStateWhenDifferent, reason, event, payload, atDay]. kindNumber is 1-based into
 * OBLIGATION_KINDS; stateNumber is 1-based into OBLIGATION_STATES of the latest obligation-state transition, 0 when
 * the trail has none (R81); subject is '' (the unit's own), a tilsynsafrapportering's key, or '*' (another's);
 * dueDay and atDay are days after the period's first day (Europe/Copenhagen calendar dates, negative before it);
 * id only for the kinds a rule judges or an obligation the answer names (cancelled/waived, or a stored state the trail
 * contradicts); loopIndex (1-based into the unit's loops) only for the kinds a rule judges; reason only for
 * cancelled/waived; event, payload and atDay only for completed. Numbers instead of dates and the short form for
 * the obligations that only count keep the country's rows a fraction of their JSON size.
 */
type ObligationTuple =
  | [number, number, string, number, number]
  | [number, number, string, number, number, string | null, number | null, string | null, string | null, string | null, unknown, number | null];

/** One row of coverageStatement: one unit, as the slice has it (without its stamp) and what the judge needs. */
export interface CoverageUnitSqlRow extends Omit<CoverageSliceRow, 'stamp'> {
  loops: [string, string, unknown][] | null;
  obligations: ObligationTuple[] | null;
}

/** Calendar dates by their offset from one first day, shared by every unit of one audit. */
export class DayOffsets {
  private readonly dates = new Map<number, LocalDate>();
  constructor(private readonly first: LocalDate) {}
  date(offset: number): LocalDate {
    let date = this.dates.get(offset);
    if (date === undefined) {
      date = addDays(this.first, offset);
      this.dates.set(offset, date);
    }
    return date;
  }
}

/** The order the judge has always seen a unit's obligations in: due date, kind, sequence, id. */
function byDueKindSequenceId(a: AuditObligation, b: AuditObligation): number {
  if (a.dueOn !== b.dueOn) return a.dueOn < b.dueOn ? -1 : 1;
  if (a.kind !== b.kind) return a.kind < b.kind ? -1 : 1;
  if (a.sequence !== b.sequence) return a.sequence - b.sequence;
  return a.id === b.id ? 0 : a.id < b.id ? -1 : 1;
}

/** The judge's input for one unit, from its row (R73: each loop keeps the framework version it started under). */
export function unitInput(
  row: CoverageUnitSqlRow,
  days: DayOffsets,
): {
  windows: DateWindow[];
  loops: AuditLoop[];
  obligations: (AuditObligation & { storedState: string })[];
} {
  const loops: AuditLoop[] = (row.loops ?? []).map(([id, rammeId, themes]) => ({
    id,
    themes: Array.isArray(themes) ? themes.filter((t): t is string => typeof t === 'string') : [],
    ramme: rammeById(rammeId),
  }));
  const tuples = row.obligations ?? [];
  const obligations: (AuditObligation & { storedState: string })[] = new Array(tuples.length);
  // Index access, not array destructuring: this runs for every obligation of the country (destructuring goes
  // through the iterator protocol and was a third of the audit's time in Node).
  for (let i = 0; i < tuples.length; i++) {
    const tuple = tuples[i]!;
    const stateNumber = tuple[4];
    const long = tuple.length > 5;
    const id = long ? tuple[5] : null;
    const loopIndex = long ? tuple[6] : null;
    const atDay = long ? tuple[11] : null;
    // R81: state, completion and reason as the trail records them.
    const trail = fromTrail(
      stateNumber === 0
        ? null
        : {
            event: (long ? tuple[9] : null) ?? '',
            toState: OBLIGATION_STATES[stateNumber - 1]!,
            reason: (long ? tuple[8] : null) ?? null,
            payload: long ? tuple[10] : null,
            atDate: atDay === null || atDay === undefined ? '' : days.date(atDay),
          },
    );
    obligations[i] = {
      id: id ?? '',
      loopId: loopIndex === null || loopIndex === undefined ? '' : loops[loopIndex - 1]!.id,
      kind: OBLIGATION_KINDS[tuple[0] - 1] as ObligationKind,
      sequence: tuple[1],
      subjectKey: tuple[2],
      dueOn: days.date(tuple[3]),
      storedState: (long ? tuple[7] : null) ?? trail.state,
      state: trail.state,
      completedOn: trail.completedOn,
      completion: trail.completion,
      reason: trail.reason,
    };
  }
  obligations.sort(byDueKindSequenceId);
  return { windows: row.windows.map(([from, to]) => ({ from, to })), loops, obligations };
}
