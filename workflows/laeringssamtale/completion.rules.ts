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
  datapakke: { state: 'published' | 'waived' | 'pending' }; // the round's datapakke
  /** Samtaler of the same loop already confirmed (for R28). */
  earlierSamtaler: { sequence: number; participants: { role: ParticipantRole }[] }[];
  senatParticipationsRequired: number; // from ramme config, default 1 (R28)
  /** R26: the unit type's leadership roles (ramme leaderParticipantRoles); others' leaders do not belong here. */
  leaderRoles?: readonly ParticipantRole[];
  /** R27: samtaler the board must attend (ramme boardParticipationRequiredAtSamtaler, default [1]). */
  boardRequiredAt?: readonly number[];
  /** R27: from this samtale on a written statement may stand in for attendance (ramme bestyrelsesinput.fromSamtale, default 2). */
  boardStatementFrom?: number;
  /** R20: the loop's number of samtaler (ramme samtaleCount, default 4). */
  samtaleCount?: number;
}

/** R28: the default when the ramme configuration gives no count. */
export const DEFAULT_SENAT_PARTICIPATIONS_REQUIRED = 1;

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
 * R28: an FU loop must have a senate representative at `required` of its
 * samtaler. Judged only once samtale 4 is among `samtaler` (until then the
 * loop may still meet it). Pass one entry per sequence: the confirmation in
 * force, not a reopened one.
 */
export function checkLoopSenatRule(
  unitType: UnitType,
  samtaler: readonly { sequence: number; participants: Participants }[],
  required: number = DEFAULT_SENAT_PARTICIPATIONS_REQUIRED,
  lastSequence = 4,
): RuleViolation | null {
  if (unitType !== 'fu') return null;
  if (!samtaler.some((s) => s.sequence === lastSequence)) return null;
  const withSenat = new Set(
    samtaler.filter((s) => hasRole(s.participants, 'senatsrepraesentant')).map((s) => s.sequence),
  );
  if (withSenat.size >= required) return null;
  return {
    rule: 'R28',
    message:
      `En repræsentant for FU-områdets senat skal deltage i mindst ${required} af loopets fire læringssamtaler; ` +
      `det er sket i ${withSenat.size}`,
  };
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

function checkSenat(c: SamtaleConfirmation, ctx: SamtaleContext): RuleViolation[] {
  const last = ctx.samtaleCount ?? 4;
  if (c.sequence !== last) return [];
  // A reopened samtale is confirmed anew; its earlier confirmation no longer counts.
  const loop = [...ctx.earlierSamtaler.filter((s) => s.sequence !== c.sequence), c];
  const violation = checkLoopSenatRule(ctx.unitType, loop, ctx.senatParticipationsRequired, last);
  return violation ? [violation] : [];
}

function checkDatapakke(ctx: SamtaleContext): RuleViolation[] {
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
    ...checkSenat(c, ctx),
    ...checkDatapakke(ctx),
  ]);
}
