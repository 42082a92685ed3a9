import { AUDIT_RULES, type AuditSummary } from '../../../workflows/audit/coverage';
import { countOf } from '../../../workflows/labels';
import type { CoverageTotals, CoverageUnitRow } from './audit.dto';
import type { CsvCell } from './csv';
import { STATUTORY_CSV_HEADER, statutoryCsvCells } from '../tilsyn';

/** The coverage audit's CSV columns (R80): the unit, the counts, then one column per rule. */
export const COVERAGE_CSV_HEADER = [
  'enhedskode',
  'enhed',
  'type',
  'styreform',
  'distrikt',
  'chef',
  'forfaldne',
  'rettidigt',
  'for_sent',
  'overskredet',
  'aabne',
  'annulleret_fritaget',
  ...AUDIT_RULES,
  ...STATUTORY_CSV_HEADER,
] as const;

const NOT_APPLICABLE = '–';

function ruleCell(check: { applicable: boolean; pass: boolean } | undefined): string {
  if (!check || !check.applicable) return NOT_APPLICABLE;
  return check.pass ? 'OK' : 'Fejl';
}

/** One unit's line. */
export function coverageCsvRow(r: CoverageUnitRow): CsvCell[] {
  return [
    r.code,
    r.name,
    r.type,
    r.governance,
    r.district,
    r.chef?.name ?? null,
    r.due,
    r.completedOnTime,
    r.completedLate,
    r.overdue,
    r.open,
    r.cancelledWaived,
    ...AUDIT_RULES.map((rule) => ruleCell(r.rules.find((c) => c.rule === rule))),
    ...statutoryCsvCells(r.statutory ?? []),
  ];
}

const SUMMARY_RULE_CELLS = [NOT_APPLICABLE, 'OK', 'Fejl'];

/**
 * One unit's line from what the memo keeps (its AuditSummary: counts, then each rule's status) instead of its
 * decoded result: the same cells as coverageCsvRow, so a whole-country CSV decodes no unit's JSON.
 */
export function coverageCsvRowOfSummary(
  unit: Pick<CoverageUnitRow, 'code' | 'name' | 'type' | 'governance' | 'district' | 'chef' | 'statutory'>,
  summary: AuditSummary,
): CsvCell[] {
  const cells: CsvCell[] = [unit.code, unit.name, unit.type, unit.governance, unit.district, unit.chef?.name ?? null];
  for (let i = 0; i < 6; i++) cells.push(summary[i]!);
  for (let i = 0; i < AUDIT_RULES.length; i++) cells.push(SUMMARY_RULE_CELLS[summary[6 + i]!]!);
  cells.push(...statutoryCsvCells(unit.statutory ?? []));
  return cells;
}

/** The totals line, last. */
export function coverageTotalsCsvRow(t: CoverageTotals): CsvCell[] {
  return [
    'I alt',
    countOf(t.units, 'enhed', 'enheder'),
    null,
    null,
    null,
    null,
    t.due,
    t.completedOnTime,
    t.completedLate,
    t.overdue,
    t.open,
    t.cancelledWaived,
    ...AUDIT_RULES.map((rule) => {
      const r = t.rules.find((x) => x.rule === rule);
      if (!r || r.passed + r.failed === 0) return NOT_APPLICABLE;
      return r.failed === 0 ? 'OK' : `Fejl (${r.failed})`;
    }),
    ...STATUTORY_CSV_HEADER.map(() => null),
  ];
}

