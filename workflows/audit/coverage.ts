/**
 * The tilsyn coverage audit (R80–R81) as a pure function: one unit's
 * obligations in, its counts and rule checks out. No I/O; the service gathers
 * the rows (obligations and their audit trail) and this file decides.
 *
 * R81: what an obligation's state, completion date and confirmation are is
 * read from its latest transition in the append-only audit trail
 * (`fromTrail`), never from the editable columns of the obligation row.
 *
 * Decisions where the rulebook is silent (also in the README):
 * - An obligation is in the audit when its due date falls in the period (for a
 *   chef's slice: while that person was the unit's chef). `due` counts them
 *   all; completedOnTime + completedLate + overdue + open + cancelledWaived
 *   partition them. Planned/scheduled past its due date counts as overdue even
 *   before the scheduler has marked it.
 * - Obligations not yet due cannot fail a rule: a rule judges an obligation
 *   once it is completed, or once its due date has passed. Cancelled and waived
 *   obligations are exempt (they are listed with their reasons instead).
 * - A rule with nothing to judge in the period is not applicable ("–").
 * - R52 per calendar year: only whole years inside the period that have ended;
 *   held = chef↔leader follow-ups, generated or extra (R53), completed (held)
 *   in that year; required = the framework's count, but never more than the
 *   follow-ups the unit had due that year and not cancelled (a unit that
 *   opened, or a loop that started, mid-year is not asked for six); a waived
 *   follow-up still counts as required.
 * - R52 between samtaler: consecutive *held* samtaler of the unit, in the
 *   order they were held, also across loops; a follow-up held on day d counts
 *   for the interval (previous samtale, next samtale] containing d. The pair
 *   is judged when the later samtale falls due in the period.
 * - R29: the elevinput must be completed, and not after samtale 1 of its loop
 *   was held (the same day is in time).
 * - R41: every confirmed samtale's datapakke must be published on or before
 *   the day the samtale was held, or waived; the failing obligation named is
 *   the datapakke.
 * - R28 (FU): each held samtale without an afdelingsleder representative
 *   fails; a group of samtaler (a year: 1–2, 3–4) without a youth
 *   representative fails on its last samtale once that is held or past due.
 */
import type { LocalDate, ObligationKind, ObligationState, ParticipantRole, UnitType } from '../domain';
import { OBLIGATION_STATES } from '../domain';
import { fuYouthGapsOf, youthGapMessage } from '../laeringssamtale/completion.rules';
import { hasText } from '../machine-support';
import { OBLIGATION_EVENT_TYPES } from '../obligation/obligation.machine';
import type { RammeVersion } from '../ramme/ramme.types';

export const AUDIT_RULES = ['R22', 'R24', 'R27', 'R28', 'R29', 'R41', 'R52', 'R61', 'R63'] as const;
export type AuditRule = (typeof AUDIT_RULES)[number];

/**
 * The statutory checks (R90, R93–R96) the audit shows per unit beside the framework's rules ("one audit shows both",
 * ramme.md): judged by the tilsyn module's StatutoryAudit, not by judgeUnit, so they are not in AUDIT_RULES (whose order
 * is the memo's encoding).
 */
export const STATUTORY_AUDIT_RULES = ['R90', 'R93', 'R94', 'R95', 'R96'] as const;
export type StatutoryAuditRule = (typeof STATUTORY_AUDIT_RULES)[number];

/** Every rule column of the coverage audit, in the order the page shows them: the one list its intro and grid are built from. */
export const AUDIT_COLUMNS = [...AUDIT_RULES, ...STATUTORY_AUDIT_RULES] as const;
export type AuditColumn = (typeof AUDIT_COLUMNS)[number];

/** The part of a framework version the audit reads (R73: each loop keeps its own). */
export type AuditRamme = Pick<
  RammeVersion,
  | 'ledelsesopfoelgningPerYear'
  | 'ledelsesopfoelgningBetweenSamtaler'
  | 'fuYouthParticipationEverySamtaler'
  | 'fuAfdelingslederAtEverySamtale'
  | 'boardParticipationRequiredAtSamtaler'
  | 'bestyrelsesinput'
  | 'samtaleCount'
>;

export interface AuditCompletion {
  heldOn?: string;
  participants?: { role?: string; name?: string }[];
  focusAreas?: { title?: string; theme?: string }[];
  childrenPerspective?: string | null;
  boardStatement?: string | null;
  /** R75: requirements recorded as not met, with their reasons. */
  deviations?: { rule?: string; reason?: string }[];
}

export interface AuditObligation {
  id: string;
  loopId: string;
  kind: ObligationKind | string;
  sequence: number;
  subjectKey: string;
  dueOn: LocalDate;
  /** From the audit trail (R81), see fromTrail. */
  state: ObligationState;
  completedOn: LocalDate | null;
  completion: AuditCompletion | null;
  reason: string | null;
}

export interface AuditLoop {
  id: string;
  /** The themes of the loop's quality report (R22). */
  themes: readonly string[];
  ramme: AuditRamme;
}

export interface DateWindow {
  from: LocalDate;
  to: LocalDate;
}

export interface UnitAuditInput {
  unitType: UnitType;
  /** Due dates that belong to the audit: the period, or the parts of it a chef's slice covers. */
  windows: readonly DateWindow[];
  /** The loops the obligations belong to, including the one before the period (for R52 across loops). */
  loops: readonly AuditLoop[];
  obligations: readonly AuditObligation[];
  today: LocalDate;
}

export interface FailingObligation {
  obligationId: string | null;
  kind: string | null;
  sequence: number | null;
  message: string;
}

export interface RuleCheck {
  rule: AuditRule;
  /** False when the period held nothing this rule could judge ("–"). */
  applicable: boolean;
  pass: boolean;
  /** How many obligations, loops or years the rule judged. */
  checked: number;
  failing: FailingObligation[];
}

export interface CancelledOrWaived {
  obligationId: string;
  kind: string;
  sequence: number;
  dueOn: LocalDate;
  state: 'cancelled' | 'waived';
  reason: string | null;
}

export interface AuditCounts {
  due: number;
  completedOnTime: number;
  completedLate: number;
  overdue: number;
  open: number;
  cancelledWaived: number;
}

export interface UnitAuditResult extends AuditCounts {
  cancelledWaivedItems: CancelledOrWaived[];
  rules: RuleCheck[];
}

export interface RuleTotal {
  rule: AuditRule;
  passed: number;
  failed: number;
  notApplicable: number;
}

export interface AuditTotals extends AuditCounts {
  units: number;
  rules: RuleTotal[];
}

// ---- R81: state from the audit trail -----------------------------------------

/** The latest obligation-state transition of an obligation, as stored. */
export interface TrailRow {
  event: string;
  toState: string;
  reason: string | null;
  payload: unknown;
  /** The calendar date (Europe/Copenhagen) the transition was recorded. */
  atDate: LocalDate;
}

const OBLIGATION_STATE_SET = new Set<string>(OBLIGATION_STATES);

/** The events of the obligation statechart: only these move an obligation's state. */
export const OBLIGATION_TRAIL_EVENTS: readonly string[] = OBLIGATION_EVENT_TYPES;

/**
 * R81: an obligation's state, completion date and confirmation as its audit
 * trail records them. No transition yet: still as generated (planned).
 */
export function fromTrail(latest: TrailRow | null): Pick<AuditObligation, 'state' | 'completedOn' | 'completion' | 'reason'> {
  if (!latest || !OBLIGATION_STATE_SET.has(latest.toState)) return { state: 'planned', completedOn: null, completion: null, reason: null };
  const state = latest.toState as ObligationState;
  const payload = isRecord(latest.payload) ? latest.payload : {};
  if (state === 'completed') {
    // A confirmation carries heldOn; a published datapakke carries its publication date.
    const held = [payload.heldOn, payload.published].find((d): d is string => typeof d === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(d));
    return {
      state,
      completedOn: held ?? latest.atDate,
      completion: latest.event === 'COMPLETE' ? (payload as AuditCompletion) : null,
      reason: null,
    };
  }
  return { state, completedOn: null, completion: null, reason: state === 'cancelled' || state === 'waived' ? latest.reason?.trim() || null : null };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

// ---- the audit of one unit ---------------------------------------------------

const isExempt = (o: AuditObligation) => o.state === 'cancelled' || o.state === 'waived';
const isCompleted = (o: AuditObligation) => o.state === 'completed';
const label = (o: AuditObligation): FailingObligation => ({ obligationId: o.id, kind: o.kind, sequence: o.sequence, message: '' });
const fail = (o: AuditObligation, message: string): FailingObligation => ({ ...label(o), message });
/** R75: a failing participation check shows the deviation's recorded reason. */
const withDeviation = (o: AuditObligation, rule: string, message: string): FailingObligation => {
  const reason = (o.completion?.deviations ?? []).find((d) => d?.rule === rule)?.reason;
  return fail(o, hasText(reason) ? `${message} (afvigelse: ${reason!.trim()})` : message);
};

function participantRoles(o: AuditObligation): Set<string> {
  return new Set((o.completion?.participants ?? []).map((p) => p?.role).filter((r): r is string => typeof r === 'string'));
}

export function auditUnit(input: UnitAuditInput): UnitAuditResult {
  const { today } = input;
  const inScope = (o: AuditObligation) => input.windows.some((w) => w.from <= o.dueOn && o.dueOn <= w.to);
  const pastDue = (o: AuditObligation) => o.dueOn < today;
  /** Judged by a rule: completed, or past its due date; never cancelled or waived. */
  const judged = (o: AuditObligation) => inScope(o) && !isExempt(o) && (isCompleted(o) || pastDue(o));
  const loops = new Map(input.loops.map((l) => [l.id, l]));
  const scoped = input.obligations.filter(inScope);

  const counts: AuditCounts = { due: scoped.length, completedOnTime: 0, completedLate: 0, overdue: 0, open: 0, cancelledWaived: 0 };
  const cancelledWaivedItems: CancelledOrWaived[] = [];
  for (const o of scoped) {
    if (o.state === 'cancelled' || o.state === 'waived') {
      counts.cancelledWaived++;
      cancelledWaivedItems.push({ obligationId: o.id, kind: o.kind, sequence: o.sequence, dueOn: o.dueOn, state: o.state, reason: o.reason });
    } else if (o.state === 'completed') {
      if (o.completedOn !== null && o.completedOn > o.dueOn) counts.completedLate++;
      else counts.completedOnTime++;
    } else if (o.state === 'overdue' || pastDue(o)) counts.overdue++;
    else counts.open++;
  }

  cancelledWaivedItems.sort((a, b) => a.dueOn.localeCompare(b.dueOn) || a.kind.localeCompare(b.kind) || a.sequence - b.sequence);

  const samtaler = input.obligations.filter((o) => o.kind === 'laeringssamtale');
  const judgedSamtaler = samtaler.filter(judged);
  /** R27: the board must take part (samtale 1), or take part or send a statement (samtaler 2–4). */
  const boardRequirement = (o: AuditObligation): 'participation' | 'statement' | null => {
    const ramme = loops.get(o.loopId)?.ramme;
    if ((ramme?.boardParticipationRequiredAtSamtaler ?? [1]).includes(o.sequence)) return 'participation';
    return o.sequence >= (ramme?.bestyrelsesinput.fromSamtale ?? 2) ? 'statement' : null;
  };
  const notConfirmed = (o: AuditObligation) => `Læringssamtale ${o.sequence} er ikke bekræftet (forfaldt ${o.dueOn})`;

  const rules: RuleCheck[] = [
    check('R22', judgedSamtaler.filter((o) => o.sequence === 1), (o) => {
      if (!isCompleted(o)) return [fail(o, `${notConfirmed(o)}; der er ikke valgt lokale fokusområder`)];
      const themes = (loops.get(o.loopId)?.themes ?? []).map((t) => t.trim());
      const areas = o.completion?.focusAreas ?? [];
      if (areas.length === 0) return [fail(o, 'Læringssamtale 1 er bekræftet uden lokale fokusområder')];
      return areas
        .filter((a) => !hasText(a?.title) || !themes.includes((a?.theme ?? '').trim()))
        .map((a) =>
          hasText(a?.title)
            ? fail(o, `Fokusområdet "${a.title.trim()}" er knyttet til "${(a.theme ?? '').trim()}", som ikke er et tema i kvalitetsrapporten`)
            : fail(o, 'Et fokusområde mangler en titel'),
        );
    }),

    check('R24', judgedSamtaler.filter((o) => o.sequence === 1), (o) => {
      if (!isCompleted(o)) return [fail(o, `${notConfirmed(o)}; børnenes perspektiv er ikke fastlagt`)];
      return hasText(o.completion?.childrenPerspective ?? undefined)
        ? []
        : [fail(o, 'Læringssamtale 1 er bekræftet uden en beskrivelse af, hvordan børnenes perspektiv inddrages')];
    }),

    check('R27', judgedSamtaler.filter((o) => boardRequirement(o) !== null), (o) => {
      const participationRequired = boardRequirement(o) === 'participation';
      if (!isCompleted(o)) return [fail(o, `${notConfirmed(o)}; bestyrelsens deltagelse er ikke dokumenteret`)];
      const boardTookPart = participantRoles(o).has('bestyrelsesrepraesentant');
      if (participationRequired) {
        return boardTookPart ? [] : [withDeviation(o, 'R27', `Bestyrelsen deltog ikke i læringssamtale ${o.sequence}`)];
      }
      return boardTookPart || hasText(o.completion?.boardStatement ?? undefined)
        ? []
        : [withDeviation(o, 'R27', `Læringssamtale ${o.sequence} har hverken en bestyrelsesrepræsentant blandt deltagerne eller en udtalelse fra bestyrelsen`)];
    }),

    // R28 (FU): an afdelingsleder representative at every samtale, a youth
    // representative once a year; judged per samtale, and per group of samtaler
    // (a year) once its last samtale is held or past due.
    check(
      'R28',
      input.unitType === 'fu' ? judgedSamtaler : [],
      (o) => {
        const ramme = loops.get(o.loopId)?.ramme;
        const failing: FailingObligation[] = [];
        if (isCompleted(o) && (ramme?.fuAfdelingslederAtEverySamtale ?? true) && !participantRoles(o).has('afdelingslederrepraesentant')) {
          failing.push(withDeviation(o, 'R28', `Ingen afdelingslederrepræsentant deltog i læringssamtale ${o.sequence}`));
        }
        const ofLoop = samtaler
          .filter((s) => s.loopId === o.loopId && (isCompleted(s) || judged(s)))
          .map((s) => ({ sequence: s.sequence, participants: [...participantRoles(s)].map((role) => ({ role: role as ParticipantRole })) }));
        const gap = fuYouthGapsOf(ofLoop, ramme?.fuYouthParticipationEverySamtaler, ramme?.samtaleCount ?? 4).find((g) => g.to === o.sequence);
        if (gap) failing.push(withDeviation(o, 'R28', youthGapMessage(gap)));
        return failing;
      },
    ),

    check('R29', input.obligations.filter((o) => o.kind === 'elevinput' && judged(o)), (o) => {
      if (!isCompleted(o)) return [fail(o, `Input fra elevrådet/senatet er ikke indhentet (forfaldt ${o.dueOn})`)];
      const first = samtaler.find((s) => s.loopId === o.loopId && s.sequence === 1 && isCompleted(s));
      if (first?.completedOn && o.completedOn && o.completedOn > first.completedOn) {
        return [fail(o, `Input fra elevrådet/senatet kom først ${o.completedOn}, efter at læringssamtale 1 blev holdt ${first.completedOn}`)];
      }
      return [];
    }),

    check('R41', judgedSamtaler.filter(isCompleted), (s) => {
      const pakke = input.obligations.find((o) => o.kind === 'datapakke' && o.loopId === s.loopId && o.sequence === s.sequence);
      if (!pakke) return [fail(s, `Læringssamtale ${s.sequence} er bekræftet, men rundens datapakke findes ikke`)];
      if (pakke.state === 'waived') return [];
      if (pakke.state === 'completed') {
        // R41: published on or before the day the samtale was held.
        return pakke.completedOn && s.completedOn && pakke.completedOn > s.completedOn
          ? [fail(pakke, `Datapakke ${pakke.sequence} blev offentliggjort ${pakke.completedOn}, efter at læringssamtale ${s.sequence} blev holdt ${s.completedOn}`)]
          : [];
      }
      return [fail(pakke, `Datapakke ${pakke.sequence} er hverken offentliggjort eller fritaget (${pakke.state}), men læringssamtale ${s.sequence} er bekræftet`)];
    }),

    r52(input, samtaler, inScope, loops),

    check('R61', input.obligations.filter((o) => o.kind === 'tilsynsafrapportering' && judged(o)), (o) =>
      isCompleted(o) ? [] : [fail(o, `Bestyrelsens tilsynsafrapportering ${o.subjectKey || o.sequence} er ikke modtaget (forfaldt ${o.dueOn})`)],
    ),

    // R63: the chef's review of a received report, on time.
    check('R63', input.obligations.filter((o) => o.kind === 'tilsynsgennemgang' && judged(o)), (o) => {
      if (!isCompleted(o)) return [fail(o, `Chefens vurdering af tilsynsafrapporteringen er ikke foretaget (forfaldt ${o.dueOn})`)];
      return o.completedOn && o.completedOn > o.dueOn ? [fail(o, `Chefens vurdering af tilsynsafrapporteringen kom først ${o.completedOn} (forfaldt ${o.dueOn})`)] : [];
    }),
  ];

  return { ...counts, cancelledWaivedItems, rules };
}

function check<S>(rule: AuditRule, subjects: readonly S[], judge: (subject: S) => FailingObligation[]): RuleCheck {
  const failing = subjects.flatMap(judge);
  return { rule, applicable: subjects.length > 0, pass: failing.length === 0, checked: subjects.length, failing };
}

/** R50/R52: follow-ups held per calendar year, and between consecutive held samtaler. */
function r52(
  input: UnitAuditInput,
  samtaler: readonly AuditObligation[],
  inScope: (o: AuditObligation) => boolean,
  loops: ReadonlyMap<string, AuditLoop>,
): RuleCheck {
  // R51's follow-ups (leader ↔ next layer) have the next-layer leader as subject; R52 counts chef ↔ leader.
  const followUps = input.obligations.filter((o) => o.kind === 'ledelsesopfoelgning' && o.subjectKey === '');
  // R53: extra follow-ups count as held.
  const extras = input.obligations.filter((o) => o.kind === 'ekstra');
  const held = [...followUps, ...extras].filter((o) => isCompleted(o) && o.completedOn !== null);
  const failing: FailingObligation[] = [];
  let checked = 0;

  for (const year of wholeYearsInside(input.windows)) {
    const start = `${year}-01-01`;
    const end = `${year}-12-31`;
    if (end >= input.today) continue; // the year is not over: it cannot fail yet
    // R52: a waived follow-up does not lower the requirement; a cancelled one (no longer the unit's) does.
    const dueThatYear = followUps.filter((o) => o.dueOn >= start && o.dueOn <= end && o.state !== 'cancelled');
    const perYear = Math.max(0, ...dueThatYear.map((o) => loops.get(o.loopId)?.ramme.ledelsesopfoelgningPerYear ?? 0));
    const required = Math.min(perYear, dueThatYear.length);
    if (required === 0) continue;
    checked++;
    const heldThatYear = held.filter((o) => o.completedOn! >= start && o.completedOn! <= end).length;
    if (heldThatYear >= required) continue;
    const summary = `${heldThatYear} af mindst ${required} ledelsesopfølgninger holdt i ${year}`;
    const missing = dueThatYear.filter((o) => !isExempt(o) && !(isCompleted(o) && o.completedOn! >= start && o.completedOn! <= end));
    if (missing.length === 0) failing.push({ obligationId: null, kind: 'ledelsesopfoelgning', sequence: null, message: summary });
    for (const o of missing) {
      failing.push(fail(o, `Ledelsesopfølgning ${o.sequence} (forfald ${o.dueOn}) er ikke holdt i ${year}; ${summary}`));
    }
  }

  const heldSamtaler = samtaler
    .filter((s) => isCompleted(s) && s.completedOn !== null)
    .sort((a, b) => (a.completedOn! < b.completedOn! ? -1 : a.completedOn! > b.completedOn! ? 1 : a.dueOn.localeCompare(b.dueOn)));
  for (let i = 1; i < heldSamtaler.length; i++) {
    const before = heldSamtaler[i - 1]!;
    const after = heldSamtaler[i]!;
    if (!inScope(after)) continue;
    checked++;
    const required = loops.get(after.loopId)?.ramme.ledelsesopfoelgningBetweenSamtaler ?? 0;
    const between = held.filter((o) => o.completedOn! > before.completedOn! && o.completedOn! <= after.completedOn!).length;
    if (between < required) {
      failing.push(
        fail(
          after,
          `${between} ledelsesopfølgninger mellem læringssamtale ${before.sequence} (${before.completedOn}) og læringssamtale ${after.sequence} (${after.completedOn}); mindst ${required}`,
        ),
      );
    }
  }
  return { rule: 'R52', applicable: checked > 0, pass: failing.length === 0, checked, failing };
}

/** Calendar years lying wholly inside one of the windows. */
export function wholeYearsInside(windows: readonly DateWindow[]): number[] {
  const years = new Set<number>();
  for (const w of windows) {
    const first = Number(w.from.slice(0, 4)) + (w.from.slice(5) === '01-01' ? 0 : 1);
    const last = Number(w.to.slice(0, 4)) - (w.to.slice(5) === '12-31' ? 0 : 1);
    for (let y = first; y <= last; y++) years.add(y);
  }
  return [...years].sort((a, b) => a - b);
}

// ---- totals --------------------------------------------------------------------

export function auditTotals(results: readonly UnitAuditResult[]): AuditTotals {
  const totals = emptyAuditTotals();
  for (const r of results) addToAuditTotals(totals, r);
  return totals;
}

/** Totals of no unit; addToAuditTotals adds one unit at a time, so a streamed audit need not keep its units. */
export function emptyAuditTotals(): AuditTotals {
  return {
    units: 0,
    due: 0,
    completedOnTime: 0,
    completedLate: 0,
    overdue: 0,
    open: 0,
    cancelledWaived: 0,
    rules: AUDIT_RULES.map((rule) => ({ rule, passed: 0, failed: 0, notApplicable: 0 })),
  };
}

/** Adds one unit's result to `totals` (in place). */
export function addToAuditTotals(totals: AuditTotals, r: UnitAuditResult): void {
  totals.units++;
  totals.due += r.due;
  totals.completedOnTime += r.completedOnTime;
  totals.completedLate += r.completedLate;
  totals.overdue += r.overdue;
  totals.open += r.open;
  totals.cancelledWaived += r.cancelledWaived;
  for (const c of r.rules) {
    const t = totals.rules.find((x) => x.rule === c.rule)!;
    if (!c.applicable) t.notApplicable++;
    else if (c.pass) t.passed++;
    else t.failed++;
  }
}

// ---- a unit's share of the totals, compact -------------------------------------

/**
 * What one unit adds to the totals, as numbers (the coverage memo keeps it beside the unit's result, so the totals
 * of a memoised audit need not decode every unit): [due, completedOnTime, completedLate, overdue, open,
 * cancelledWaived, then per AUDIT_RULES in order 0 = not applicable, 1 = passed, 2 = failed].
 */
export type AuditSummary = readonly number[];

export function auditSummary(r: UnitAuditResult): AuditSummary {
  const summary = [r.due, r.completedOnTime, r.completedLate, r.overdue, r.open, r.cancelledWaived];
  for (const rule of AUDIT_RULES) {
    const c = r.rules.find((x) => x.rule === rule);
    summary.push(!c || !c.applicable ? 0 : c.pass ? 1 : 2);
  }
  return summary;
}

/** Adds one unit's summary to `totals` (in place); the same sums as addToAuditTotals of the unit's result. */
export function addSummaryToAuditTotals(totals: AuditTotals, s: AuditSummary): void {
  totals.units++;
  totals.due += s[0]!;
  totals.completedOnTime += s[1]!;
  totals.completedLate += s[2]!;
  totals.overdue += s[3]!;
  totals.open += s[4]!;
  totals.cancelledWaived += s[5]!;
  for (let i = 0; i < AUDIT_RULES.length; i++) {
    const t = totals.rules.find((x) => x.rule === AUDIT_RULES[i])!;
    const status = s[6 + i];
    if (status === 0) t.notApplicable++;
    else if (status === 1) t.passed++;
    else t.failed++;
  }
}
