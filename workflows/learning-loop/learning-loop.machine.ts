/**
 * A unit's two-year learning loop between two quality reports (R20–R30).
 * The loop only tracks how far it has come; the samtaler themselves are
 * obligations with their own machine, and their content is checked by
 * laeringssamtale/completion.rules.ts. Context is empty: the round follows
 * from the state.
 */
import { setup } from 'xstate';
import {
  attempt,
  guardsOf,
  snapshotFor,
  type Attempt,
  type PersistedMachineSnapshot,
  type RuleGuard,
} from '../machine-support';

/** Bump when a change makes stored snapshots incompatible. */
export const LEARNING_LOOP_MACHINE_VERSION = 1;

export const LEARNING_LOOP_STATES = ['runde1', 'runde2', 'runde3', 'runde4', 'opsamling', 'afsluttet', 'lukket'] as const;
export type LearningLoopState = (typeof LEARNING_LOOP_STATES)[number];

export type SamtaleSequence = 1 | 2 | 3 | 4;

export type LearningLoopEvent =
  | { type: 'SAMTALE_HELD'; sequence: SamtaleSequence }
  | { type: 'SAMTALE_REOPENED'; sequence: SamtaleSequence }
  | { type: 'OPSAMLING_DONE' }
  | { type: 'NEXT_REPORT_TREATED' };

export type LearningLoopContext = Record<string, never>;

type Input = { context: LearningLoopContext; event: LearningLoopEvent };
type SequenceParams = { sequence: SamtaleSequence };

function sequenceOf(event: LearningLoopEvent): number | undefined {
  return 'sequence' in event ? event.sequence : undefined;
}

export const learningLoopGuards = {
  isCurrentRound: {
    rule: 'R20',
    message: (input: Input, params: SequenceParams) =>
      `Læringssamtale ${params.sequence} er den næste i loopet; samtale ${String(sequenceOf(input.event))} kan ikke bekræftes nu`,
    check: ({ event }: Input, params: SequenceParams) => sequenceOf(event) === params.sequence,
  },
  isLastHeld: {
    rule: 'R20',
    message: (input: Input, params: SequenceParams) =>
      `Kun den senest holdte læringssamtale (samtale ${params.sequence}) kan genåbnes; samtale ${String(sequenceOf(input.event))} kan ikke genåbnes nu`,
    check: ({ event }: Input, params: SequenceParams) => sequenceOf(event) === params.sequence,
  },
} satisfies Record<string, RuleGuard<LearningLoopContext, LearningLoopEvent, SequenceParams>>;

const held = (sequence: SamtaleSequence, target: LearningLoopState) =>
  ({ guard: { type: 'isCurrentRound', params: { sequence } }, target }) as const;
const reopened = (sequence: SamtaleSequence, target: LearningLoopState) =>
  ({ guard: { type: 'isLastHeld', params: { sequence } }, target }) as const;

export const learningLoopMachine = setup({
  types: {
    context: {} as LearningLoopContext,
    events: {} as LearningLoopEvent,
  },
  guards: guardsOf(learningLoopGuards),
}).createMachine({
  id: 'learningLoop',
  initial: 'runde1',
  context: {},
  // R30: the next report's treatment closes the loop whatever its progress;
  // the audit reports what was missing.
  on: { NEXT_REPORT_TREATED: { target: '.lukket' } },
  states: {
    runde1: { on: { SAMTALE_HELD: held(1, 'runde2') } },
    runde2: { on: { SAMTALE_HELD: held(2, 'runde3'), SAMTALE_REOPENED: reopened(1, 'runde1') } },
    runde3: { on: { SAMTALE_HELD: held(3, 'runde4'), SAMTALE_REOPENED: reopened(2, 'runde2') } },
    runde4: { on: { SAMTALE_HELD: held(4, 'opsamling'), SAMTALE_REOPENED: reopened(3, 'runde3') } },
    // All four held; the loopopsamling (R30) is due before the next report.
    opsamling: { on: { OPSAMLING_DONE: { target: 'afsluttet' }, SAMTALE_REOPENED: reopened(4, 'runde4') } },
    afsluttet: {},
    lukket: { type: 'final' },
  },
});

export const LEARNING_LOOP_SNAPSHOTS: Readonly<Record<LearningLoopState, PersistedMachineSnapshot<LearningLoopContext>>> =
  Object.freeze(
    Object.fromEntries(LEARNING_LOOP_STATES.map((state) => [state, snapshotFor(learningLoopMachine, state)])) as Record<
      LearningLoopState,
      PersistedMachineSnapshot<LearningLoopContext>
    >,
  );

/** The samtale the loop waits for, or null once all four are held. */
export function currentRound(state: LearningLoopState): SamtaleSequence | null {
  const match = /^runde([1-4])$/.exec(state);
  return match ? (Number(match[1]) as SamtaleSequence) : null;
}

export function learningLoopTransition(from: LearningLoopState, event: LearningLoopEvent): Attempt<LearningLoopContext> {
  return attempt(learningLoopMachine, LEARNING_LOOP_SNAPSHOTS[from], event, learningLoopGuards);
}
