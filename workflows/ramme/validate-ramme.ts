import { GOVERNANCES, UNIT_TYPES } from '../domain';
import { compareLocalDate, isLocalDate, isMonthDay } from '../calendar/local-date';
import { recurrenceProblems, recurrenceStart } from '../calendar/recurrence';
import type { RammeVersion } from './ramme.types';

const DAYS_PER_YEAR_MIN = 365;

/**
 * What is wrong with a version, or [] when the planner can use it. Checked for
 * every registered version by the spec, so a bad edit fails in CI, not in a
 * nightly scheduler run.
 */
export function validateRamme(r: RammeVersion): string[] {
  const problems: string[] = [];
  const at = (path: string, problem: string) => problems.push(`${r.id}.${path}: ${problem}`);
  const int = (path: string, value: number, min: number) => {
    if (!Number.isInteger(value) || value < min) at(path, `must be an integer >= ${min}, got ${value}`);
  };

  if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(r.id)) at('id', 'must be kebab-case');
  if (!isLocalDate(r.effectiveFrom)) at('effectiveFrom', 'must be YYYY-MM-DD');

  int('loopYears', r.loopYears, 1);
  if (!Number.isInteger(r.defaultTreatmentMonth) || r.defaultTreatmentMonth < 1 || r.defaultTreatmentMonth > 12) {
    at('defaultTreatmentMonth', 'must be a month 1..12');
  }
  int('samtaleCount', r.samtaleCount, 1);
  int('samtale1WindowWeeks', r.samtale1WindowWeeks, 1);
  // Samtaler 2..n are taken from the half-year windows after samtale 1's; a
  // window longer than a year would skip whole rounds.
  if (r.samtale1WindowWeeks * 7 >= DAYS_PER_YEAR_MIN) at('samtale1WindowWeeks', 'must be shorter than a year');

  const { spring, autumn } = r.halfYearWindows;
  for (const [name, w] of [['spring', spring], ['autumn', autumn]] as const) {
    if (!isMonthDay(w.from) || !isMonthDay(w.to)) at(`halfYearWindows.${name}`, 'from/to must be MM-DD (not 02-29)');
    else if (w.from > w.to) at(`halfYearWindows.${name}`, 'must not cross the new year');
  }
  if (isMonthDay(spring.to) && isMonthDay(autumn.from) && spring.to >= autumn.from) {
    at('halfYearWindows', 'spring must end before autumn begins');
  }

  int('datapakkeLeadDays', r.datapakkeLeadDays, 0);
  int('ledelsesopfoelgningPerYear', r.ledelsesopfoelgningPerYear, 0);
  int('ledelsesopfoelgningBetweenSamtaler', r.ledelsesopfoelgningBetweenSamtaler, 0);
  int('fuYouthParticipationEverySamtaler', r.fuYouthParticipationEverySamtaler, 1);

  const recurrences: [string, string][] = [
    ['ledelsesopfoelgning.recurrence', r.ledelsesopfoelgning.recurrence],
    ['subLeaderOpfoelgning.recurrence', r.subLeaderOpfoelgning.recurrence],
    ['tilsynsafrapportering.recurrence', r.tilsynsafrapportering.recurrence],
    ...Object.entries(r.subLeaderOpfoelgningPerUnitType).flatMap(([type, rule]) =>
      rule ? [[`subLeaderOpfoelgningPerUnitType.${type}.recurrence`, rule.recurrence] as [string, string]] : [],
    ),
  ];
  for (const [path, text] of recurrences) {
    const textProblems = recurrenceProblems(text);
    textProblems.forEach((p) => at(path, p));
    // The window running on a loop's start date opened at an earlier occurrence.
    if (textProblems.length === 0 && isLocalDate(r.effectiveFrom) && compareLocalDate(recurrenceStart(text), r.effectiveFrom) > 0) {
      at(path, 'DTSTART must not be after effectiveFrom');
    }
  }

  int('elevinput.dueDaysBeforeSamtale1WindowEnd', r.elevinput.dueDaysBeforeSamtale1WindowEnd, 0);
  if (r.elevinput.dueDaysBeforeSamtale1WindowEnd >= r.samtale1WindowWeeks * 7) {
    at('elevinput.dueDaysBeforeSamtale1WindowEnd', "must leave the due date after the loop start");
  }
  if (!Number.isInteger(r.bestyrelsesinput.fromSamtale) || r.bestyrelsesinput.fromSamtale < 1 || r.bestyrelsesinput.fromSamtale > r.samtaleCount) {
    at('bestyrelsesinput.fromSamtale', `must be a samtale 1..${r.samtaleCount}`);
  }
  for (const n of r.boardParticipationRequiredAtSamtaler) {
    if (!Number.isInteger(n) || n < 1 || n > r.samtaleCount) at('boardParticipationRequiredAtSamtaler', `no samtale ${n}`);
  }

  if (!isMonthDay(r.loopopsamling.dueMonthDay)) at('loopopsamling.dueMonthDay', 'must be MM-DD (not 02-29)');
  int('loopopsamling.yearsBeforeTreatment', r.loopopsamling.yearsBeforeTreatment, 0);
  if (r.loopopsamling.yearsBeforeTreatment >= r.loopYears) at('loopopsamling.yearsBeforeTreatment', 'must leave the due date inside the loop');
  int('loopopsamling.opensWeeksBeforeDue', r.loopopsamling.opensWeeksBeforeDue, 0);

  if (!isMonthDay(r.tilsynsafrapportering.opensOnMonthDay)) at('tilsynsafrapportering.opensOnMonthDay', 'must be MM-DD (not 02-29)');
  int('opfoelgningsmoede.dueDaysAfterDecision', r.opfoelgningsmoede.dueDaysAfterDecision, 0);
  int('tilsynsgennemgang.dueDaysAfterReceipt', r.tilsynsgennemgang.dueDaysAfterReceipt, 0);

  for (const t of UNIT_TYPES) {
    if (!r.leaderParticipantRoles[t]?.length) at(`leaderParticipantRoles.${t}`, 'must list at least one role');
  }
  for (const g of GOVERNANCES) {
    if (!r.convener[g]) at(`convener.${g}`, 'must name a role');
  }
  r.reminders.daysBeforeDue.forEach((d, i) => int(`reminders.daysBeforeDue[${i}]`, d, 1));

  return problems;
}
