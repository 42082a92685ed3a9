import { OBLIGATION_KINDS, OBLIGATION_STATES } from '../../../workflows/domain';
import { DayOffsets, unitInput, type CoverageUnitSqlRow } from './coverage.sql';

const kind = (k: string) => OBLIGATION_KINDS.indexOf(k as never) + 1;
const state = (s: string) => OBLIGATION_STATES.indexOf(s as never) + 1;

function row(obligations: CoverageUnitSqlRow['obligations']): CoverageUnitSqlRow {
  return {
    id: 'u1',
    code: 'SK-1',
    name: 'Skolen',
    type: 'skole',
    governance: 'kommunal',
    district: null,
    chef_id: null,
    chef_name: null,
    windows: [['2020-01-01', '2021-12-31']],
    loops: [['loop-1', 'aarhus-2021', ['Fravær']]],
    obligations,
  };
}

/** The compact rows of coverage.sql.ts, decoded for the pure judge (workflows/audit/coverage.ts). */
describe('the coverage audit’s compact obligation rows (R80, R81)', () => {
  it('R81: state, completion and reason come from the latest trail transition the row carries; no transition is planned', () => {
    const { obligations } = unitInput(
      row([
        [kind('laeringssamtale'), 1, '', 130, state('completed'), 'o-1', 1, null, null, 'COMPLETE', { heldOn: '2020-05-12' }, 133],
        [kind('ledelsesopfoelgning'), 2, '*', 40, 0],
        [kind('ledelsesopfoelgning'), 3, '*', 50, state('cancelled'), 'o-3', null, null, ' Orlov ', null, null, null],
        [kind('datapakke'), 1, '', 84, state('completed'), 'o-4', 1, 'overdue', null, 'PUBLISH', null, 85],
      ]),
      new DayOffsets('2020-01-01'),
    );
    expect(obligations).toEqual([
      expect.objectContaining({ id: '', kind: 'ledelsesopfoelgning', sequence: 2, subjectKey: '*', dueOn: '2020-02-10', state: 'planned', storedState: 'planned', loopId: '' }),
      expect.objectContaining({ id: 'o-3', dueOn: '2020-02-20', state: 'cancelled', reason: 'Orlov', storedState: 'cancelled' }),
      // Completed on the day the transition was recorded (no heldOn); the stored state disagrees with the trail.
      expect.objectContaining({ id: 'o-4', kind: 'datapakke', dueOn: '2020-03-25', state: 'completed', completedOn: '2020-03-26', storedState: 'overdue', loopId: 'loop-1' }),
      expect.objectContaining({ id: 'o-1', dueOn: '2020-05-10', state: 'completed', completedOn: '2020-05-12', completion: { heldOn: '2020-05-12' } }),
    ]);
  });

  it('R80: obligations are judged in the order due date, kind, sequence, id, whatever order the database sent them in', () => {
    const { obligations } = unitInput(
      row([
        [kind('laeringssamtale'), 2, '', 10, 0, 'b', 1, null, null, null, null, null],
        [kind('datapakke'), 2, '', 10, 0, 'z', 1, null, null, null, null, null],
        [kind('laeringssamtale'), 1, '', 10, 0, 'c', 1, null, null, null, null, null],
        [kind('laeringssamtale'), 2, '', 10, 0, 'a', 1, null, null, null, null, null],
        [kind('elevinput'), 1, '', -5, 0, 'e', 1, null, null, null, null, null],
      ]),
      new DayOffsets('2020-01-01'),
    );
    expect(obligations.map((o) => [o.dueOn, o.kind, o.sequence, o.id])).toEqual([
      ['2019-12-27', 'elevinput', 1, 'e'],
      ['2020-01-11', 'datapakke', 2, 'z'],
      ['2020-01-11', 'laeringssamtale', 1, 'c'],
      ['2020-01-11', 'laeringssamtale', 2, 'a'],
      ['2020-01-11', 'laeringssamtale', 2, 'b'],
    ]);
  });
});
