import { and, or, setup } from 'xstate';
import {
  attempt,
  guardsOf,
  initialSnapshot,
  persist,
  refusalMessage,
  refusalOf,
  restore,
  snapshotFor,
  stateAfter,
  type RuleGuard,
} from './machine-support';

/** A door with a lock: small enough to see every path of the helpers. */
type DoorEvent = { type: 'OPEN'; key: boolean; force?: boolean } | { type: 'CLOSE' } | { type: 'REMOVE' };
type DoorContext = { opened: number };

const doorGuards = {
  hasKey: { rule: 'R1', message: 'Døren kræver en nøgle', check: ({ event }) => event.type === 'OPEN' && event.key },
  notTooOften: {
    rule: 'R2',
    message: ({ context }) => `Døren er allerede åbnet ${context.opened} gange`,
    check: ({ context }) => context.opened < 2,
  },
  neverTrue: { rule: 'R3', message: 'Aldrig', check: () => false },
} satisfies Record<string, RuleGuard<DoorContext, DoorEvent>>;

const doorMachine = setup({
  types: { context: {} as DoorContext, events: {} as DoorEvent },
  guards: { ...guardsOf(doorGuards), forced: ({ event }) => event.type === 'OPEN' && event.force === true },
}).createMachine({
  id: 'door',
  initial: 'closed',
  context: { opened: 0 },
  states: {
    closed: {
      on: {
        OPEN: [
          { guard: and(['hasKey', 'notTooOften']), target: 'open' },
          // `or` is not opened: a failing `neverTrue` inside it is no refusal.
          { guard: or(['neverTrue', 'forced']), target: 'broken' },
        ],
        REMOVE: { target: 'gone' },
      },
    },
    open: { on: { CLOSE: { target: 'closed' } } },
    broken: {},
    gone: { type: 'final' },
  },
});

// No action counts openings; the tests set the context by hand.
const closedAfter = (opened: number) => snapshotFor(doorMachine, 'closed', { opened });

describe('machine-support', () => {
  it.each([
    ['passes', closedAfter(0), { type: 'OPEN', key: true }, null],
    [
      'names the first failing rule guard inside `and`',
      closedAfter(0),
      { type: 'OPEN', key: false },
      { kind: 'rule', rule: 'R1', message: 'Døren kræver en nøgle' },
    ],
    [
      'builds the message from the context',
      closedAfter(2),
      { type: 'OPEN', key: true },
      { kind: 'rule', rule: 'R2', message: 'Døren er allerede åbnet 2 gange' },
    ],
    ['lets a routing guard find another target', closedAfter(2), { type: 'OPEN', key: true, force: true }, null],
    [
      'reports an event the state has no transition for',
      closedAfter(0),
      { type: 'CLOSE' },
      { kind: 'not-accepted', state: 'closed', event: 'CLOSE' },
    ],
    [
      'accepts nothing in a final state',
      snapshotFor(doorMachine, 'gone', { opened: 0 }),
      { type: 'REMOVE' },
      { kind: 'not-accepted', state: 'gone', event: 'REMOVE' },
    ],
  ] as const)('refusalOf %s', (_title, snapshot, event, expected) => {
    expect(refusalOf(doorMachine, snapshot, event as DoorEvent, doorGuards)).toEqual(expected);
  });

  it('attempt returns the next stored snapshot or the refusal', () => {
    expect(attempt(doorMachine, closedAfter(0), { type: 'OPEN', key: true }, doorGuards)).toEqual({
      ok: true,
      state: 'open',
      snapshot: snapshotFor(doorMachine, 'open', { opened: 0 }),
    });
    expect(attempt(doorMachine, closedAfter(0), { type: 'OPEN', key: false }, doorGuards)).toEqual({
      ok: false,
      refusal: { kind: 'rule', rule: 'R1', message: 'Døren kræver en nøgle' },
    });
  });

  it('stateAfter accepts a bare state value, a stored or a live snapshot', () => {
    expect(stateAfter(doorMachine, 'open', { type: 'CLOSE' })).toBe('closed');
    expect(stateAfter(doorMachine, closedAfter(0), { type: 'OPEN', key: false, force: true })).toBe('broken');
    expect(stateAfter(doorMachine, restore(doorMachine, closedAfter(0)), { type: 'CLOSE' })).toBeNull();
  });

  it('persists plain JSON and restores it', () => {
    const stored = initialSnapshot(doorMachine);
    expect(stored).toEqual(JSON.parse(JSON.stringify(stored)));
    expect(stored).toMatchObject({ status: 'active', value: 'closed', context: { opened: 0 } });
    const live = restore(doorMachine, stored);
    expect(persist(doorMachine, live)).toEqual(stored);
  });

  it('refusalMessage gives a Danish text for both kinds', () => {
    expect(refusalMessage({ kind: 'rule', rule: 'R1', message: 'Døren kræver en nøgle' })).toBe('Døren kræver en nøgle');
    // Issue 11, kind 6: the domain's words, never the machine's identifiers.
    expect(refusalMessage({ kind: 'not-accepted', state: 'completed', event: 'COMPLETE' })).toBe(
      'Det er ikke muligt at bekræfte forpligtelsen som gennemført, når forpligtelsen er gennemført',
    );
    expect(refusalMessage({ kind: 'not-accepted', state: 'open', event: 'OPEN' })).toBe('Det er ikke muligt at udføre handlingen i den nuværende tilstand');
  });
});
