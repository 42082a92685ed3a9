/**
 * The life of one obligation (R71). All data of an obligation lives in its
 * database columns; the machine only decides which transitions are allowed.
 * Its context is therefore empty, so every obligation in the same state has
 * the same snapshot and the scheduler can move thousands of rows with one
 * UPDATE (see OBLIGATION_SNAPSHOTS).
 */
import { and, setup } from 'xstate';
import { OBLIGATION_STATES, type LocalDate, type ObligationState } from '../domain';
import {
  attempt,
  guardsOf,
  hasText,
  snapshotFor,
  type Attempt,
  type PersistedMachineSnapshot,
  type RuleGuard,
} from '../machine-support';

/** Bump when a change makes stored snapshots incompatible. */
export const OBLIGATION_MACHINE_VERSION = 1;

/** Who acts; the service derives `admin` from the caller's roles. */
export interface ObligationActor {
  admin: boolean;
}

export type ObligationEvent =
  | { type: 'SCHEDULE'; date: LocalDate }
  | { type: 'COMPLETE'; heldOn: LocalDate }
  | { type: 'DEADLINE_PASSED' }
  | { type: 'CANCEL'; actor: ObligationActor; reason?: string }
  | { type: 'WAIVE'; actor: ObligationActor; reason?: string }
  | { type: 'REOPEN'; actor: ObligationActor; reason?: string; pastDue: boolean };

export type ObligationEventType = ObligationEvent['type'];
export const OBLIGATION_EVENT_TYPES: readonly ObligationEventType[] = [
  'SCHEDULE',
  'COMPLETE',
  'DEADLINE_PASSED',
  'CANCEL',
  'WAIVE',
  'REOPEN',
];

export type ObligationContext = Record<string, never>;

type Input = { context: ObligationContext; event: ObligationEvent };

function adminWithReason({ event }: Input): boolean {
  return 'actor' in event && event.actor?.admin === true && hasText(event.reason);
}

export const obligationGuards = {
  mayCancel: {
    rule: 'R71',
    message: 'Kun en administrator kan annullere en forpligtelse, og kun med en begrundelse',
    check: adminWithReason,
  },
  mayWaive: {
    rule: 'R71',
    message: 'Kun en administrator kan frafalde en forpligtelse, og kun med en begrundelse',
    check: adminWithReason,
  },
  mayReopen: {
    rule: 'R71',
    message: 'Kun en administrator kan genåbne en forpligtelse, og kun med en begrundelse',
    check: adminWithReason,
  },
} satisfies Record<string, RuleGuard<ObligationContext, ObligationEvent>>;

export const obligationMachine = setup({
  types: {
    context: {} as ObligationContext,
    events: {} as ObligationEvent,
  },
  guards: {
    ...guardsOf(obligationGuards),
    // Routing, not a rule: a reopened obligation whose due date has passed is
    // late at once, otherwise it waits again.
    pastDue: ({ event }) => event.type === 'REOPEN' && event.pastDue === true,
  },
}).createMachine({
  id: 'obligation',
  initial: 'planned',
  context: {},
  states: {
    planned: {
      on: {
        SCHEDULE: { target: 'scheduled' },
        COMPLETE: { target: 'completed' },
        DEADLINE_PASSED: { target: 'overdue' },
        CANCEL: { guard: 'mayCancel', target: 'cancelled' },
        WAIVE: { guard: 'mayWaive', target: 'waived' },
      },
    },
    scheduled: {
      on: {
        // Rebooking: an explicit target so `can()` reports it as possible.
        SCHEDULE: { target: 'scheduled' },
        COMPLETE: { target: 'completed' },
        DEADLINE_PASSED: { target: 'overdue' },
        CANCEL: { guard: 'mayCancel', target: 'cancelled' },
        WAIVE: { guard: 'mayWaive', target: 'waived' },
      },
    },
    overdue: {
      on: {
        // A late obligation may get a date booked; it is still late (R71).
        SCHEDULE: { target: 'overdue' },
        COMPLETE: { target: 'completed' },
        CANCEL: { guard: 'mayCancel', target: 'cancelled' },
        WAIVE: { guard: 'mayWaive', target: 'waived' },
      },
    },
    completed: {
      on: {
        REOPEN: [{ guard: and(['mayReopen', 'pastDue']), target: 'overdue' }, { guard: 'mayReopen', target: 'planned' }],
      },
    },
    cancelled: {
      on: {
        REOPEN: [{ guard: and(['mayReopen', 'pastDue']), target: 'overdue' }, { guard: 'mayReopen', target: 'planned' }],
      },
    },
    waived: {
      on: {
        REOPEN: [{ guard: and(['mayReopen', 'pastDue']), target: 'overdue' }, { guard: 'mayReopen', target: 'planned' }],
      },
    },
  },
});

/**
 * The stored snapshot of each state. Identical for every obligation in that
 * state, so a set-based update may write `OBLIGATION_SNAPSHOTS[to]` directly.
 */
export const OBLIGATION_SNAPSHOTS: Readonly<Record<ObligationState, PersistedMachineSnapshot<ObligationContext>>> =
  Object.freeze(
    Object.fromEntries(OBLIGATION_STATES.map((state) => [state, snapshotFor(obligationMachine, state)])) as Record<
      ObligationState,
      PersistedMachineSnapshot<ObligationContext>
    >,
  );

/**
 * Applies `event` to an obligation in `from`. The state column is enough:
 * the snapshot carries nothing else.
 */
export function obligationTransition(from: ObligationState, event: ObligationEvent): Attempt<ObligationContext> {
  return attempt(obligationMachine, OBLIGATION_SNAPSHOTS[from], event, obligationGuards);
}

/** The states from which `event` may move an obligation (for set-based WHERE clauses). */
export function obligationSourcesOf(eventType: ObligationEventType): ObligationState[] {
  return OBLIGATION_STATES.filter((state) => eventType in (obligationMachine.config.states?.[state]?.on ?? {}));
}
