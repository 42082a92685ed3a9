/**
 * A selvejende dagtilbud's tilsynsafrapportering and the chef's review of it
 * (R60–R62). The report itself is a `tilsynsafrapportering` obligation; this
 * machine follows what happens around it until the chef's decision has been
 * carried out. Context is empty: the report's data lives in its columns.
 */
import { and, setup } from 'xstate';
import {
  attempt,
  guardsOf,
  snapshotFor,
  type Attempt,
  type PersistedMachineSnapshot,
  type RuleGuard,
} from '../machine-support';

/** Bump when a change makes stored snapshots incompatible. */
export const BOARD_REPORT_MACHINE_VERSION = 1;

export const BOARD_REPORT_STATES = ['afventer_rapport', 'afventer_vurdering', 'opfoelgning', 'afsluttet'] as const;
export type BoardReportState = (typeof BOARD_REPORT_STATES)[number];

/** R62: the two outcomes of the chef's review. */
export const BOARD_REPORT_DECISIONS = ['ingen_opfoelgning', 'opfoelgningsmoede'] as const;
export type BoardReportDecision = (typeof BOARD_REPORT_DECISIONS)[number];


/** Who reviews; the service sets `chef` when the caller is the unit's chef on the review date. */
export interface BoardReportActor {
  chef: boolean;
}

export type BoardReportEvent =
  | { type: 'REPORT_SUBMITTED' }
  | { type: 'REVIEWED'; decision: BoardReportDecision; actor: BoardReportActor }
  | { type: 'FOLLOWUP_HELD' };

export type BoardReportContext = Record<string, never>;

type Input = { context: BoardReportContext; event: BoardReportEvent };

export const boardReportGuards = {
  reviewedByChef: {
    rule: 'R62',
    message: 'Kun Børn og Unge-chefen kan vurdere bestyrelsens tilsynsafrapportering',
    check: ({ event }: Input) => event.type === 'REVIEWED' && event.actor?.chef === true,
  },
} satisfies Record<string, RuleGuard<BoardReportContext, BoardReportEvent>>;

export const boardReportMachine = setup({
  types: {
    context: {} as BoardReportContext,
    events: {} as BoardReportEvent,
  },
  guards: {
    ...guardsOf(boardReportGuards),
    // Routing, not rules: an unknown decision matches neither and is not accepted.
    followUpDecided: ({ event }) => event.type === 'REVIEWED' && event.decision === 'opfoelgningsmoede',
    noFollowUpDecided: ({ event }) => event.type === 'REVIEWED' && event.decision === 'ingen_opfoelgning',
  },
}).createMachine({
  id: 'boardReport',
  initial: 'afventer_rapport',
  context: {},
  states: {
    afventer_rapport: { on: { REPORT_SUBMITTED: { target: 'afventer_vurdering' } } },
    afventer_vurdering: {
      on: {
        REVIEWED: [
          // The service creates the `opfoelgningsmoede` obligation on entering opfoelgning.
          { guard: and(['reviewedByChef', 'followUpDecided']), target: 'opfoelgning' },
          { guard: and(['reviewedByChef', 'noFollowUpDecided']), target: 'afsluttet' },
        ],
      },
    },
    opfoelgning: { on: { FOLLOWUP_HELD: { target: 'afsluttet' } } },
    afsluttet: { type: 'final' },
  },
});

export const BOARD_REPORT_SNAPSHOTS: Readonly<Record<BoardReportState, PersistedMachineSnapshot<BoardReportContext>>> =
  Object.freeze(
    Object.fromEntries(BOARD_REPORT_STATES.map((state) => [state, snapshotFor(boardReportMachine, state)])) as Record<
      BoardReportState,
      PersistedMachineSnapshot<BoardReportContext>
    >,
  );

export function boardReportTransition(from: BoardReportState, event: BoardReportEvent): Attempt<BoardReportContext> {
  return attempt(boardReportMachine, BOARD_REPORT_SNAPSHOTS[from], event, boardReportGuards);
}
