import { OBLIGATION_STATES, type ObligationState } from '../domain';
import { initialSnapshot, refusalOf, restore, stateAfter, type Refusal } from '../machine-support';
import {
  OBLIGATION_SNAPSHOTS,
  obligationGuards,
  obligationMachine,
  obligationSourcesOf,
  obligationTransition,
  type ObligationEvent,
} from './obligation.machine';

const admin = { admin: true };
const leader = { admin: false };

/** Every event variant that matters for the outcome, by a readable name. */
const events = {
  SCHEDULE: { type: 'SCHEDULE', date: '2025-05-01' },
  COMPLETE: { type: 'COMPLETE', heldOn: '2025-05-01' },
  DEADLINE_PASSED: { type: 'DEADLINE_PASSED' },
  'CANCEL by admin with reason': { type: 'CANCEL', actor: admin, reason: 'Enheden er lukket' },
  'CANCEL by admin without reason': { type: 'CANCEL', actor: admin, reason: '   ' },
  'CANCEL by non-admin': { type: 'CANCEL', actor: leader, reason: 'Ferie' },
  'WAIVE by admin with reason': { type: 'WAIVE', actor: admin, reason: 'Fritaget i 2025' },
  'WAIVE by admin without reason': { type: 'WAIVE', actor: admin },
  'WAIVE by non-admin': { type: 'WAIVE', actor: leader, reason: 'Fritaget' },
  'REOPEN by admin, past due': { type: 'REOPEN', actor: admin, reason: 'Fejlregistrering', pastDue: true },
  'REOPEN by admin, not past due': { type: 'REOPEN', actor: admin, reason: 'Fejlregistrering', pastDue: false },
  'REOPEN by admin without reason': { type: 'REOPEN', actor: admin, reason: '', pastDue: false },
  'REOPEN by non-admin': { type: 'REOPEN', actor: leader, reason: 'Fejl', pastDue: false },
} satisfies Record<string, ObligationEvent>;
type EventName = keyof typeof events;

const R71 = 'R71' as const;
const NO = 'not-accepted' as const;
type Outcome = ObligationState | typeof R71 | typeof NO;

const open = (deadline: Outcome, schedule: ObligationState): Record<EventName, Outcome> => ({
  SCHEDULE: schedule,
  COMPLETE: 'completed',
  DEADLINE_PASSED: deadline,
  'CANCEL by admin with reason': 'cancelled',
  'CANCEL by admin without reason': R71,
  'CANCEL by non-admin': R71,
  'WAIVE by admin with reason': 'waived',
  'WAIVE by admin without reason': R71,
  'WAIVE by non-admin': R71,
  'REOPEN by admin, past due': NO,
  'REOPEN by admin, not past due': NO,
  'REOPEN by admin without reason': NO,
  'REOPEN by non-admin': NO,
});

const closed: Record<EventName, Outcome> = {
  SCHEDULE: NO,
  COMPLETE: NO,
  DEADLINE_PASSED: NO,
  'CANCEL by admin with reason': NO,
  'CANCEL by admin without reason': NO,
  'CANCEL by non-admin': NO,
  'WAIVE by admin with reason': NO,
  'WAIVE by admin without reason': NO,
  'WAIVE by non-admin': NO,
  'REOPEN by admin, past due': 'overdue',
  'REOPEN by admin, not past due': 'planned',
  'REOPEN by admin without reason': R71,
  'REOPEN by non-admin': R71,
};

const expected: Record<ObligationState, Record<EventName, Outcome>> = {
  planned: open('overdue', 'scheduled'),
  scheduled: open('overdue', 'scheduled'),
  overdue: open(NO, 'overdue'),
  completed: closed,
  cancelled: closed,
  waived: closed,
};

const cases = OBLIGATION_STATES.flatMap((state) =>
  (Object.keys(events) as EventName[]).map((name) => [state, name, expected[state][name]] as const),
);

describe('obligation machine', () => {
  it('starts planned and knows exactly the states of domain.ts', () => {
    expect(initialSnapshot(obligationMachine).value).toBe('planned');
    expect(Object.keys(obligationMachine.config.states ?? {}).sort()).toEqual([...OBLIGATION_STATES].sort());
  });

  describe.each(cases)('R71: %s + %s', (state, name, outcome) => {
    const event = events[name];

    it(`→ ${outcome}`, () => {
      const result = obligationTransition(state, event);
      if (outcome === R71 || outcome === NO) {
        expect(result.ok).toBe(false);
        const refusal = (result as { refusal: Refusal }).refusal;
        if (outcome === R71) {
          expect(refusal).toEqual({ kind: 'rule', rule: 'R71', message: expect.stringContaining('administrator') });
        } else {
          expect(refusal).toEqual({ kind: 'not-accepted', state, event: event.type });
        }
        expect(stateAfter(obligationMachine, state, event)).toBeNull();
      } else {
        expect(result).toEqual({ ok: true, state: outcome, snapshot: OBLIGATION_SNAPSHOTS[outcome] });
        expect(stateAfter(obligationMachine, state, event)).toBe(outcome);
      }
    });
  });

  it('R71: the refusal message names the action that was refused', () => {
    const refusal = refusalOf(
      obligationMachine,
      OBLIGATION_SNAPSHOTS.completed,
      events['REOPEN by non-admin'],
      obligationGuards,
    );
    expect(refusal).toEqual({
      kind: 'rule',
      rule: 'R71',
      message: 'Kun en administrator kan genåbne en forpligtelse, og kun med en begrundelse',
    });
  });

  it('gives every obligation in a state the same snapshot, equal to what a transition produces', () => {
    for (const state of OBLIGATION_STATES) {
      const stored = JSON.parse(JSON.stringify(OBLIGATION_SNAPSHOTS[state]));
      expect(stored).toEqual(OBLIGATION_SNAPSHOTS[state]);
      expect(restore(obligationMachine, stored).value).toBe(state);
      expect(stored.context).toEqual({});
    }
  });

  it.each([
    ['SCHEDULE', ['planned', 'scheduled', 'overdue']],
    ['COMPLETE', ['planned', 'scheduled', 'overdue']],
    ['DEADLINE_PASSED', ['planned', 'scheduled']],
    ['CANCEL', ['planned', 'scheduled', 'overdue']],
    ['WAIVE', ['planned', 'scheduled', 'overdue']],
    ['REOPEN', ['completed', 'cancelled', 'waived']],
  ] as const)('lists the source states of %s for set-based updates', (eventType, sources) => {
    expect(obligationSourcesOf(eventType)).toEqual(sources);
  });

  it('refuses a snapshot whose state the machine does not know', () => {
    expect(() => restore(obligationMachine, { status: 'active', value: 'lost', context: {} })).toThrow();
  });
});
