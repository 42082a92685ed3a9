import { initialSnapshot } from '../machine-support';
import {
  LEARNING_LOOP_SNAPSHOTS,
  LEARNING_LOOP_STATES,
  currentRound,
  learningLoopMachine,
  learningLoopSnapshotFor,
  learningLoopTransition,
  type LearningLoopEvent,
  type LearningLoopState,
} from './learning-loop.machine';

const NO = 'not-accepted' as const;
type Outcome = LearningLoopState | 'R20' | typeof NO;

const held = (sequence: 1 | 2 | 3 | 4): LearningLoopEvent => ({ type: 'SAMTALE_HELD', sequence });
const reopened = (sequence: 1 | 2 | 3 | 4): LearningLoopEvent => ({ type: 'SAMTALE_REOPENED', sequence });

const cases: [LearningLoopState, string, LearningLoopEvent, Outcome][] = [
  // R20: the four samtaler come one after the other.
  ['runde1', 'SAMTALE_HELD 1', held(1), 'runde2'],
  ['runde1', 'SAMTALE_HELD 2', held(2), 'R20'],
  ['runde2', 'SAMTALE_HELD 2', held(2), 'runde3'],
  ['runde2', 'SAMTALE_HELD 1', held(1), 'R20'],
  ['runde2', 'SAMTALE_HELD 3', held(3), 'R20'],
  ['runde3', 'SAMTALE_HELD 3', held(3), 'runde4'],
  ['runde3', 'SAMTALE_HELD 4', held(4), 'R20'],
  ['runde4', 'SAMTALE_HELD 4', held(4), 'opsamling'],
  ['runde4', 'SAMTALE_HELD 1', held(1), 'R20'],
  ['opsamling', 'SAMTALE_HELD 4', held(4), NO],
  ['afsluttet', 'SAMTALE_HELD 1', held(1), NO],
  ['lukket', 'SAMTALE_HELD 1', held(1), NO],

  // R20: only the latest held samtale can be reopened, so the order survives.
  ['runde1', 'SAMTALE_REOPENED 1', reopened(1), NO],
  ['runde2', 'SAMTALE_REOPENED 1', reopened(1), 'runde1'],
  ['runde3', 'SAMTALE_REOPENED 2', reopened(2), 'runde2'],
  ['runde3', 'SAMTALE_REOPENED 1', reopened(1), 'R20'],
  ['runde4', 'SAMTALE_REOPENED 3', reopened(3), 'runde3'],
  ['opsamling', 'SAMTALE_REOPENED 4', reopened(4), 'runde4'],
  ['opsamling', 'SAMTALE_REOPENED 2', reopened(2), 'R20'],
  ['afsluttet', 'SAMTALE_REOPENED 4', reopened(4), NO],
  ['lukket', 'SAMTALE_REOPENED 4', reopened(4), NO],

  // R30: the loopopsamling follows the four samtaler.
  ['opsamling', 'OPSAMLING_DONE', { type: 'OPSAMLING_DONE' }, 'afsluttet'],
  ...(['runde1', 'runde2', 'runde3', 'runde4', 'afsluttet', 'lukket'] as const).map(
    (state): [LearningLoopState, string, LearningLoopEvent, Outcome] => [
      state,
      'OPSAMLING_DONE',
      { type: 'OPSAMLING_DONE' },
      NO,
    ],
  ),

  // R30: the next report's treatment closes any open loop; a closed loop stays closed.
  ...(['runde1', 'runde2', 'runde3', 'runde4', 'opsamling', 'afsluttet'] as const).map(
    (state): [LearningLoopState, string, LearningLoopEvent, Outcome] => [
      state,
      'NEXT_REPORT_TREATED',
      { type: 'NEXT_REPORT_TREATED' },
      'lukket',
    ],
  ),
  ['lukket', 'NEXT_REPORT_TREATED', { type: 'NEXT_REPORT_TREATED' }, NO],
];

describe('learning loop machine', () => {
  it('starts in runde1 and is closed (done) in lukket', () => {
    expect(initialSnapshot(learningLoopMachine).value).toBe('runde1');
    expect(LEARNING_LOOP_SNAPSHOTS.lukket.status).toBe('done');
    expect(Object.keys(learningLoopMachine.config.states ?? {})).toEqual([...LEARNING_LOOP_STATES]);
  });

  it.each(cases)('R20/R30: %s + %s → %s', (state, _name, event, outcome) => {
    const result = learningLoopTransition(state, event);
    if (outcome === 'R20') {
      expect(result).toEqual({ ok: false, refusal: { kind: 'rule', rule: 'R20', message: expect.any(String) } });
    } else if (outcome === NO) {
      expect(result).toEqual({ ok: false, refusal: { kind: 'not-accepted', state, event: event.type } });
    } else {
      expect(result).toEqual({ ok: true, state: outcome, snapshot: learningLoopSnapshotFor(outcome) });
    }
  });

  it('R20: the refusal names the samtale the loop waits for', () => {
    const result = learningLoopTransition('runde2', held(3));
    expect(result.ok).toBe(false);
    expect(!result.ok && result.refusal).toEqual({
      kind: 'rule',
      rule: 'R20',
      message: 'Læringssamtale 2 er den næste i loopet; samtale 3 kan ikke bekræftes nu',
    });
  });

  it('R20: a full loop runs runde1 → … → afsluttet → lukket', () => {
    const events: LearningLoopEvent[] = [
      held(1),
      held(2),
      held(3),
      held(4),
      { type: 'OPSAMLING_DONE' },
      { type: 'NEXT_REPORT_TREATED' },
    ];
    let state: LearningLoopState = 'runde1';
    const visited: string[] = [state];
    for (const event of events) {
      const result = learningLoopTransition(state, event);
      if (!result.ok) throw new Error(JSON.stringify(result.refusal));
      state = result.state as LearningLoopState;
      visited.push(state);
    }
    expect(visited).toEqual(['runde1', 'runde2', 'runde3', 'runde4', 'opsamling', 'afsluttet', 'lukket']);
  });

  it.each([
    ['runde1', 1],
    ['runde2', 2],
    ['runde3', 3],
    ['runde4', 4],
    ['opsamling', null],
    ['afsluttet', null],
    ['lukket', null],
  ] as const)('R20: the loop in %s waits for samtale %s', (state, round) => {
    expect(currentRound(state)).toBe(round);
  });
});

describe('a framework version with another number of samtaler (R20, R73)', () => {
  const held = (sequence: number): LearningLoopEvent => ({ type: 'SAMTALE_HELD', sequence });

  it('R73: five samtaler make five rounds before the summary', () => {
    expect(learningLoopTransition('runde4', held(4), 5)).toMatchObject({ ok: true, state: 'runde5' });
    expect(learningLoopTransition('runde5', held(5), 5)).toMatchObject({ ok: true, state: 'opsamling' });
    expect(learningLoopTransition('runde4', held(4), 4)).toMatchObject({ ok: true, state: 'opsamling' });
  });

  it('R20: the rounds still come in order, and only the latest held reopens', () => {
    expect(learningLoopTransition('runde5', held(4), 5)).toMatchObject({ ok: false, refusal: { kind: 'rule', rule: 'R20' } });
    expect(learningLoopTransition('opsamling', { type: 'SAMTALE_REOPENED', sequence: 5 }, 5)).toMatchObject({ ok: true, state: 'runde5' });
  });

  it('a state’s persisted snapshot does not depend on the number of rounds', () => {
    expect(learningLoopSnapshotFor('runde3')).toEqual(LEARNING_LOOP_SNAPSHOTS.runde3);
    expect(learningLoopSnapshotFor('runde5')).toMatchObject({ value: 'runde5', status: 'active' });
  });
});
