/**
 * The checks run when a læringssamtale is confirmed (R20–R28, R41). Pure: the
 * service gathers the loop, the report's themes and the round's datapakke,
 * and answers 422 with every violation at once, so the user can fix the whole
 * form in one go rather than one rule per attempt.
 */
import {
  DATA_INPUTS,
  PARTICIPANT_ROLES,
  type DataInput,
  type Governance,
  type LocalDate,
  type ParticipantRole,
  type RuleViolation,
  type UnitType,
} from '../domain';
import { hasText } from '../machine-support';
import { isLocalDate } from '../calendar/local-date';

export interface SamtaleConfirmation {
  sequence: number;
  heldOn: LocalDate;
  participants: { role: ParticipantRole; name: string }[];
  agreements: string[];
  focusAreas?: { title: string; theme: string }[];
  childrenPerspective?: string;
  dataInputs: DataInput[];
  boardStatement?: string;
}

export interface SamtaleContext {
  unitType: UnitType;
  governance: Governance;
  reportThemes: string[];
  /** The round's datapakke; `publishedOn` its publication date (R41: on or before heldOn). */
  datapakke: { state: 'published' | 'waived' | 'pending'; publishedOn?: LocalDate | null };
  /** Samtaler of the same loop already confirmed (for R28). */
  earlierSamtaler: { sequence: number; participants: { role: ParticipantRole }[] }[];
  /** R28: FU needs a youth representative once per this many samtaler (ramme fuYouthParticipationEverySamtaler, default 2: once a year). */
  youthEverySamtaler?: number;
  /** R28: FU needs an afdelingsleder representative at every samtale (ramme fuAfdelingslederAtEverySamtale, default true). */
  afdelingslederAtEverySamtale?: boolean;
  /** R26: the unit type's leadership roles (ramme leaderParticipantRoles); others' leaders do not belong here. */
  leaderRoles?: readonly ParticipantRole[];
  /** R27: samtaler the board must attend (ramme boardParticipationRequiredAtSamtaler, default [1]). */
  boardRequiredAt?: readonly number[];
  /** R27: from this samtale on a written statement may stand in for attendance (ramme bestyrelsesinput.fromSamtale, default 2). */
  boardStatementFrom?: number;
  /** R20: the loop's number of samtaler (ramme samtaleCount, default 4). */
  samtaleCount?: number;
}

/** R28: the default: one youth representative per two samtaler, i.e. one samtale a year. */
export const DEFAULT_YOUTH_EVERY_SAMTALER = 2;

/** R28: a youth representative comes from the FU area's senate or is one of the young members of an FU board. */
export const YOUTH_ROLES: readonly ParticipantRole[] = ['ungerepraesentant', 'senatsrepraesentant'];

/** R29/R28: the participation requirements a samtale can miss and still be recorded, as a deviation (R75). */
export const PARTICIPATION_RULES: readonly string[] = ['R27', 'R28'];

type Participants = readonly { role: ParticipantRole }[];

function hasRole(participants: Participants, role: ParticipantRole): boolean {
  return participants.some((p) => p.role === role);
}

function ruleNumber(rule: string): number {
  return Number(rule.replace(/^R/, ''));
}

/** Rule-id order, keeping the order of violations within one rule. */
function byRule(violations: RuleViolation[]): RuleViolation[] {
  return violations
    .map((v, index) => ({ v, index }))
    .sort((a, b) => ruleNumber(a.v.rule) - ruleNumber(b.v.rule) || a.index - b.index)
    .map(({ v }) => v);
}

function quoteList(values: readonly string[]): string {
  return values.map((v) => `"${v}"`).join(', ');
}

/**
 * R28: the groups of `every` consecutive samtaler (1–2, 3–4 by default: one
 * group a year) that are complete among `samtaler` and had no youth
 * representative. Pass one entry per sequence: the confirmation in force.
 */
export function fuYouthGapsOf(
  samtaler: readonly { sequence: number; participants: Participants }[],
  every: number = DEFAULT_YOUTH_EVERY_SAMTALER,
  samtaleCount = 4,
): { from: number; to: number }[] {
  const gaps: { from: number; to: number }[] = [];
  const step = Math.max(1, every);
  for (let from = 1; from <= samtaleCount; from += step) {
    const to = Math.min(from + step - 1, samtaleCount);
    if (!samtaler.some((s) => s.sequence === to)) continue; // the group is not over yet
    const inGroup = samtaler.filter((s) => s.sequence >= from && s.sequence <= to);
    if (!inGroup.some((s) => YOUTH_ROLES.some((role) => hasRole(s.participants, role)))) gaps.push({ from, to });
  }
  return gaps;
}

export function youthGapMessage(gap: { from: number; to: number }): string {
  const span = gap.from === gap.to ? `læringssamtale ${gap.from}` : `læringssamtale ${gap.from}–${gap.to}`;
  return `En ungerepræsentant (fra senatet eller et ungt bestyrelsesmedlem) skal deltage i én læringssamtale om året; ingen deltog i ${span}`;
}

function checkSequence(c: SamtaleConfirmation, ctx: SamtaleContext): RuleViolation[] {
  const count = ctx.samtaleCount ?? 4;
  return Number.isInteger(c.sequence) && c.sequence >= 1 && c.sequence <= count
    ? []
    : [{ rule: 'R20', message: `Læringssamtalens nummer skal være mellem 1 og ${count}, ikke ${String(c.sequence)}` }];
}

function checkFocusAreas(c: SamtaleConfirmation, ctx: SamtaleContext): RuleViolation[] {
  const violations: RuleViolation[] = [];
  const focusAreas = c.focusAreas ?? [];
  if (c.sequence === 1 && focusAreas.length === 0) {
    violations.push({
      rule: 'R22',
      message: 'Læringssamtale 1 skal fastlægge mindst ét lokalt fokusområde inden for kvalitetsrapportens temaer',
    });
  }
  // Later samtaler follow the focus areas up; any they add must still sit within the themes.
  const themes = ctx.reportThemes.map((t) => t.trim());
  focusAreas.forEach((area, index) => {
    if (!hasText(area.title)) {
      violations.push({ rule: 'R22', message: `Fokusområde nr. ${index + 1} mangler en titel` });
    }
    const theme = (area.theme ?? '').trim();
    if (!themes.includes(theme)) {
      const name = hasText(area.title) ? `"${area.title.trim()}"` : `nr. ${index + 1}`;
      violations.push({
        rule: 'R22',
        message:
          `Fokusområdet ${name} er knyttet til temaet "${theme}", som ikke er et tema i kvalitetsrapporten` +
          (themes.length > 0 ? ` (rapportens temaer: ${quoteList(themes)})` : ' (rapporten har ingen temaer)'),
      });
    }
  });
  return violations;
}

function checkAgreements(c: SamtaleConfirmation): RuleViolation[] {
  return c.agreements.some((a) => hasText(a))
    ? []
    : [{ rule: 'R23', message: 'Læringssamtalen skal afsluttes med mindst én konkret aftale' }];
}

function checkChildrenPerspective(c: SamtaleConfirmation): RuleViolation[] {
  return c.sequence !== 1 || hasText(c.childrenPerspective)
    ? []
    : [
        {
          rule: 'R24',
          message: 'Læringssamtale 1 skal beskrive, hvordan børnenes og de unges perspektiv inddrages, med blik for deres alder',
        },
      ];
}

function checkDataInputs(c: SamtaleConfirmation): RuleViolation[] {
  if (c.dataInputs.length === 0) {
    return [{ rule: 'R25', message: 'Angiv mindst ét datainput (A–E), som læringssamtalen byggede på' }];
  }
  const violations: RuleViolation[] = [];
  const seen = new Set<string>();
  for (const input of c.dataInputs) {
    if (!(DATA_INPUTS as readonly string[]).includes(input)) {
      violations.push({ rule: 'R25', message: `Ukendt datainput "${String(input)}"; gyldige er A, B, C, D og E` });
    } else if (seen.has(input)) {
      violations.push({ rule: 'R25', message: `Datainput ${input} er angivet mere end én gang` });
    }
    seen.add(input);
  }
  return violations;
}

function checkParticipants(c: SamtaleConfirmation, ctx: SamtaleContext): RuleViolation[] {
  const violations: RuleViolation[] = [];
  c.participants.forEach((p, index) => {
    if (!(PARTICIPANT_ROLES as readonly string[]).includes(p.role)) {
      violations.push({ rule: 'R26', message: `Deltager nr. ${index + 1} har en ukendt rolle "${String(p.role)}"` });
    }
    if (!hasText(p.name)) {
      violations.push({ rule: 'R26', message: `Deltager nr. ${index + 1} mangler et navn` });
    }
  });
  // R60: at a selvejende dagtilbud the board convenes; the chef is informed, not required.
  const selvejende = ctx.governance === 'selvejende';
  const owner = hasRole(c.participants, 'chef') || (selvejende && hasRole(c.participants, 'bestyrelsesrepraesentant'));
  if (!owner) {
    violations.push({
      rule: 'R26',
      message: selvejende
        ? 'Børn og Unge-chefen eller bestyrelsens repræsentant skal deltage i læringssamtalen'
        : 'Børn og Unge-chefen skal deltage i læringssamtalen',
    });
  }
  if (!hasRole(c.participants, 'leder')) {
    violations.push({ rule: 'R26', message: 'Enhedens leder skal deltage i læringssamtalen' });
  }
  if (ctx.leaderRoles) {
    for (const role of new Set(c.participants.map((p) => p.role))) {
      if (LEADERSHIP_ROLES.includes(role) && !ctx.leaderRoles.includes(role)) {
        violations.push({ rule: 'R26', message: `Rollen ${role} hører ikke til ledelsen af en enhed af typen ${ctx.unitType}` });
      }
    }
  }
  return violations;
}

/** Leadership roles of any unit type (R26 table); which of them fit a unit comes from the framework. */
const LEADERSHIP_ROLES: readonly ParticipantRole[] = ['leder', 'paedagogisk_leder', 'viceleder', 'fritidscenterleder', 'ungdomsskolekoordinator'];

function checkBoard(c: SamtaleConfirmation, ctx: SamtaleContext): RuleViolation[] {
  const boardTookPart = hasRole(c.participants, 'bestyrelsesrepraesentant');
  if ((ctx.boardRequiredAt ?? [1]).includes(c.sequence)) {
    return boardTookPart
      ? []
      : [{ rule: 'R27', message: `En repræsentant for bestyrelsen skal deltage i læringssamtale ${c.sequence}` }];
  }
  if (c.sequence < (ctx.boardStatementFrom ?? 2)) return [];
  return boardTookPart || hasText(c.boardStatement)
    ? []
    : [
        {
          rule: 'R27',
          message: `Bestyrelsens perspektiv skal indgå i læringssamtale ${c.sequence}: ved at en repræsentant deltager eller ved en skriftlig udtalelse fra bestyrelsen`,
        },
      ];
}

function checkFu(c: SamtaleConfirmation, ctx: SamtaleContext): RuleViolation[] {
  if (ctx.unitType !== 'fu') return [];
  const violations: RuleViolation[] = [];
  if ((ctx.afdelingslederAtEverySamtale ?? true) && !hasRole(c.participants, 'afdelingslederrepraesentant')) {
    violations.push({ rule: 'R28', message: `En afdelingslederrepræsentant skal deltage i hver FU-læringssamtale; ingen deltog i læringssamtale ${c.sequence}` });
  }
  // A reopened samtale is confirmed anew; its earlier confirmation no longer counts.
  const loop = [...ctx.earlierSamtaler.filter((s) => s.sequence !== c.sequence), c];
  const gap = fuYouthGapsOf(loop, ctx.youthEverySamtaler, ctx.samtaleCount ?? 4).find((g) => g.from <= c.sequence && c.sequence <= g.to);
  if (gap) violations.push({ rule: 'R28', message: youthGapMessage(gap) });
  return violations;
}

function checkDatapakke(c: SamtaleConfirmation, ctx: SamtaleContext): RuleViolation[] {
  const publishedOn = ctx.datapakke.publishedOn;
  if (ctx.datapakke.state === 'published' && publishedOn && isLocalDate(c.heldOn) && publishedOn > c.heldOn) {
    return [
      {
        rule: 'R41',
        message: `Rundens datapakke blev offentliggjort ${publishedOn}; læringssamtalen kan ikke være holdt på den før (${c.heldOn}), medmindre en administrator fritager datapakken`,
      },
    ];
  }
  return ctx.datapakke.state === 'published' || ctx.datapakke.state === 'waived'
    ? []
    : [
        {
          rule: 'R41',
          message:
            'Rundens datapakke skal være offentliggjort, før læringssamtalen kan bekræftes, medmindre en administrator har frafaldet den',
        },
      ];
}

/** Every rule the confirmation breaks, in rule-id order; [] when it may be confirmed. */
export function checkSamtaleConfirmation(c: SamtaleConfirmation, ctx: SamtaleContext): RuleViolation[] {
  return byRule([
    ...checkSequence(c, ctx),
    ...checkFocusAreas(c, ctx),
    ...checkAgreements(c),
    ...checkChildrenPerspective(c),
    ...checkDataInputs(c),
    ...checkParticipants(c, ctx),
    ...checkBoard(c, ctx),
    ...checkFu(c, ctx),
    ...checkDatapakke(c, ctx),
  ]);
}
