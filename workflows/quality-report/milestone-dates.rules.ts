/**
 * R11/R13: the dates of a report's milestones. A milestone is dated when it
 * happens, so never after today; a wrong date is corrected by an
 * administrator with a reason, and the correction must keep the milestones in
 * order. The expected treatment date (`byraad_planlagt`) is the one date that
 * lies ahead.
 */
import type { LocalDate, RuleViolation } from '../domain';
import { QUALITY_REPORT_MILESTONES, QUALITY_REPORT_MILESTONE_LABELS, type QualityReportMilestone } from './quality-report.machine';

/** R13: not a step of the cycle but a forecast, recorded in advance and replaced freely until the treatment is recorded. */
export const PLANNED_TREATMENT = 'byraad_planlagt' as const;
export type PlannedTreatment = typeof PLANNED_TREATMENT;

/** R11: a milestone happened, so its date is not after today. */
export function checkMilestoneNotInFuture(milestone: QualityReportMilestone, date: LocalDate, today: LocalDate): RuleViolation | null {
  return date > today
    ? {
        rule: 'R11',
        message: `Milepælen "${QUALITY_REPORT_MILESTONE_LABELS[milestone]}" dateres, når den er sket; ${date} ligger efter i dag (${today})`,
      }
    : null;
}

/**
 * R11: an administrator's correction of a recorded date. The milestone must
 * be recorded, the reason given, the date not in the future, and the order
 * kept: not before the previous milestone, not after the next recorded one.
 */
export function checkMilestoneCorrection(
  dates: Partial<Record<QualityReportMilestone, LocalDate>>,
  milestone: QualityReportMilestone,
  date: LocalDate,
  reason: string,
  today: LocalDate,
): RuleViolation | null {
  const label = (m: QualityReportMilestone) => `"${QUALITY_REPORT_MILESTONE_LABELS[m]}"`;
  if (dates[milestone] === undefined) {
    return { rule: 'R11', message: `Milepælen ${label(milestone)} er ikke registreret endnu og kan derfor ikke rettes` };
  }
  if (reason.trim() === '') return { rule: 'R11', message: 'En rettelse af en milepæls dato kræver en begrundelse' };
  const future = checkMilestoneNotInFuture(milestone, date, today);
  if (future) return future;
  const index = QUALITY_REPORT_MILESTONES.indexOf(milestone);
  const before = QUALITY_REPORT_MILESTONES.slice(0, index).filter((m) => dates[m] !== undefined);
  const after = QUALITY_REPORT_MILESTONES.slice(index + 1).filter((m) => dates[m] !== undefined);
  const previous = before[before.length - 1];
  const next = after[0];
  if (previous && date < dates[previous]!) {
    return { rule: 'R11', message: `${label(milestone)} kan ikke dateres ${date}, før den forrige milepæl ${label(previous)} (${dates[previous]})` };
  }
  if (next && date > dates[next]!) {
    return { rule: 'R11', message: `${label(milestone)} kan ikke dateres ${date}, efter den næste milepæl ${label(next)} (${dates[next]})` };
  }
  return null;
}

/**
 * R13: the expected treatment date is recorded in advance, in the report's
 * own year, before the treatment itself, and after the previous treatment of
 * the age area.
 */
export function checkPlannedTreatment(
  input: { year: number; treatedOn: LocalDate | null; previousTreatment: LocalDate | null },
  date: LocalDate,
): RuleViolation | null {
  if (input.treatedOn !== null) {
    return { rule: 'R13', message: `Byrådet har allerede behandlet rapporten (${input.treatedOn}); den forventede dato kan ikke længere ændres` };
  }
  if (Number(date.slice(0, 4)) !== input.year) {
    return { rule: 'R13', message: `Byrådet behandler kvalitetsrapporten for ${input.year} i ${input.year}; ${date} ligger i et andet år` };
  }
  if (input.previousTreatment !== null && date <= input.previousTreatment) {
    return { rule: 'R13', message: `Den forventede behandling skal ligge efter den seneste behandling (${input.previousTreatment})` };
  }
  return null;
}
