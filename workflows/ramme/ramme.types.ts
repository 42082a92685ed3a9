/**
 * The framework as versioned data (R73). Every count, window and offset the
 * engine uses lives in a RammeVersion so that a changed framework (the 2024
 * evaluation may change counts) is a new version with an effective date, and
 * a loop keeps the version that was in force when it started.
 *
 * Recurrences are RFC 5545 text (R50) with an explicit
 * `DTSTART:YYYYMMDDT000000Z` line: the planner works on UTC-midnight Dates that
 * stand for Copenhagen calendar dates, and rrule 2.8 does not understand
 * `DTSTART;VALUE=DATE`.
 */
import type { Governance, LocalDate, ParticipantRole, ResponsibleRole, UnitType } from '../domain';
import type { MonthDay } from '../calendar/local-date';

export type { MonthDay };

/** A yearly window, both ends inclusive, within one calendar year. */
export interface MonthDayWindow {
  readonly from: MonthDay;
  readonly to: MonthDay;
}

export type HalfYear = 'spring' | 'autumn';

/** RFC 5545 text: a `DTSTART:…T000000Z` line and an `RRULE:` line. */
export type RecurrenceText = string;

export interface RecurringObligationRule {
  /** Each occurrence opens a window that ends the day before the next occurrence. */
  readonly recurrence: RecurrenceText;
  readonly responsibleRole: ResponsibleRole;
}

export interface RammeVersion {
  readonly id: string;
  /** The first loop start date this version governs. */
  readonly effectiveFrom: LocalDate;
  readonly description: string;

  /** R10: years between two reports of the same age area. */
  readonly loopYears: number;
  /** R13: month assumed for a byråd treatment whose date is not yet known. */
  readonly defaultTreatmentMonth: number;

  /** R20 */
  readonly samtaleCount: number;
  /** R21: samtale 1's window runs from the byråd date to this many weeks after it. */
  readonly samtale1WindowWeeks: number;
  /** R21: windows of samtaler 2..n. */
  readonly halfYearWindows: { readonly [K in HalfYear]: MonthDayWindow };
  /** R60: who holds the samtaler. */
  readonly convener: { readonly [G in Governance]: ResponsibleRole };

  /**
   * R40/R41: datapakke n opens this many days before samtale n's window opens
   * and is due on the day that window opens (for samtale 1: the byråd date).
   */
  readonly datapakkeLeadDays: number;
  readonly datapakkeResponsibleRole: ResponsibleRole;

  /** R50: chef ↔ leader. */
  readonly ledelsesopfoelgning: RecurringObligationRule;
  /** R52 (audit): follow-ups held per calendar year. */
  readonly ledelsesopfoelgningPerYear: number;
  /** R52 (audit): follow-ups held between consecutive held samtaler. */
  readonly ledelsesopfoelgningBetweenSamtaler: number;
  /** R51: leader ↔ each registered next-layer leader (the default for every unit type). */
  readonly subLeaderOpfoelgning: RecurringObligationRule;
  /** R51: a unit type's own cadence, or null for none; a type not named uses subLeaderOpfoelgning. */
  readonly subLeaderOpfoelgningPerUnitType: { readonly [T in UnitType]?: RecurringObligationRule | null };
  /** R64: which duties apply to selvejende units. */
  readonly selvejende: {
    /** R50: chef ↔ leader 1:1 follow-ups. */
    readonly ledelsesopfoelgning: boolean;
    /** R27: the board's input as an obligation of its own (not where the board convenes the samtale itself). */
    readonly bestyrelsesinput: boolean;
  };

  /** R29 */
  readonly elevinput: {
    readonly unitTypes: readonly UnitType[];
    /** Opens on the loop start; due this many days before samtale 1's window ends. */
    readonly dueDaysBeforeSamtale1WindowEnd: number;
    readonly responsibleRole: ResponsibleRole;
  };

  /** R27: the board's statement or participation, samtaler fromSamtale..n; window = the samtale's window. */
  readonly bestyrelsesinput: {
    readonly fromSamtale: number;
    readonly responsibleRole: ResponsibleRole;
  };
  /** R27: samtaler the board must take part in (checked on confirmation). */
  readonly boardParticipationRequiredAtSamtaler: readonly number[];

  /** R28: FU needs a youth representative at one samtale in every this many (2: one a year). */
  readonly fuYouthParticipationEverySamtaler: number;
  /** R28: FU needs an afdelingsleder representative at every samtale. */
  readonly fuAfdelingslederAtEverySamtale: boolean;

  /** R30/R33: due on `dueMonthDay` of the year `yearsBeforeTreatment` before the expected treatment. */
  readonly loopopsamling: {
    readonly dueMonthDay: MonthDay;
    readonly yearsBeforeTreatment: number;
    readonly opensWeeksBeforeDue: number;
    readonly responsibleRole: ResponsibleRole;
  };

  /** R61: the selvejende board's written supervision report. */
  readonly tilsynsafrapportering: {
    readonly unitTypes: readonly UnitType[];
    readonly governances: readonly Governance[];
    /** Each occurrence is a due date. */
    readonly recurrence: RecurrenceText;
    /** Opens on the latest such day on or before the due date. */
    readonly opensOnMonthDay: MonthDay;
    readonly responsibleRole: ResponsibleRole;
  };

  /** R63: the chef's review of a received tilsynsafrapportering is an obligation, due this many days after receipt. */
  readonly tilsynsgennemgang: {
    readonly dueDaysAfterReceipt: number;
    readonly responsibleRole: ResponsibleRole;
  };

  /** R62: a follow-up meeting the chef decides on after a tilsynsafrapportering. */
  readonly opfoelgningsmoede: {
    readonly dueDaysAfterDecision: number;
    readonly responsibleRole: ResponsibleRole;
  };

  /** R26: the unit's leader roles a samtale confirmation may list, per unit type. */
  readonly leaderParticipantRoles: { readonly [T in UnitType]: readonly ParticipantRole[] };

  /** When the scheduler reminds the responsible person. */
  readonly reminders: {
    /** Days before the due date, e.g. [14, 1]. */
    readonly daysBeforeDue: readonly number[];
    /** Also remind once the obligation is overdue. */
    readonly whenOverdue: boolean;
  };
}
