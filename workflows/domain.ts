/**
 * The vocabulary of the framework (../shared/spec/ramme.md), shared by the
 * machines, the rule functions and the service. Pure types and constants only.
 */

/** A calendar date in Europe/Copenhagen, ISO formatted: `YYYY-MM-DD` (R72). */
export type LocalDate = string;

export const UNIT_TYPES = ['dagtilbud', 'skole', 'fu'] as const;
export type UnitType = (typeof UNIT_TYPES)[number];

export const GOVERNANCES = ['kommunal', 'selvejende'] as const;
export type Governance = (typeof GOVERNANCES)[number];

export const AGE_AREAS = ['0-6', '6-18'] as const;
export type AgeArea = (typeof AGE_AREAS)[number];

/** R2: the age area follows from the unit type. */
export function ageAreaOf(type: UnitType): AgeArea {
  return type === 'dagtilbud' ? '0-6' : '6-18';
}

/** R2 the other way round: the unit types of an age area. */
export function unitTypesOf(ageArea: AgeArea): UnitType[] {
  return UNIT_TYPES.filter((type) => ageAreaOf(type) === ageArea);
}

/** R1: only a dagtilbud may be selvejende. */
export function governanceAllowed(type: UnitType, governance: Governance): boolean {
  return governance === 'kommunal' || type === 'dagtilbud';
}

export const ASSIGNMENT_ROLES = ['chef', 'leader', 'subLeader', 'board'] as const;
export type AssignmentRole = (typeof ASSIGNMENT_ROLES)[number];

/** Roles that at most one person holds for a unit on any date (R1). */
export const EXCLUSIVE_ROLES: readonly AssignmentRole[] = ['chef', 'leader'];

/** Who answers for an obligation: an assignment role, or the central administration. */
export type ResponsibleRole = AssignmentRole | 'admin';

export const OBLIGATION_KINDS = [
  'laeringssamtale',
  'datapakke',
  'ledelsesopfoelgning',
  'elevinput',
  'bestyrelsesinput',
  'loopopsamling',
  'tilsynsafrapportering',
  'opfoelgningsmoede',
  /** R53: an extra 1:1 follow-up, recorded when held. */
  'ekstra',
  /** R63: the chef's review of a selvejende board's tilsynsafrapportering. */
  'tilsynsgennemgang',
  // Statutory (R74, R90–R96): per enhed or school and statutory cycle, never in a learning loop.
  /** R90: an announced or unannounced visit (R91: an unannounced one is secret until held). */
  'tilsynsbesoeg',
  /** R92: the written assessment, 10 working days after the visit. */
  'tilsynsdokumentation',
  /** R92: the dialogue with the leader, 15 working days after. */
  'tilsynsdialog',
  /** R92: the parent board informed, 20 working days after. */
  'bestyrelsesorientering',
  /** R96. */
  'handleplan',
  /** R96: the board informed of the handleplan, with its comment window. */
  'bestyrelsesorientering_handleplan',
  /** R93. */
  'tilsynsrapport',
  /** R94. */
  'skoleudviklingssamtale',
] as const;
export type ObligationKind = (typeof OBLIGATION_KINDS)[number];

/** R74: the kinds that belong to an enhed or school and a statutory cycle, not to a learning loop. */
export const STATUTORY_KINDS: readonly ObligationKind[] = [
  'tilsynsbesoeg',
  'tilsynsdokumentation',
  'tilsynsdialog',
  'bestyrelsesorientering',
  'handleplan',
  'bestyrelsesorientering_handleplan',
  'tilsynsrapport',
  'skoleudviklingssamtale',
];

export const OBLIGATION_STATES = ['planned', 'scheduled', 'overdue', 'completed', 'cancelled', 'waived'] as const;
export type ObligationState = (typeof OBLIGATION_STATES)[number];

/** States in which an obligation still waits for someone to act. */
export const OPEN_STATES: readonly ObligationState[] = ['planned', 'scheduled', 'overdue'];

/** R26: participant roles a confirmation may list. */
export const PARTICIPANT_ROLES = [
  'chef',
  'leder',
  'paedagogisk_leder',
  'viceleder',
  'fritidscenterleder',
  'ungdomsskolekoordinator',
  'medarbejderrepraesentant',
  'bestyrelsesrepraesentant',
  'senatsrepraesentant',
  /** R28: a youth representative: from the senate or one of the young members of an FU board. */
  'ungerepraesentant',
  /** R28: the FU afdelingsledere's representative (the FU note, 002 ≈ l.2584–2588). */
  'afdelingslederrepraesentant',
  'elev',
  'faglig_konsulent',
  'forvaltning',
  'adhoc',
] as const;
export type ParticipantRole = (typeof PARTICIPANT_ROLES)[number];

/** R25: the data inputs of a samtale. */
export const DATA_INPUTS = ['A', 'B', 'C', 'D', 'E'] as const;
export type DataInput = (typeof DATA_INPUTS)[number];

/** A refusal by a framework rule; the API answers 422 with it. */
export interface RuleViolation {
  rule: string;
  message: string;
}
