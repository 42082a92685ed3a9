/**
 * The pure planner: one unit's loop, one framework version in, the loop's
 * obligations out (R70). Every number comes from the RammeVersion; the same
 * input always yields the same plan, so the scheduler can regenerate and
 * upsert on (kind, sequence, subjectKey) without creating duplicates.
 */
import {
  OBLIGATION_KINDS,
  governanceAllowed,
  type Governance,
  type LocalDate,
  type ObligationKind,
  type ResponsibleRole,
  type UnitType,
} from '../domain';
import {
  addDays,
  addWeeks,
  assertLocalDate,
  compareLocalDate,
  maxLocalDate,
  minLocalDate,
  onMonthDay,
  yearOf,
} from '../calendar/local-date';
import { occurrencesBetween, recurrenceWindows } from '../calendar/recurrence';
import { expectedTreatmentDate } from '../ramme';
import type { MonthDayWindow, RammeVersion } from '../ramme/ramme.types';

export interface PlannedObligation {
  kind: ObligationKind;
  /** 1..n within the loop for that kind and subject. */
  sequence: number;
  /** '' normally; the subLeader's person id for R51 follow-ups; the year for tilsynsafrapportering. */
  subjectKey: string;
  opensOn: LocalDate;
  dueOn: LocalDate;
  /** Who answers for it. */
  responsibleRole: ResponsibleRole;
}

export interface LoopPlanInput {
  ramme: RammeVersion;
  /** The byråd treatment date (R13). */
  loopStart: LocalDate;
  unitType: UnitType;
  governance: Governance;
  /** Registered next-layer leaders (R51). */
  subLeaderIds: string[];
  /**
   * The next treatment of the age area when it is already scheduled; by
   * default the expected date (R30: same day `loopYears` later).
   */
  nextTreatment?: LocalDate;
}

export interface SamtaleWindow {
  sequence: number;
  opensOn: LocalDate;
  dueOn: LocalDate;
}

/** The identity the scheduler upserts on (R70). */
export function obligationKey(o: Pick<PlannedObligation, 'kind' | 'sequence' | 'subjectKey'>): string {
  return `${o.kind}|${o.sequence}|${o.subjectKey}`;
}

/** The configured half-year windows from `year` on, in calendar order. */
function* halfYearWindowsFrom(ramme: RammeVersion, year: number): Generator<{ opensOn: LocalDate; dueOn: LocalDate }> {
  const windows: MonthDayWindow[] = Object.values(ramme.halfYearWindows).sort((a, b) => a.from.localeCompare(b.from));
  for (let y = year; ; y++) {
    for (const w of windows) yield { opensOn: onMonthDay(y, w.from), dueOn: onMonthDay(y, w.to) };
  }
}

/**
 * R20/R21: samtale 1 runs from the byråd date to `samtale1WindowWeeks` after
 * it; samtaler 2..n take the half-year windows that open after samtale 1's
 * window has closed, in order. So a byråd date late in a half-year lets
 * samtale 1 stand for that half-year, and the rounds never overlap.
 */
export function samtaleWindows(ramme: RammeVersion, loopStart: LocalDate): SamtaleWindow[] {
  assertLocalDate(loopStart, 'loopStart');
  const first: SamtaleWindow = { sequence: 1, opensOn: loopStart, dueOn: addWeeks(loopStart, ramme.samtale1WindowWeeks) };
  const result = [first];
  for (const w of halfYearWindowsFrom(ramme, yearOf(first.dueOn))) {
    if (result.length >= ramme.samtaleCount) break;
    if (compareLocalDate(w.opensOn, first.dueOn) > 0) result.push({ sequence: result.length + 1, ...w });
  }
  return result;
}

/**
 * R40/R41: datapakke n opens `datapakkeLeadDays` before samtale n's window
 * opens and is due on the day it opens. For samtale 1 that is the byråd date,
 * so datapakke 1 deliberately opens before the loop starts: it is the overview
 * samtale 1 chooses focus areas from.
 */
export function datapakkeWindows(ramme: RammeVersion, loopStart: LocalDate): SamtaleWindow[] {
  return samtaleWindows(ramme, loopStart).map((s) => ({
    sequence: s.sequence,
    opensOn: addDays(s.opensOn, -ramme.datapakkeLeadDays),
    dueOn: s.opensOn,
  }));
}

function assertInput(input: LoopPlanInput): void {
  assertLocalDate(input.loopStart, 'loopStart');
  if (!governanceAllowed(input.unitType, input.governance)) {
    throw new RangeError(`R1: a ${input.unitType} cannot be ${input.governance}`);
  }
  if (input.nextTreatment !== undefined) {
    assertLocalDate(input.nextTreatment, 'nextTreatment');
    if (compareLocalDate(input.nextTreatment, input.loopStart) <= 0) {
      throw new RangeError(`nextTreatment ${input.nextTreatment} must be after loopStart ${input.loopStart}`);
    }
  }
  for (const id of input.subLeaderIds) {
    // '' is the subject key of the chef's own follow-ups; an empty id would collide with them.
    if (typeof id !== 'string' || id.trim() === '') throw new RangeError('R51: a subLeader id must be a non-empty string');
  }
}

const KIND_ORDER = new Map<ObligationKind, number>(OBLIGATION_KINDS.map((k, i) => [k, i]));

function byDueDate(a: PlannedObligation, b: PlannedObligation): number {
  return (
    compareLocalDate(a.dueOn, b.dueOn) ||
    compareLocalDate(a.opensOn, b.opensOn) ||
    KIND_ORDER.get(a.kind)! - KIND_ORDER.get(b.kind)! ||
    a.subjectKey.localeCompare(b.subjectKey) ||
    a.sequence - b.sequence
  );
}

/** All obligations of one unit's loop, ordered by due date. */
export function planLoopObligations(input: LoopPlanInput): PlannedObligation[] {
  assertInput(input);
  const { ramme, loopStart, unitType, governance } = input;
  const loopEnd = input.nextTreatment ?? expectedTreatmentDate(loopStart, ramme);
  const plan: PlannedObligation[] = [];
  const samtaler = samtaleWindows(ramme, loopStart);

  // R20/R21, R60: the convener answers for the samtale.
  for (const s of samtaler) {
    plan.push({ kind: 'laeringssamtale', subjectKey: '', responsibleRole: ramme.convener[governance], ...s });
  }

  // R40/R41
  for (const d of datapakkeWindows(ramme, loopStart)) {
    plan.push({ kind: 'datapakke', subjectKey: '', responsibleRole: ramme.datapakkeResponsibleRole, ...d });
  }

  // R50/R51: windows due within the loop; the one running on the byråd date
  // belongs to this loop from that date on.
  const followUps = (rule: RammeVersion['ledelsesopfoelgning'], subjectKey: string) =>
    recurrenceWindows(rule.recurrence, loopStart, loopEnd).forEach((w, i) =>
      plan.push({
        kind: 'ledelsesopfoelgning',
        sequence: i + 1,
        subjectKey,
        opensOn: maxLocalDate(w.opensOn, loopStart),
        dueOn: w.dueOn,
        responsibleRole: rule.responsibleRole,
      }),
    );
  // R64: whether chef ↔ leader follow-ups apply to a selvejende unit.
  if (governance !== 'selvejende' || ramme.selvejende.ledelsesopfoelgning) followUps(ramme.ledelsesopfoelgning, '');
  const subLeaderRule = subLeaderRuleFor(ramme, unitType);
  if (subLeaderRule) for (const id of new Set(input.subLeaderIds)) followUps(subLeaderRule, id);

  // R29
  if (ramme.elevinput.unitTypes.includes(unitType)) {
    plan.push({
      kind: 'elevinput',
      sequence: 1,
      subjectKey: '',
      opensOn: loopStart,
      dueOn: addDays(samtaler[0].dueOn, -ramme.elevinput.dueDaysBeforeSamtale1WindowEnd),
      responsibleRole: ramme.elevinput.responsibleRole,
    });
  }

  // R27: a statement or participation, within the samtale's own window;
  // R64: not for a selvejende unit unless the version says so.
  for (const s of governance === 'selvejende' && !ramme.selvejende.bestyrelsesinput ? [] : samtaler) {
    if (s.sequence < ramme.bestyrelsesinput.fromSamtale) continue;
    plan.push({ kind: 'bestyrelsesinput', subjectKey: '', responsibleRole: ramme.bestyrelsesinput.responsibleRole, ...s });
  }

  // R30/R33
  const opsamlingDue = loopopsamlingDueOn(ramme, loopStart, loopEnd);
  plan.push({
    kind: 'loopopsamling',
    sequence: 1,
    subjectKey: '',
    opensOn: minLocalDate(opsamlingDue, maxLocalDate(loopStart, addWeeks(opsamlingDue, -ramme.loopopsamling.opensWeeksBeforeDue))),
    dueOn: opsamlingDue,
    responsibleRole: ramme.loopopsamling.responsibleRole,
  });

  // R61: each due date within the loop, with its year as the subject (a
  // readable key; the unique key is per loop).
  const tilsyn = ramme.tilsynsafrapportering;
  if (tilsyn.unitTypes.includes(unitType) && tilsyn.governances.includes(governance)) {
    occurrencesBetween(tilsyn.recurrence, loopStart, loopEnd).forEach((dueOn, i) => {
      let opensOn = onMonthDay(yearOf(dueOn), tilsyn.opensOnMonthDay);
      if (compareLocalDate(opensOn, dueOn) > 0) opensOn = onMonthDay(yearOf(dueOn) - 1, tilsyn.opensOnMonthDay);
      plan.push({
        kind: 'tilsynsafrapportering',
        sequence: i + 1,
        subjectKey: String(yearOf(dueOn)),
        opensOn: maxLocalDate(opensOn, loopStart),
        dueOn,
        responsibleRole: tilsyn.responsibleRole,
      });
    });
  }

  return plan.sort(byDueDate);
}

/** R51: the next-layer cadence of a unit type (null: none). */
export function subLeaderRuleFor(ramme: RammeVersion, unitType: UnitType): RammeVersion['subLeaderOpfoelgning'] | null {
  const own = ramme.subLeaderOpfoelgningPerUnitType[unitType];
  return own === undefined ? ramme.subLeaderOpfoelgning : own;
}

/**
 * R33: the summary is due before the next report's themes are chosen: on the
 * configured day of the year(s) before the expected treatment; never after the
 * treatment itself, nor before the loop starts.
 */
export function loopopsamlingDueOn(ramme: RammeVersion, loopStart: LocalDate, nextTreatment: LocalDate): LocalDate {
  const { dueMonthDay, yearsBeforeTreatment } = ramme.loopopsamling;
  const due = onMonthDay(yearOf(nextTreatment) - yearsBeforeTreatment, dueMonthDay);
  return maxLocalDate(loopStart, minLocalDate(due, addDays(nextTreatment, -1)));
}

/**
 * R63: the chef's review of a received tilsynsafrapportering, due
 * `dueDaysAfterReceipt` after it was received; `subjectKey` names the report
 * (the service passes its obligation id).
 */
export function planTilsynsgennemgang(ramme: RammeVersion, receivedOn: LocalDate, subjectKey: string): PlannedObligation {
  assertLocalDate(receivedOn, 'receivedOn');
  return {
    kind: 'tilsynsgennemgang',
    sequence: 1,
    subjectKey,
    opensOn: receivedOn,
    dueOn: addDays(receivedOn, ramme.tilsynsgennemgang.dueDaysAfterReceipt),
    responsibleRole: ramme.tilsynsgennemgang.responsibleRole,
  };
}

/**
 * R62: the follow-up meeting the chef decides on after reviewing a
 * tilsynsafrapportering. Event-driven, so not part of the loop plan;
 * `subjectKey` names the reviewed report (the service passes its obligation id).
 */
export function planOpfoelgningsmoede(ramme: RammeVersion, decidedOn: LocalDate, subjectKey: string, sequence = 1): PlannedObligation {
  assertLocalDate(decidedOn, 'decidedOn');
  return {
    kind: 'opfoelgningsmoede',
    sequence,
    subjectKey,
    opensOn: decidedOn,
    dueOn: addDays(decidedOn, ramme.opfoelgningsmoede.dueDaysAfterDecision),
    responsibleRole: ramme.opfoelgningsmoede.responsibleRole,
  };
}
