/**
 * R94: the statutory skoleudviklingssamtale (folkeskoleloven § 40 a), one per
 * folkeskole per school year (1 August–31 July), from 2022/23. Versioned by
 * the law's own effective dates (R74): a change applies to a samtale by its
 * own held date, not by a learning loop's start.
 */
import type { Governance, LocalDate, ParticipantRole, ResponsibleRole, RuleViolation, UnitType } from '../domain';
import { localDate, monthOf, yearOf } from '../calendar/local-date';

export interface SkoleudviklingLaw {
  readonly id: string;
  /** The first held date this version governs. */
  readonly effectiveFrom: LocalDate;
  readonly description: string;
  /** Whether the confirmation must state the status of the school's handlingsplaner (removed by lov nr. 1664 of 30/12/2024). */
  readonly handlingsplanerStatusRequired: boolean;
}

/**
 * The law versions, oldest first. Lov nr. 1664 of 30/12/2024 took the
 * handlingsplaner out of § 40 a; it is taken to apply to samtaler held from
 * 1 January 2025 (its date of entry into force as configured here).
 */
export const SKOLEUDVIKLING_LAWS: readonly SkoleudviklingLaw[] = [
  { id: 'fsl-40a-2022', effectiveFrom: '2022-08-01', description: 'Folkeskoleloven § 40 a med handlingsplaner', handlingsplanerStatusRequired: true },
  { id: 'fsl-40a-l1664-2024', effectiveFrom: '2025-01-01', description: 'Folkeskoleloven § 40 a efter lov nr. 1664 af 30/12/2024 (uden handlingsplaner)', handlingsplanerStatusRequired: false },
];

/** The configurable parts of R94 (the municipality's choices within the law). */
export interface SkoleudviklingSettings {
  readonly firstSchoolYear: number;
  readonly includeSpecialSchools: boolean;
  readonly unitTypes: readonly UnitType[];
  readonly governances: readonly Governance[];
  readonly responsibleRole: ResponsibleRole;
}

export const SKOLEUDVIKLING_SETTINGS: SkoleudviklingSettings = {
  /** The first school year (its starting calendar year): 2022/23. */
  firstSchoolYear: 2022,
  /** Kommunale specialskoler are included by default. */
  includeSpecialSchools: true,
  /** Only folkeskoler: not FU, not dagtilbud; private schools are not in the organisation at all. */
  unitTypes: ['skole'],
  governances: ['kommunal'],
  /** The municipality's representative who holds it (default the chef); the leader confirms too. */
  responsibleRole: 'chef',
};

/** The law version in force on `date` (R74). */
export function skoleudviklingLawOn(date: LocalDate, laws: readonly SkoleudviklingLaw[] = SKOLEUDVIKLING_LAWS): SkoleudviklingLaw {
  let found = laws[0]!;
  for (const law of laws) if (law.effectiveFrom <= date) found = law;
  return found;
}

/** The school year a date falls in, named by its starting calendar year (2024-09-01 → 2024, 2025-03-01 → 2024). */
export function schoolYearOf(date: LocalDate): number {
  return monthOf(date) >= 8 ? yearOf(date) : yearOf(date) - 1;
}

/** 1 August–31 July of school year `year`, both inclusive. */
export function schoolYearWindow(year: number): { opensOn: LocalDate; dueOn: LocalDate } {
  return { opensOn: localDate(year, 8, 1), dueOn: localDate(year + 1, 7, 31) };
}

/** `2024/25`. */
export function schoolYearLabel(year: number): string {
  return `${year}/${String((year + 1) % 100).padStart(2, '0')}`;
}

/** Whether a unit owes skoleudviklingssamtaler (R94). */
export function owesSkoleudvikling(unit: { type: UnitType; governance: Governance; special: boolean }, settings = SKOLEUDVIKLING_SETTINGS): boolean {
  return settings.unitTypes.includes(unit.type) && settings.governances.includes(unit.governance) && (settings.includeSpecialSchools || !unit.special);
}

/**
 * The school years the scheduler generates on `today`: the current one, never
 * before 2022/23. Earlier years of a fresh installation are not backfilled as
 * overdue: nothing about them was ever recorded here.
 */
export function schoolYearsToGenerate(today: LocalDate, settings = SKOLEUDVIKLING_SETTINGS): number[] {
  const current = schoolYearOf(today);
  return current >= settings.firstSchoolYear ? [current] : [];
}

/** What became of one agreement of the previous year's samtale. */
export interface SkoleudviklingFollowUp {
  agreement: string;
  status: string;
}

/** The statutory inputs of a skoleudviklingssamtale (also recordable on a læringssamtale, R94). */
export interface SkoleudviklingInputs {
  /** That the results of the obligatory tests (nationale test, afgangsprøver) were used. */
  obligatoryTestsUsed?: boolean;
  /** The status of the school's handlingsplaner; required only under law versions before lov nr. 1664 of 30/12/2024. */
  handlingsplanerStatus?: string;
  /** From the second year: the follow-up of the previous samtale's agreements. */
  previousAgreementsFollowUp?: SkoleudviklingFollowUp[];
}

export interface SkoleudviklingConfirmation extends SkoleudviklingInputs {
  heldOn: LocalDate;
  participants: { role: ParticipantRole; name: string }[];
  agreements: string[];
}

export interface SkoleudviklingContext {
  /** The school year this obligation covers. */
  schoolYear: number;
  /** The previous school year's confirmed agreements, or null when there was none held (the first year). */
  previousAgreements: string[] | null;
  /** Roles that count as the school's leader (R26's leader roles of a skole). */
  leaderRoles: readonly ParticipantRole[];
}

const filled = (s: string | undefined) => (s ?? '').trim().length > 0;

/**
 * R94: every requirement of the confirmation that is not met, each naming the
 * rule and the field; empty when it may be recorded.
 */
export function checkSkoleudviklingConfirmation(c: SkoleudviklingConfirmation, ctx: SkoleudviklingContext): (RuleViolation & { field: string })[] {
  const v: (RuleViolation & { field: string })[] = [];
  const add = (field: string, message: string) => v.push({ rule: 'R94', field, message });
  const { opensOn, dueOn } = schoolYearWindow(ctx.schoolYear);
  // Held after 31 July it is late (R71), not refused; before the school year began it belongs to another year.
  if (c.heldOn < opensOn) add('heldOn', `Skoleudviklingssamtalen for skoleåret ${schoolYearLabel(ctx.schoolYear)} (${opensOn}–${dueOn}) kan ikke være holdt ${c.heldOn}`);
  const roles = new Set(c.participants.map((p) => p.role));
  if (!roles.has('chef') && !roles.has('forvaltning')) add('participants', 'Kommunens repræsentant (chefen eller forvaltningen) skal deltage i skoleudviklingssamtalen');
  if (!ctx.leaderRoles.some((r) => roles.has(r))) add('participants', 'Skolens leder skal deltage i skoleudviklingssamtalen');
  if (c.obligatoryTestsUsed !== true) add('obligatoryTestsUsed', 'Resultaterne af de obligatoriske test skal være brugt i samtalen (obligatoryTestsUsed)');
  if (skoleudviklingLawOn(c.heldOn).handlingsplanerStatusRequired && !filled(c.handlingsplanerStatus)) {
    add('handlingsplanerStatus', 'Status for skolens handlingsplaner skal registreres (krævet før lov nr. 1664 af 30/12/2024)');
  }
  if (ctx.previousAgreements && ctx.previousAgreements.length > 0) {
    const followed = new Set((c.previousAgreementsFollowUp ?? []).filter((f) => filled(f.status)).map((f) => f.agreement.trim()));
    const missing = ctx.previousAgreements.filter((a) => !followed.has(a.trim()));
    if (missing.length > 0) add('previousAgreementsFollowUp', `Opfølgningen på sidste skoleudviklingssamtales aftaler mangler: ${missing.join('; ')}`);
  }
  if (!c.agreements.some(filled)) add('agreements', 'Skoleudviklingssamtalen skal munde ud i mindst én aftale');
  return v;
}
