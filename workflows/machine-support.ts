/**
 * Glue between the XState machines of workflows/ and the service that stores
 * their snapshots. Machines are rehydrated per request from the JSON kept in
 * the database, so everything here is pure: no actors are started, nothing is
 * executed, and a refusal is reported with the rule (R..) that caused it.
 */
import {
  and,
  getNextTransitions,
  initialTransition,
  transition as xstateTransition,
  type AnyMachineSnapshot,
  type AnyStateMachine,
  type ContextFrom,
  type EventFromLogic,
  type SnapshotFrom,
  type StateValue,
} from 'xstate';
import { notAcceptedMessage } from './labels';

/** What a guard sees; the same shape as XState's `GuardArgs`. */
export interface GuardInput<TContext, TEvent> {
  context: TContext;
  event: TEvent;
}

/**
 * A guard that enforces one rule of ramme.md. The machine uses `check`; when it
 * fails, `refusalOf` reports `rule` and `message` so the API can answer 422.
 */
export interface RuleGuard<TContext = any, TEvent = any, TParams = any> {
  rule: string;
  /** Danish, shown to the user. A function when the text depends on the event. */
  message: string | ((input: GuardInput<TContext, TEvent>, params: TParams) => string);
  check: (input: GuardInput<TContext, TEvent>, params: TParams) => boolean;
}

export type RuleGuardTable = Record<string, RuleGuard>;

export type Refusal =
  | { kind: 'rule'; rule: string; message: string }
  | { kind: 'not-accepted'; state: string; event: string };

/**
 * The JSON the service stores: `machine.getPersistedSnapshot()` after a JSON
 * round trip, so a value read back from a jsonb column compares equal to a
 * freshly computed one.
 */
export interface PersistedMachineSnapshot<TContext = unknown> {
  status: 'active' | 'done' | 'error' | 'stopped';
  value: StateValue;
  context: TContext;
  historyValue?: unknown;
  children?: Record<string, unknown>;
  output?: unknown;
  error?: unknown;
}

/** Turns a rule-guard table into the `guards` option of `setup()`. */
export function guardsOf<T extends RuleGuardTable>(table: T): { [K in keyof T]: T[K]['check'] } {
  const guards: Record<string, RuleGuard['check']> = {};
  for (const [name, guard] of Object.entries(table)) {
    guards[name] = guard.check;
  }
  return guards as { [K in keyof T]: T[K]['check'] };
}

/** Plain JSON of a snapshot, ready for a jsonb column. */
export function persist<M extends AnyStateMachine>(
  machine: M,
  snapshot: SnapshotFrom<M>,
): PersistedMachineSnapshot<ContextFrom<M>> {
  return JSON.parse(JSON.stringify(machine.getPersistedSnapshot(snapshot)));
}

/**
 * Rebuilds a live snapshot from stored JSON. Throws if the stored state does
 * not exist in the machine (a snapshot written by an incompatible version).
 */
export function restore<M extends AnyStateMachine>(machine: M, persisted: PersistedMachineSnapshot): SnapshotFrom<M> {
  if (persisted === null || typeof persisted !== 'object' || persisted.value === undefined) {
    throw new Error('Ugyldigt snapshot: mangler tilstand');
  }
  return machine.resolveState({
    value: persisted.value,
    context: (persisted.context ?? {}) as ContextFrom<M>,
  }) as SnapshotFrom<M>;
}

/** The stored snapshot of `machine` resting in `value` with `context`. */
export function snapshotFor<M extends AnyStateMachine>(
  machine: M,
  value: StateValue,
  context: ContextFrom<M> = {} as ContextFrom<M>,
): PersistedMachineSnapshot<ContextFrom<M>> {
  return persist(machine, machine.resolveState({ value, context }) as SnapshotFrom<M>);
}

/** The initial stored snapshot of `machine`. */
export function initialSnapshot<M extends AnyStateMachine>(
  machine: M,
): PersistedMachineSnapshot<ContextFrom<M>> {
  const [initial] = initialTransition(machine as AnyStateMachine);
  return persist(machine, initial as SnapshotFrom<M>);
}

type SnapshotLike<M extends AnyStateMachine> = SnapshotFrom<M> | PersistedMachineSnapshot;

function live<M extends AnyStateMachine>(machine: M, snapshot: SnapshotLike<M>): AnyMachineSnapshot {
  return typeof (snapshot as AnyMachineSnapshot).can === 'function'
    ? (snapshot as AnyMachineSnapshot)
    : (restore(machine, snapshot as PersistedMachineSnapshot) as AnyMachineSnapshot);
}

/** The state name of a flat machine's snapshot (nested values are JSON-encoded). */
export function stateOf(snapshot: { value: StateValue }): string {
  return typeof snapshot.value === 'string' ? snapshot.value : JSON.stringify(snapshot.value);
}

interface GuardRef {
  name: string;
  params: unknown;
}

// `and([...])` returns a function whose `check` is shared by every `and`
// guard; comparing with it lets refusalOf look inside without relying on
// function names, which a minifier may change.
const andCheck = (and([]) as unknown as { check: unknown }).check;

/**
 * The named guards a transition depends on, in order. Only `and` composites
 * are opened: with `or`/`not` a failing inner guard does not mean a refusal.
 */
function guardRefs(guard: unknown): GuardRef[] {
  if (guard === undefined) return [];
  if (typeof guard === 'string') return [{ name: guard, params: undefined }];
  if (typeof guard === 'function') {
    const composite = guard as { check?: unknown; guards?: unknown[] };
    if (composite.check === andCheck && Array.isArray(composite.guards)) {
      return composite.guards.flatMap(guardRefs);
    }
    return [];
  }
  if (typeof guard === 'object' && guard !== null && 'type' in guard) {
    const ref = guard as { type: string; params?: unknown };
    return [{ name: ref.type, params: ref.params }];
  }
  return [];
}

/**
 * Why `event` cannot be applied in `snapshot`, or null if it can. A rule
 * refusal names the first rule guard (from `guardTable`) that fails on a
 * transition for the event; guards not in the table only route between
 * targets and never count as a refusal.
 */
export function refusalOf<M extends AnyStateMachine>(
  machine: M,
  snapshot: SnapshotLike<M>,
  event: EventFromLogic<M>,
  guardTable: RuleGuardTable,
): Refusal | null {
  const current = live(machine, snapshot);
  // A machine in a final state accepts nothing, even events its root listens to.
  if (current.status === 'active' && current.can(event)) return null;

  const input = { context: current.context, event };
  const candidates = getNextTransitions(current).filter((t) => t.eventType === event.type);
  for (const candidate of current.status === 'active' ? candidates : []) {
    for (const ref of guardRefs(candidate.guard)) {
      const ruleGuard = guardTable[ref.name];
      if (ruleGuard && !ruleGuard.check(input, ref.params)) {
        const message =
          typeof ruleGuard.message === 'function' ? ruleGuard.message(input, ref.params) : ruleGuard.message;
        return { kind: 'rule', rule: ruleGuard.rule, message };
      }
    }
  }
  return { kind: 'not-accepted', state: stateOf(current), event: event.type };
}

export type Attempt<TContext> =
  | { ok: true; state: string; snapshot: PersistedMachineSnapshot<TContext> }
  | { ok: false; refusal: Refusal };

/**
 * Applies `event` if the machine accepts it: the next stored snapshot and its
 * state, or the refusal. Actions are pure `assign`s only, so nothing is lost
 * by not executing anything.
 */
export function attempt<M extends AnyStateMachine>(
  machine: M,
  snapshot: SnapshotLike<M>,
  event: EventFromLogic<M>,
  guardTable: RuleGuardTable,
): Attempt<ContextFrom<M>> {
  const current = live(machine, snapshot);
  const refusal = refusalOf(machine, current, event, guardTable);
  if (refusal) return { ok: false, refusal };
  const [next] = xstateTransition(machine as AnyStateMachine, current, event);
  return { ok: true, state: stateOf(next as AnyMachineSnapshot), snapshot: persist(machine, next as SnapshotFrom<M>) };
}

/**
 * The state `event` leads to from a stored snapshot or a bare state value
 * (context `{}`), or null if the machine does not take it. Meant for tests and
 * for the set-based updates of context-free machines.
 */
export function stateAfter<M extends AnyStateMachine>(
  machine: M,
  from: SnapshotLike<M> | StateValue,
  event: EventFromLogic<M>,
): string | null {
  const current: AnyMachineSnapshot =
    typeof from === 'string' || !('value' in (from as object))
      ? machine.resolveState({ value: from as StateValue, context: {} })
      : live(machine, from as SnapshotLike<M>);
  if (current.status !== 'active' || !current.can(event)) return null;
  const [next] = xstateTransition(machine as AnyStateMachine, current, event);
  return stateOf(next as AnyMachineSnapshot);
}

/** A Danish text for any refusal, for API error bodies. */
export function refusalMessage(refusal: Refusal): string {
  return refusal.kind === 'rule'
    ? refusal.message
    : notAcceptedMessage(refusal.state, refusal.event);
}

/** True when `value` is non-empty after trimming; rules use it for "recorded as text". */
export function hasText(value: string | undefined | null): value is string {
  return typeof value === 'string' && value.trim().length > 0;
}
