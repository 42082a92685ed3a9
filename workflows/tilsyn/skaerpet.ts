/**
 * R95 skærpet tilsyn and R96 handleplan (dagtilbudsloven § 5 b), as pure
 * rules. The deadlines come from the versioned tilsynsramme (R97) and are
 * counted in working days by the function the caller passes in, so these
 * rules stay free of the holiday calendar.
 */
import type { LocalDate, ParticipantRole, RuleViolation } from '../domain';
import { addDays, addMonths } from '../calendar/local-date';

/** Adds `n` working days (R97: no Saturdays, Sundays or Danish public holidays) to a date. */
export type AddWorkingDays = (date: LocalDate, n: number) => LocalDate;

/** The deadlines of R95/R96, from the tilsynsramme in force (R97). Durations say their unit. */
export interface SkaerpetDeadlines {
  /** R95: the decision "i umiddelbar forlængelse" of the finding, in working days. */
  decisionWithinWorkingDays: number;
  /** R95: the follow-up visit with a handleplan, in months after the decision. */
  followUpMonthsWithHandleplan: number;
  /** R95: the follow-up visit without a handleplan, in months after the decision. */
  followUpMonthsWithoutHandleplan: number;
  /** R96: the handleplan, in working days after the decision. */
  handleplanWorkingDays: number;
  /** R96: the board's orientation, in working days after the handleplan is completed. */
  orientationWorkingDays: number;
  /** R96: the board's comment window, in calendar days after the orientation. */
  commentWindowDays: number;
}

export const DEFAULT_SKAERPET_DEADLINES: SkaerpetDeadlines = {
  decisionWithinWorkingDays: 5,
  followUpMonthsWithHandleplan: 3,
  followUpMonthsWithoutHandleplan: 6,
  handleplanWorkingDays: 10,
  orientationWorkingDays: 5,
  commentWindowDays: 14,
};

/** What the decision was based on (R95, § 5 b stk. 3): a visit's outcome, or another concern. */
export const SKAERPET_TRIGGERS = ['tilsynsbesoeg', 'anden_bekymring'] as const;
export type SkaerpetTrigger = (typeof SKAERPET_TRIGGERS)[number];

export type SkaerpetState = 'aaben' | 'afsluttet';

export interface OpeningInput {
  decidedOn: LocalDate;
  /** The day of the finding: the visit's held date, or when the concern arose. */
  foundOn: LocalDate;
  today: LocalDate;
  /** An open case of the same enhed, if any. */
  alreadyOpen: boolean;
}

/** R95: every reason the decision cannot be recorded. */
export function checkOpening(input: OpeningInput, deadlines: SkaerpetDeadlines, addWorkingDays: AddWorkingDays): RuleViolation[] {
  const v: RuleViolation[] = [];
  if (input.alreadyOpen) v.push({ rule: 'R95', message: 'Enheden er allerede under skærpet tilsyn; sagen afsluttes, før en ny kan åbnes' });
  if (input.decidedOn > input.today) v.push({ rule: 'R95', message: `Beslutningen kan ikke dateres efter i dag (${input.today})` });
  if (input.decidedOn < input.foundOn) v.push({ rule: 'R95', message: `Beslutningen (${input.decidedOn}) kan ikke ligge før det, den bygger på (${input.foundOn})` });
  const latest = addWorkingDays(input.foundOn, deadlines.decisionWithinWorkingDays);
  if (input.decidedOn > latest) {
    v.push({ rule: 'R95', message: `Skærpet tilsyn besluttes i umiddelbar forlængelse af fundet: senest ${latest} (${deadlines.decisionWithinWorkingDays} arbejdsdage efter ${input.foundOn}), ikke ${input.decidedOn}` });
  }
  return v;
}

/** R95: the follow-up visit's window after a decision: opens on the decision, due 3 months later with a handleplan, 6 without. */
export function followUpVisitWindow(decidedOn: LocalDate, withHandleplan: boolean, deadlines: SkaerpetDeadlines): { opensOn: LocalDate; dueOn: LocalDate } {
  const months = withHandleplan ? deadlines.followUpMonthsWithHandleplan : deadlines.followUpMonthsWithoutHandleplan;
  return { opensOn: decidedOn, dueOn: addMonths(decidedOn, months) };
}

export interface EndingInput {
  state: SkaerpetState;
  openedOn: LocalDate;
  decidedOn: LocalDate;
  today: LocalDate;
  /** The latest follow-up visit held since the case opened, on or before the decision; null when none. */
  followUpHeldOn: LocalDate | null;
}

/** R95: a case ends only by a decision after a held follow-up visit. */
export function checkEnding(input: EndingInput): RuleViolation[] {
  const v: RuleViolation[] = [];
  if (input.decidedOn > input.today) v.push({ rule: 'R95', message: `Beslutningen kan ikke dateres efter i dag (${input.today})` });
  if (input.decidedOn < input.openedOn) v.push({ rule: 'R95', message: `Afslutningen (${input.decidedOn}) kan ikke ligge før beslutningen om skærpet tilsyn (${input.openedOn})` });
  if (input.followUpHeldOn === null || input.followUpHeldOn > input.decidedOn) {
    v.push({ rule: 'R95', message: 'Skærpet tilsyn afsluttes først efter et opfølgende tilsynsbesøg, der er holdt' });
  }
  return v;
}

/** R96: the handleplan's due date. */
export function handleplanDueOn(decidedOn: LocalDate, deadlines: SkaerpetDeadlines, addWorkingDays: AddWorkingDays): LocalDate {
  return addWorkingDays(decidedOn, deadlines.handleplanWorkingDays);
}

/** R96: the board's orientation's due date, counted from the handleplan's completion. */
export function orientationDueOn(handleplanCompletedOn: LocalDate, deadlines: SkaerpetDeadlines, addWorkingDays: AddWorkingDays): LocalDate {
  return addWorkingDays(handleplanCompletedOn, deadlines.orientationWorkingDays);
}

/** R96: the comment window opened by the orientation, both ends inclusive. */
export function commentWindow(orientedOn: LocalDate, deadlines: SkaerpetDeadlines): { opensOn: LocalDate; closesOn: LocalDate } {
  return { opensOn: orientedOn, closesOn: addDays(orientedOn, deadlines.commentWindowDays) };
}

export interface HandleplanConfirmation {
  participants: { role: ParticipantRole; name: string }[];
  /** How quality is strengthened and followed up (§ 5 b stk. 5). */
  plan: string | undefined;
}

/** R96: the handleplan is made with the leader (participants recorded) and describes how quality is strengthened and followed up. */
export function checkHandleplan(c: HandleplanConfirmation, leaderRoles: readonly ParticipantRole[]): (RuleViolation & { field: string })[] {
  const v: (RuleViolation & { field: string })[] = [];
  if (!c.participants.some((p) => leaderRoles.includes(p.role))) v.push({ rule: 'R96', field: 'participants', message: 'Handleplanen udarbejdes sammen med lederen; lederen skal stå blandt deltagerne' });
  if (!(c.plan ?? '').trim()) v.push({ rule: 'R96', field: 'note', message: 'Handleplanen skal beskrive, hvordan kvaliteten styrkes og følges op (note)' });
  return v;
}

export type BoardCommentStatus = 'ikke_orienteret' | 'vindue_aabent' | 'bemaerkninger' | 'ingen_bemaerkninger';

/**
 * R96: where the board's comments stand: not yet oriented, the window open,
 * comments received, or the window closed without any ("ingen bemærkninger").
 */
export function boardCommentStatus(window: { closesOn: LocalDate } | null, commentCount: number, today: LocalDate): BoardCommentStatus {
  if (!window) return 'ikke_orienteret';
  if (commentCount > 0) return 'bemaerkninger';
  return today > window.closesOn ? 'ingen_bemaerkninger' : 'vindue_aabent';
}

/** R96: a comment is recorded only inside the window (received on a day from the orientation through its close). */
export function checkBoardComment(window: { opensOn: LocalDate; closesOn: LocalDate } | null, receivedOn: LocalDate, today: LocalDate): RuleViolation[] {
  if (!window) return [{ rule: 'R96', message: 'Bestyrelsen er endnu ikke orienteret om handleplanen; bemærkningsvinduet er ikke åbnet' }];
  if (receivedOn > today) return [{ rule: 'R96', message: `Modtagelsesdatoen ${receivedOn} ligger efter i dag` }];
  if (receivedOn < window.opensOn || receivedOn > window.closesOn) {
    return [{ rule: 'R96', message: `Bestyrelsens bemærkninger modtages i vinduet ${window.opensOn}–${window.closesOn}, ikke ${receivedOn}` }];
  }
  return [];
}
