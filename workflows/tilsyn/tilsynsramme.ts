/**
 * The municipality's published tilsynsramme (R97, dagtilbudsloven § 5 stk. 2)
 * as versioned configuration, beside the law's own numbers. R74: a version
 * applies to each statutory obligation by that obligation's own date (a
 * cycle by its first day, a visit's follow-up duties by the held date, a
 * skærpet tilsyn by its decision date), never by a learning loop's start.
 * Pure: no Nest, no TypeORM, no I/O.
 */
import type { AssignmentRole, LocalDate } from '../domain';
import { addDays, addMonths, addYears, assertLocalDate, compareLocalDate, maxLocalDate, minLocalDate, localDateParts } from '../calendar/local-date';
import { addWorkingDays } from './holidays';

export const VISIT_ANNOUNCEMENTS = ['anmeldt', 'uanmeldt'] as const;
export type VisitAnnouncement = (typeof VISIT_ANNOUNCEMENTS)[number];

/** R90: why a visit takes place. */
export const VISIT_TRIGGERS = ['ordinaer', 'skaerpet_opfoelgning', 'bekymring'] as const;
export type VisitTrigger = (typeof VISIT_TRIGGERS)[number];

/** R92: the outcome of a held visit (§ 5 b stk. 3 and 4 for the last two). */
export const VISIT_OUTCOMES = ['ingen_opfoelgning', 'opfoelgningspunkter', 'skaerpet_tilsyn', 'skaerpet_tilsyn_handleplan'] as const;
export type VisitOutcome = (typeof VISIT_OUTCOMES)[number];

/** The duties a held visit creates for its enhed (R92). */
export const VISIT_DUTY_KINDS = ['tilsynsdokumentation', 'tilsynsdialog', 'bestyrelsesorientering'] as const;
export type VisitDutyKind = (typeof VISIT_DUTY_KINDS)[number];

/** Ties that make an inspector partial (R90): the unit's roles plus the enhed's own next-layer leader (R4). */
export type ImpartialityRole = AssignmentRole | 'nextLayerLeader';

export interface TilsynsrammeVersion {
  readonly id: string;
  /** First day the version governs statutory obligations dated on or after it (R74). */
  readonly effectiveFrom: LocalDate;
  /** R97: when and where the municipality published it. */
  readonly publishedOn: LocalDate;
  readonly publicationUrl: string;
  readonly description: string;
  /** R90: cycle length in whole years, counted from `cycleAnchor`. */
  readonly cycleYears: number;
  /** The first day of the first cycle (the law's commencement, 2022-01-01). */
  readonly cycleAnchor: LocalDate;
  /** R90: visits per enhed per cycle, at least one of each. */
  readonly visitsPerCycle: Readonly<Record<VisitAnnouncement, number>>;
  readonly impartiality: {
    /** R90: a tie on the visit date or in this many months before it disqualifies. */
    readonly lookbackMonths: number;
    /** R90: roles that always disqualify. */
    readonly tiedRoles: readonly ImpartialityRole[];
    /** R90 "by default not its chef (configurable)". */
    readonly chefIsTied: boolean;
  };
  /** R97: the data the tilsyn draws on (offered on the visit form; R92 requires at least one). */
  readonly dataUsed: readonly string[];
  /** Deadlines; working days per R97 (weekends and Danish public holidays skipped). */
  readonly deadlines: {
    /** R92, after the held date. */
    readonly tilsynsdokumentationWorkingDays: number;
    readonly tilsynsdialogWorkingDays: number;
    readonly bestyrelsesorienteringWorkingDays: number;
    /** R95: the decision "i umiddelbar forlængelse" of the finding. */
    readonly skaerpetDecisionWorkingDays: number;
    /** R95: the follow-up visit, calendar months after the decision. */
    readonly followUpMonthsWithHandleplan: number;
    readonly followUpMonthsWithoutHandleplan: number;
    /** R96. */
    readonly handleplanWorkingDays: number;
    readonly bestyrelsesorienteringHandleplanWorkingDays: number;
    /** R96: the board's comment window, calendar days. */
    readonly commentWindowDays: number;
  };
}

/**
 * Aarhus' tilsynsramme under dagtilbudsloven §§ 5, 5 a, 5 b as in force from
 * 1 January 2022. The numbers are the rulebook's defaults (R90–R97). The
 * publication address is the administration's to confirm: the source
 * documents do not give it (README, "Decisions where the rulebook is silent").
 */
export const AARHUS_TILSYN_2022: TilsynsrammeVersion = Object.freeze({
  id: 'aarhus-tilsyn-2022',
  effectiveFrom: '2022-01-01',
  publishedOn: '2022-01-01',
  publicationUrl: 'https://www.aarhus.dk/tilsyn-med-dagtilbud',
  description: 'Tilsynsramme for det pædagogiske tilsyn med dagtilbud (dagtilbudsloven §§ 5, 5 a, 5 b)',
  cycleYears: 2,
  cycleAnchor: '2022-01-01',
  visitsPerCycle: Object.freeze({ anmeldt: 1, uanmeldt: 1 }),
  impartiality: Object.freeze({ lookbackMonths: 12, tiedRoles: Object.freeze(['leader', 'subLeader', 'board', 'nextLayerLeader'] as const), chefIsTied: true }),
  dataUsed: Object.freeze([
    'Tidligere tilsynsdokumentation',
    'Kvalitetsrapport og datapakke',
    'Børnemiljøvurdering',
    'Pædagogisk læreplan og evaluering',
    'Normering og sygefravær',
    'Forældretilfredshed',
  ]),
  deadlines: Object.freeze({
    tilsynsdokumentationWorkingDays: 10,
    tilsynsdialogWorkingDays: 15,
    bestyrelsesorienteringWorkingDays: 20,
    skaerpetDecisionWorkingDays: 5,
    followUpMonthsWithHandleplan: 3,
    followUpMonthsWithoutHandleplan: 6,
    handleplanWorkingDays: 10,
    bestyrelsesorienteringHandleplanWorkingDays: 5,
    commentWindowDays: 14,
  }),
});

/** Problems with a version, in English for developers; empty when valid. */
export function validateTilsynsramme(v: TilsynsrammeVersion): string[] {
  const p: string[] = [];
  try {
    assertLocalDate(v.effectiveFrom);
    assertLocalDate(v.publishedOn);
    assertLocalDate(v.cycleAnchor);
  } catch (e) {
    p.push(`${v.id}: ${(e as Error).message}`);
  }
  if (!/^https:\/\//.test(v.publicationUrl)) p.push(`${v.id}: publicationUrl must be an https address (R97)`);
  if (!Number.isInteger(v.cycleYears) || v.cycleYears < 1) p.push(`${v.id}: cycleYears must be a whole number ≥ 1`);
  for (const a of VISIT_ANNOUNCEMENTS) {
    if (!Number.isInteger(v.visitsPerCycle[a]) || v.visitsPerCycle[a] < 1) p.push(`${v.id}: R90 needs at least one ${a} visit per cycle`);
  }
  for (const [k, n] of Object.entries(v.deadlines)) if (!Number.isInteger(n) || n < 0) p.push(`${v.id}: deadline ${k} must be a whole number ≥ 0`);
  if (v.impartiality.lookbackMonths < 0) p.push(`${v.id}: lookbackMonths must be ≥ 0`);
  return p;
}

function sortedVersions(versions: readonly TilsynsrammeVersion[]): readonly TilsynsrammeVersion[] {
  const problems = versions.flatMap(validateTilsynsramme);
  const dates = new Set<string>();
  for (const v of versions) {
    if (dates.has(v.effectiveFrom)) problems.push(`two tilsynsramme versions take effect on ${v.effectiveFrom}`);
    dates.add(v.effectiveFrom);
  }
  if (problems.length > 0) throw new Error(`invalid tilsynsramme versions:\n${problems.join('\n')}`);
  return Object.freeze([...versions].sort((a, b) => compareLocalDate(a.effectiveFrom, b.effectiveFrom)));
}

/** Every version, oldest first. Add a new one here; never edit one obligations were dated under. */
export const TILSYNSRAMME_VERSIONS: readonly TilsynsrammeVersion[] = sortedVersions([AARHUS_TILSYN_2022]);

/** Checks a list of versions (for a caller that supplies its own). */
export function assertTilsynsrammeVersions(versions: readonly TilsynsrammeVersion[]): readonly TilsynsrammeVersion[] {
  return sortedVersions(versions);
}

/**
 * R74/R97: the version in force on an obligation's own date (latest
 * effectiveFrom ≤ date). Before the first version the first one applies: the
 * law's duties did not start later than the first published ramme.
 */
export function tilsynsrammeInForce(date: LocalDate, versions: readonly TilsynsrammeVersion[] = TILSYNSRAMME_VERSIONS): TilsynsrammeVersion {
  assertLocalDate(date);
  let found = versions[0]!;
  for (const v of versions) if (compareLocalDate(v.effectiveFrom, date) <= 0) found = v;
  return found;
}

export function tilsynsrammeById(id: string, versions: readonly TilsynsrammeVersion[] = TILSYNSRAMME_VERSIONS): TilsynsrammeVersion | undefined {
  return versions.find((v) => v.id === id);
}

export interface TilsynCycle {
  /** e.g. `2026-2027`: the years the cycle spans; the key of generated visits. */
  readonly key: string;
  readonly startsOn: LocalDate;
  /** Last day (inclusive). */
  readonly endsOn: LocalDate;
  readonly rammeId: string;
}

/**
 * R90/R74: the statutory cycle containing `date`, under the version in force
 * on that date. Cycles are counted in whole `cycleYears` from that version's
 * anchor.
 */
export function tilsynCycleOf(date: LocalDate, versions: readonly TilsynsrammeVersion[] = TILSYNSRAMME_VERSIONS): TilsynCycle {
  const ramme = tilsynsrammeInForce(date, versions);
  const anchorYear = localDateParts(ramme.cycleAnchor).year;
  const anchor = ramme.cycleAnchor;
  let start = anchor;
  if (compareLocalDate(date, anchor) >= 0) {
    const years = localDateParts(date).year - anchorYear;
    start = addYears(anchor, Math.floor(years / ramme.cycleYears) * ramme.cycleYears);
    if (compareLocalDate(start, date) > 0) start = addYears(start, -ramme.cycleYears);
  } else {
    while (compareLocalDate(start, date) > 0) start = addYears(start, -ramme.cycleYears);
  }
  const endsOn = addDays(addYears(start, ramme.cycleYears), -1);
  return { key: `${localDateParts(start).year}-${localDateParts(endsOn).year}`, startsOn: start, endsOn, rammeId: ramme.id };
}

export interface PlannedVisit {
  readonly announcement: VisitAnnouncement;
  /** 1-based within the cycle and announcement. */
  readonly sequence: number;
  readonly opensOn: LocalDate;
  readonly dueOn: LocalDate;
}

/**
 * R90: the ordinary visits one enhed owes in one cycle: per announcement the
 * version's count, each with the cycle (clipped to the enhed's validity) as
 * its planning window. Empty when the enhed does not exist during the cycle.
 */
export function plannedCycleVisits(
  cycle: TilsynCycle,
  enhed: { validFrom: LocalDate; validTo: LocalDate | null },
  versions: readonly TilsynsrammeVersion[] = TILSYNSRAMME_VERSIONS,
): PlannedVisit[] {
  const ramme = tilsynsrammeById(cycle.rammeId, versions) ?? tilsynsrammeInForce(cycle.startsOn, versions);
  const opensOn = maxLocalDate(cycle.startsOn, enhed.validFrom);
  const dueOn = enhed.validTo ? minLocalDate(cycle.endsOn, enhed.validTo) : cycle.endsOn;
  if (compareLocalDate(opensOn, dueOn) > 0) return [];
  return VISIT_ANNOUNCEMENTS.flatMap((announcement) =>
    Array.from({ length: ramme.visitsPerCycle[announcement] }, (_, i) => ({ announcement, sequence: i + 1, opensOn, dueOn })),
  );
}

/** R92/R97: the duties a visit held on `heldOn` creates, with due dates under the version in force on that day (R74). */
export function dutiesAfterVisit(heldOn: LocalDate, versions: readonly TilsynsrammeVersion[] = TILSYNSRAMME_VERSIONS): { kind: VisitDutyKind; dueOn: LocalDate; rammeId: string }[] {
  const r = tilsynsrammeInForce(heldOn, versions);
  return [
    { kind: 'tilsynsdokumentation', dueOn: addWorkingDays(heldOn, r.deadlines.tilsynsdokumentationWorkingDays), rammeId: r.id },
    { kind: 'tilsynsdialog', dueOn: addWorkingDays(heldOn, r.deadlines.tilsynsdialogWorkingDays), rammeId: r.id },
    { kind: 'bestyrelsesorientering', dueOn: addWorkingDays(heldOn, r.deadlines.bestyrelsesorienteringWorkingDays), rammeId: r.id },
  ];
}

/** R95: the last day for the decision on skærpet tilsyn after a finding on `findingOn`. */
export function skaerpetDecisionDue(findingOn: LocalDate, versions: readonly TilsynsrammeVersion[] = TILSYNSRAMME_VERSIONS): LocalDate {
  return addWorkingDays(findingOn, tilsynsrammeInForce(findingOn, versions).deadlines.skaerpetDecisionWorkingDays);
}

/** R95: the due date of the follow-up visit under skærpet tilsyn decided on `decidedOn`. */
export function followUpVisitDue(decidedOn: LocalDate, withHandleplan: boolean, versions: readonly TilsynsrammeVersion[] = TILSYNSRAMME_VERSIONS): LocalDate {
  const d = tilsynsrammeInForce(decidedOn, versions).deadlines;
  return addMonths(decidedOn, withHandleplan ? d.followUpMonthsWithHandleplan : d.followUpMonthsWithoutHandleplan);
}

/** R96: the handleplan's due date after the decision on `decidedOn`. */
export function handleplanDue(decidedOn: LocalDate, versions: readonly TilsynsrammeVersion[] = TILSYNSRAMME_VERSIONS): LocalDate {
  return addWorkingDays(decidedOn, tilsynsrammeInForce(decidedOn, versions).deadlines.handleplanWorkingDays);
}

/** R96: the board's orientation on the handleplan completed on `completedOn`, and the end of its comment window. */
export function handleplanOrientation(completedOn: LocalDate, versions: readonly TilsynsrammeVersion[] = TILSYNSRAMME_VERSIONS): { dueOn: LocalDate; commentWindowEndsOn: LocalDate } {
  const d = tilsynsrammeInForce(completedOn, versions).deadlines;
  return { dueOn: addWorkingDays(completedOn, d.bestyrelsesorienteringHandleplanWorkingDays), commentWindowEndsOn: addDays(completedOn, d.commentWindowDays) };
}
