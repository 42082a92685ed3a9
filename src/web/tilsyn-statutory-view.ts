import { STATUTORY_AUDIT_RULES, type StatutoryAuditRule } from '../../workflows/audit/coverage';
import type { LocalDate } from '../../workflows/domain';
import { tilsynsrammeInForce } from '../../workflows/tilsyn';
import type { StatutoryAuditRow } from '../modules/tilsyn';
import { formatDate, rangeLabel } from './labels';

/**
 * How a cell of the Tilsynsdækning grid reads: `pass` OK, `fail` Fejl, `na` Ikke relevant (nothing to judge for this
 * unit, e.g. R90 for a school), `info` a state without a verdict (R95: open skærpet-tilsyn cases are shown, not judged).
 */
export type StatutoryCellState = 'pass' | 'fail' | 'na' | 'info';

/** One statutory cell of a unit's row: the verdict in words and, per tilsynsenhed, what lies behind it. */
export interface StatutoryCell {
  rule: StatutoryAuditRule;
  state: StatutoryCellState;
  /** "OK", "Fejl", "Ikke relevant", or for R95 "Ingen åbne sager" / "1 åben sag". */
  text: string;
  /** What is held, missing or due, one line per tilsynsenhed (the enhed's name first when the unit has several). */
  details: string[];
}

const VERDICT_STATE = { ok: 'pass', fejl: 'fail', ikke_relevant: 'na' } as const;
const STATE_TEXT: Record<StatutoryCellState, string> = { pass: 'OK', fail: 'Fejl', na: 'Ikke relevant', info: '' };

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

/**
 * A unit's statutory cells, in STATUTORY_AUDIT_RULES order, from exactly the rows the API returns for it
 * (`CoverageUnitRow.statutory`, as of `asOf` = the period's end, never after today): the verdicts are the API's, the
 * page only words them. A unit with no row for a check (a school for R90, a dagtilbud for R94) reads "Ikke relevant".
 * R91: the rows count held visits only and carry no visit date, so nothing here can reveal a secret visit.
 */
export function statutoryCells(rows: readonly StatutoryAuditRow[], asOf: LocalDate): StatutoryCell[] {
  const required = tilsynsrammeInForce(asOf).visitsPerCycle;
  const named = rows.length > 1;
  const line = (r: StatutoryAuditRow, text: string) => (named ? `${r.enhedName}: ${text}` : text);

  const judged = (
    rule: StatutoryAuditRule,
    pick: (r: StatutoryAuditRow) => { verdict: keyof typeof VERDICT_STATE } | null,
    detail: (r: StatutoryAuditRow) => string | null,
  ): StatutoryCell => {
    const relevant = rows.filter((r) => pick(r) !== null);
    const states = relevant.map((r) => VERDICT_STATE[pick(r)!.verdict]);
    const state: StatutoryCellState = states.includes('fail') ? 'fail' : states.includes('pass') ? 'pass' : 'na';
    const details = state === 'na' ? [] : relevant.flatMap((r) => (pick(r)!.verdict === 'ikke_relevant' ? [] : [detail(r)].filter((d): d is string => !!d).map((d) => line(r, d))));
    return { rule, state, text: STATE_TEXT[state], details };
  };

  const cells: Record<StatutoryAuditRule, StatutoryCell> = {
    R90: judged(
      'R90',
      (r) => r.r90,
      (r) => {
        const v = r.r90!;
        const held = `${rangeLabel(v.cycle)}: ${v.heldAnmeldt} af ${required.anmeldt} anmeldt, ${v.heldUanmeldt} af ${required.uanmeldt} uanmeldt holdt`;
        return v.previousCycleMet === false ? `${rangeLabel(v.previousCycle)} manglede et holdt besøg af hver slags. ${held}` : held;
      },
    ),
    R93: judged(
      'R93',
      (r) => r.r93,
      (r) => {
        const v = r.r93!;
        const last = v.lastPublishedOn ? `sidst offentliggjort ${formatDate(v.lastPublishedOn)}` : 'aldrig offentliggjort';
        return v.verdict === 'fejl' ? `Forfalden ${formatDate(v.nextDueOn)}, ${last}` : `Næste senest ${formatDate(v.nextDueOn)}, ${last}`;
      },
    ),
    R94: judged(
      'R94',
      (r) => r.r94,
      (r) => {
        const v = r.r94!;
        if (v.state === 'mangler') return `Mangler for skoleåret ${v.schoolYear}`;
        if (v.state === 'overdue') return `Overskredet for skoleåret ${v.schoolYear}${v.dueOn ? ` (frist ${formatDate(v.dueOn)})` : ''}`;
        if (v.state === 'completed') return `Holdt i skoleåret ${v.schoolYear}`;
        if (v.state === 'cancelled' || v.state === 'waived') return `Annulleret eller fritaget i skoleåret ${v.schoolYear}`;
        return `Skoleåret ${v.schoolYear}${v.dueOn ? `, frist ${formatDate(v.dueOn)}` : ''}`;
      },
    ),
    R95: r95Cell(rows, line),
    R96: judged(
      'R96',
      (r) => r.r96,
      (r) => {
        const v = r.r96!;
        const late = [
          v.overdueHandleplaner ? `${plural(v.overdueHandleplaner, 'handleplan', 'handleplaner')} over fristen` : '',
          v.overdueOrienteringer ? `${plural(v.overdueOrienteringer, 'bestyrelsesorientering', 'bestyrelsesorienteringer')} over fristen` : '',
          v.closedWithoutComments ? `${plural(v.closedWithoutComments, 'bemærkningsfrist', 'bemærkningsfrister')} udløbet: ingen bemærkninger` : '',
        ].filter(Boolean);
        return late.length ? late.join(', ') : null;
      },
    ),
  };
  return STATUTORY_AUDIT_RULES.map((rule) => cells[rule]);
}

/** R95 has no verdict: the audit shows open cases and their age (ramme.md). */
function r95Cell(rows: readonly StatutoryAuditRow[], line: (r: StatutoryAuditRow, text: string) => string): StatutoryCell {
  const relevant = rows.filter((r) => r.r95 !== null);
  if (relevant.length === 0) return { rule: 'R95', state: 'na', text: STATE_TEXT.na, details: [] };
  const open = relevant.reduce((n, r) => n + r.r95!.openCases, 0);
  const details = relevant
    .filter((r) => r.r95!.openCases > 0)
    .map((r) => {
      const v = r.r95!;
      const age = v.oldestOpenDays === null ? '' : `, den ældste ${plural(v.oldestOpenDays, 'dag', 'dage')} gammel (siden ${formatDate(v.oldestOpenSince)})`;
      return line(r, `${plural(v.openCases, 'åben sag', 'åbne sager')}${age}`);
    });
  return { rule: 'R95', state: 'info', text: open === 0 ? 'Ingen åbne sager' : plural(open, 'åben sag', 'åbne sager'), details };
}

/** The summary's statutory counts over the given units: how many fail each judged check, and the open skærpet-tilsyn cases. */
export interface StatutorySummary {
  failing: Record<Exclude<StatutoryAuditRule, 'R95'>, number>;
  /** Units with at least one open skærpet-tilsyn case, and the cases in all (R95). */
  unitsUnderSkaerpet: number;
  openCases: number;
}

export function statutorySummary(units: readonly { statutory: readonly StatutoryAuditRow[]; cells: readonly StatutoryCell[] }[]): StatutorySummary {
  const failing = { R90: 0, R93: 0, R94: 0, R96: 0 };
  let unitsUnderSkaerpet = 0;
  let openCases = 0;
  for (const u of units) {
    for (const c of u.cells) if (c.rule !== 'R95' && c.state === 'fail') failing[c.rule] += 1;
    const open = u.statutory.reduce((n, r) => n + (r.r95?.openCases ?? 0), 0);
    if (open > 0) unitsUnderSkaerpet += 1;
    openCases += open;
  }
  return { failing, unitsUnderSkaerpet, openCases };
}
