/**
 * A unit's two-year learning loop between two quality reports (R20–R30).
 * The loop only tracks how far it has come; the samtaler themselves are
 * obligations with their own machine, and their content is checked by
 * laeringssamtale/completion.rules.ts. Context is empty: the round follows
 * from the state.
 */
import { setup, type AnyStateMachine } from 'xstate';
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

/** The states of the Aarhus framework's loop (four samtaler); other versions have as many rounds as samtaler. */
export const LEARNING_LOOP_STATES = ['runde1', 'runde2', 'runde3', 'runde4', 'opsamling', 'afsluttet', 'lukket'] as const;
export type LearningLoopState = `runde${number}` | 'opsamling' | 'afsluttet' | 'lukket';

/** The Aarhus framework's count; the engine passes each loop's own (R73). */
export const DEFAULT_SAMTALE_COUNT = 4;

export type SamtaleSequence = number;

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

const held = (sequence: SamtaleSequence, target: string) =>
  ({ guard: { type: 'isCurrentRound', params: { sequence } }, target }) as const;
const reopened = (sequence: SamtaleSequence, target: string) =>
  ({ guard: { type: 'isLastHeld', params: { sequence } }, target }) as const;

const rounds = (count: number) => Array.from({ length: count }, (_, i) => i + 1);

function buildMachine(samtaleCount: number): AnyStateMachine {
  const states: Record<string, object> = {};
  for (const n of rounds(samtaleCount)) {
    states[`runde${n}`] = {
      on: {
        SAMTALE_HELD: held(n, n === samtaleCount ? 'opsamling' : `runde${n + 1}`),
        ...(n > 1 && { SAMTALE_REOPENED: reopened(n - 1, `runde${n - 1}`) }),
      },
    };
  }
  // All samtaler held; the loopopsamling (R30) is due before the next report.
  states.opsamling = { on: { OPSAMLING_DONE: { target: 'afsluttet' }, SAMTALE_REOPENED: reopened(samtaleCount, `runde${samtaleCount}`) } };
  states.afsluttet = {};
  states.lukket = { type: 'final' };
  return setup({
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
    // The rounds are built from the count, so their names are not literal types.
    states: states as Parameters<ReturnType<typeof setup>['createMachine']>[0]['states'],
  }) as unknown as AnyStateMachine;
}

const machines = new Map<number, AnyStateMachine>();

/** The loop of a framework version with `samtaleCount` samtaler (R20, R73): one round per samtale. */
export function learningLoopMachineFor(samtaleCount: number): AnyStateMachine {
  if (!Number.isInteger(samtaleCount) || samtaleCount < 1) throw new RangeError(`samtaleCount must be a positive integer, got ${samtaleCount}`);
  let machine = machines.get(samtaleCount);
  if (!machine) machines.set(samtaleCount, (machine = buildMachine(samtaleCount)));
  return machine;
}

export const learningLoopMachine = learningLoopMachineFor(DEFAULT_SAMTALE_COUNT);

/**
 * The persisted snapshot of a state. It names only the state (the context is
 * empty), so it is the same whatever the number of rounds, and set-based SQL
 * can write it for any loop.
 */
export function learningLoopSnapshotFor(state: LearningLoopState): PersistedMachineSnapshot<LearningLoopContext> {
  const round = currentRound(state);
  return snapshotFor(learningLoopMachineFor(Math.max(round ?? 1, DEFAULT_SAMTALE_COUNT)), state);
}

export const LEARNING_LOOP_SNAPSHOTS: Readonly<Record<(typeof LEARNING_LOOP_STATES)[number], PersistedMachineSnapshot<LearningLoopContext>>> =
  Object.freeze(
    Object.fromEntries(LEARNING_LOOP_STATES.map((state) => [state, learningLoopSnapshotFor(state)])) as Record<
      (typeof LEARNING_LOOP_STATES)[number],
      PersistedMachineSnapshot<LearningLoopContext>
    >,
  );

/** Every state's snapshot for a loop of `samtaleCount` rounds, keyed by state (for set-based SQL). */
export function learningLoopSnapshotsFor(samtaleCount: number): Record<string, PersistedMachineSnapshot<LearningLoopContext>> {
  const states = [...rounds(samtaleCount).map((n) => `runde${n}`), 'opsamling', 'afsluttet', 'lukket'] as LearningLoopState[];
  return Object.fromEntries(states.map((state) => [state, snapshotFor(learningLoopMachineFor(samtaleCount), state)]));
}

/** The samtale the loop waits for, or null once all are held. */
export function currentRound(state: LearningLoopState): SamtaleSequence | null {
  const match = /^runde([1-9][0-9]*)$/.exec(state);
  return match ? Number(match[1]) : null;
}

export function learningLoopTransition(
  from: LearningLoopState,
  event: LearningLoopEvent,
  samtaleCount: number = DEFAULT_SAMTALE_COUNT,
): Attempt<LearningLoopContext> {
  return attempt(learningLoopMachineFor(samtaleCount), learningLoopSnapshotFor(from), event, learningLoopGuards);
}
