/**
 * One quality report cycle of an age area (R10–R13): the milestones of R11,
 * each dated when it happens and recorded strictly in order. Recording
 * `byraad_behandlet` is what starts the units' new loops (R13); the service
 * does that, the machine only says the milestone was accepted.
 */
import { and, assign, setup } from 'xstate';
import { isLocalDate } from '../calendar/local-date';
import { MILESTONE_LABELS } from '../labels';
import type { AgeArea, LocalDate, RuleViolation } from '../domain';
import {
  attempt,
  guardsOf,
  initialSnapshot,
  type Attempt,
  type PersistedMachineSnapshot,
  type RuleGuard,
} from '../machine-support';

/** Bump when a change makes stored snapshots incompatible. */
export const QUALITY_REPORT_MACHINE_VERSION = 1;

/** R11, in the order they happen. */
export const QUALITY_REPORT_MILESTONES = [
  'temaer_valgt',
  'raadmand_godkendt',
  'udvalg_droeftet',
  'byraad_behandlet',
  'fokusomraader_afrapporteret',
  'opsamlet',
] as const;
export type QualityReportMilestone = (typeof QUALITY_REPORT_MILESTONES)[number];

/** Danish names for messages and the API: kept with every other label (workflows/labels.ts); typed here so none is missing. */
export const QUALITY_REPORT_MILESTONE_LABELS: Record<QualityReportMilestone, string> = MILESTONE_LABELS;

/** R13: the milestone whose date anchors every unit's loop in the age area. */
export const LOOP_ANCHOR_MILESTONE: QualityReportMilestone = 'byraad_behandlet';

export const QUALITY_REPORT_STATES = ['oprettet', ...QUALITY_REPORT_MILESTONES] as const;
export type QualityReportState = (typeof QUALITY_REPORT_STATES)[number];

export interface QualityReportContext {
  dates: Partial<Record<QualityReportMilestone, LocalDate>>;
}

export type QualityReportEvent = { type: 'MILESTONE'; milestone: QualityReportMilestone; date: LocalDate };

type Input = { context: QualityReportContext; event: QualityReportEvent };

/** The milestone the report waits for, or null when all are recorded. */
export function nextMilestone(dates: QualityReportContext['dates']): QualityReportMilestone | null {
  return QUALITY_REPORT_MILESTONES.find((m) => dates[m] === undefined) ?? null;
}

/** The latest recorded milestone and its date; milestones are recorded in order, so it is also the latest date. */
function previousMilestone(dates: QualityReportContext['dates']): [QualityReportMilestone, LocalDate] | null {
  const recorded = QUALITY_REPORT_MILESTONES.filter((m) => dates[m] !== undefined);
  const last = recorded[recorded.length - 1];
  return last ? [last, dates[last] as LocalDate] : null;
}

function label(milestone: unknown): string {
  return typeof milestone === 'string' && milestone in QUALITY_REPORT_MILESTONE_LABELS
    ? `"${QUALITY_REPORT_MILESTONE_LABELS[milestone as QualityReportMilestone]}"`
    : `"${String(milestone)}"`;
}

export const qualityReportGuards = {
  isLocalDate: {
    rule: 'R72',
    message: ({ event }: Input) => `Datoen ${JSON.stringify(event.date)} er ikke en kalenderdato (ÅÅÅÅ-MM-DD)`,
    check: ({ event }: Input) => isLocalDate(event.date),
  },
  inOrder: {
    rule: 'R11',
    message: ({ context, event }: Input) =>
      `Milepælen ${label(event.milestone)} kan ikke registreres nu; den næste milepæl er ${label(nextMilestone(context.dates))}`,
    check: ({ context, event }: Input) => event.milestone === nextMilestone(context.dates),
  },
  notBeforePrevious: {
    rule: 'R11',
    message: ({ context, event }: Input) => {
      const previous = previousMilestone(context.dates);
      return `Milepælen ${label(event.milestone)} kan ikke dateres ${event.date}, før den forrige milepæl ${label(previous?.[0])} (${previous?.[1] ?? ''})`;
    },
    // ISO dates compare correctly as strings.
    check: ({ context, event }: Input) => {
      const previous = previousMilestone(context.dates);
      return previous === null || event.date >= previous[1];
    },
  },
} satisfies Record<string, RuleGuard<QualityReportContext, QualityReportEvent>>;

const record = { guard: and(['isLocalDate', 'inOrder', 'notBeforePrevious']), actions: 'recordDate' } as const;

export const qualityReportMachine = setup({
  types: {
    context: {} as QualityReportContext,
    events: {} as QualityReportEvent,
  },
  guards: guardsOf(qualityReportGuards),
  actions: {
    recordDate: assign({
      dates: ({ context, event }) => ({ ...context.dates, [event.milestone]: event.date }),
    }),
  },
}).createMachine({
  id: 'qualityReport',
  initial: 'oprettet',
  context: { dates: {} },
  states: {
    oprettet: { on: { MILESTONE: { ...record, target: 'temaer_valgt' } } },
    temaer_valgt: { on: { MILESTONE: { ...record, target: 'raadmand_godkendt' } } },
    raadmand_godkendt: { on: { MILESTONE: { ...record, target: 'udvalg_droeftet' } } },
    udvalg_droeftet: { on: { MILESTONE: { ...record, target: 'byraad_behandlet' } } },
    byraad_behandlet: { on: { MILESTONE: { ...record, target: 'fokusomraader_afrapporteret' } } },
    fokusomraader_afrapporteret: { on: { MILESTONE: { ...record, target: 'opsamlet' } } },
    opsamlet: { type: 'final' },
  },
});

export type QualityReportSnapshot = PersistedMachineSnapshot<QualityReportContext>;

export function initialQualityReportSnapshot(): QualityReportSnapshot {
  return initialSnapshot(qualityReportMachine);
}

export function qualityReportTransition(
  from: QualityReportSnapshot,
  event: QualityReportEvent,
): Attempt<QualityReportContext> {
  return attempt(qualityReportMachine, from, event, qualityReportGuards);
}

/** R10: the model started with the 6–18 report treated in March 2020; no framework version covers earlier years. */
export const FIRST_REPORT_YEAR = 2020;

/** R10: 6-18 reports in even years, 0-6 reports in odd years. */
export function reportYearAllowed(ageArea: AgeArea, year: number): RuleViolation | null {
  if (!Number.isInteger(year) || year < FIRST_REPORT_YEAR) {
    return { rule: 'R10', message: `Årstallet ${year} er ikke gyldigt for en kvalitetsrapport` };
  }
  const even = year % 2 === 0;
  if (ageArea === '6-18' && !even) {
    return { rule: 'R10', message: `Kvalitetsrapporten for 6–18 år udkommer i lige år; ${year} er et ulige år` };
  }
  if (ageArea === '0-6' && even) {
    return { rule: 'R10', message: `Kvalitetsrapporten for 0–6 år udkommer i ulige år; ${year} er et lige år` };
  }
  return null;
}
