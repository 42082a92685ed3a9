import { AARHUS_2021 } from '../ramme';
import { auditTotals, auditUnit, fromTrail, wholeYearsInside, type AuditObligation, type RuleCheck, type UnitAuditInput } from './coverage';

const THEMES = ['Fravær', 'Læringsmiljø'];
let nextId = 0;

function ob(partial: Partial<AuditObligation> & Pick<AuditObligation, 'kind' | 'dueOn'>): AuditObligation {
  return {
    id: `o${++nextId}`,
    loopId: 'L1',
    sequence: 1,
    subjectKey: '',
    state: 'planned',
    completedOn: null,
    completion: null,
    reason: null,
    ...partial,
  };
}

const board = { role: 'bestyrelsesrepraesentant', name: 'B' };
const chef = { role: 'chef', name: 'C' };
const leder = { role: 'leder', name: 'L' };

function samtale(sequence: number, dueOn: string, heldOn: string | null, completion: AuditObligation['completion'] = {}): AuditObligation {
  return ob({
    kind: 'laeringssamtale',
    sequence,
    dueOn,
    state: heldOn ? 'completed' : 'planned',
    completedOn: heldOn,
    completion: heldOn ? { participants: [chef, leder, board], ...completion } : null,
  });
}

function input(obligations: AuditObligation[], extra: Partial<UnitAuditInput> = {}): UnitAuditInput {
  return {
    unitType: 'skole',
    windows: [{ from: '2020-01-01', to: '2021-12-31' }],
    loops: [{ id: 'L1', themes: THEMES, ramme: AARHUS_2021 }],
    obligations,
    today: '2022-06-01',
    ...extra,
  };
}

function rule(result: { rules: RuleCheck[] }, id: string): RuleCheck {
  return result.rules.find((r) => r.rule === id)!;
}

const good1 = () =>
  samtale(1, '2020-06-03', '2020-05-12', { focusAreas: [{ title: 'Fravær i udskolingen', theme: 'Fravær' }], childrenPerspective: 'Elevrådet' });

describe('fromTrail (R81): state and confirmation come from the audit trail', () => {
  it('no transition yet: planned', () => {
    expect(fromTrail(null)).toEqual({ state: 'planned', completedOn: null, completion: null, reason: null });
  });

  it('a confirmation: completed on the day it was held, with its content', () => {
    const payload = { heldOn: '2020-05-12', participants: [chef] };
    expect(fromTrail({ event: 'COMPLETE', toState: 'completed', reason: null, payload, atDate: '2020-06-10' })).toEqual({
      state: 'completed',
      completedOn: '2020-05-12',
      completion: payload,
      reason: null,
    });
  });

  it('a published datapakke: completed on its publication date', () => {
    expect(fromTrail({ event: 'COMPLETE', toState: 'completed', reason: null, payload: { published: '2020-03-01' }, atDate: '2020-03-02' }).completedOn).toBe('2020-03-01');
  });

  it('without a date in the payload: the day the transition was recorded', () => {
    expect(fromTrail({ event: 'COMPLETE', toState: 'completed', reason: null, payload: null, atDate: '2020-03-02' }).completedOn).toBe('2020-03-02');
  });

  it('cancelled and waived carry their reason; reopened is open again', () => {
    expect(fromTrail({ event: 'WAIVE', toState: 'waived', reason: ' Data forsinket ', payload: null, atDate: '2020-03-02' })).toMatchObject({ state: 'waived', reason: 'Data forsinket' });
    expect(fromTrail({ event: 'REOPEN', toState: 'overdue', reason: 'Fejl', payload: null, atDate: '2020-03-02' })).toMatchObject({ state: 'overdue', completedOn: null, reason: null });
  });

  it('a state that is not an obligation state is ignored', () => {
    expect(fromTrail({ event: 'SAMTALE_HELD', toState: 'runde2', reason: null, payload: null, atDate: '2020-03-02' }).state).toBe('planned');
  });
});

describe('auditUnit: counts (R80)', () => {
  it('partitions the obligations due in the period: on time, late, overdue, open, cancelled/waived', () => {
    const result = auditUnit(
      input(
        [
          ob({ kind: 'ledelsesopfoelgning', dueOn: '2021-02-28', state: 'completed', completedOn: '2021-02-28' }),
          ob({ kind: 'ledelsesopfoelgning', dueOn: '2021-04-30', state: 'completed', completedOn: '2021-05-02' }),
          ob({ kind: 'ledelsesopfoelgning', dueOn: '2021-06-30', state: 'overdue' }),
          ob({ kind: 'ledelsesopfoelgning', dueOn: '2021-08-31', state: 'scheduled' }), // past due, not yet marked by the scheduler
          ob({ kind: 'ledelsesopfoelgning', dueOn: '2021-10-31', state: 'planned' }),
          ob({ kind: 'ledelsesopfoelgning', dueOn: '2021-12-31', state: 'waived', reason: 'Orlov' }),
          ob({ kind: 'datapakke', dueOn: '2021-08-01', state: 'cancelled', reason: 'enheden er lukket' }),
          ob({ kind: 'ledelsesopfoelgning', dueOn: '2022-02-28', state: 'planned' }), // outside the period
        ],
        { today: '2021-10-01', windows: [{ from: '2021-01-01', to: '2021-12-31' }] },
      ),
    );
    expect(result).toMatchObject({ due: 7, completedOnTime: 1, completedLate: 1, overdue: 2, open: 1, cancelledWaived: 2 });
    expect(result.cancelledWaivedItems.map((c) => [c.state, c.reason])).toEqual([
      ['cancelled', 'enheden er lukket'],
      ['waived', 'Orlov'],
    ]);
  });

  it('a chef’s slice counts only what fell due while they were chef', () => {
    const obligations = [ob({ kind: 'ledelsesopfoelgning', dueOn: '2021-02-28' }), ob({ kind: 'ledelsesopfoelgning', dueOn: '2021-10-31' })];
    const result = auditUnit(input(obligations, { windows: [{ from: '2021-08-01', to: '2021-12-31' }] }));
    expect(result.due).toBe(1);
  });

  it('totals sum the units and count rule outcomes per unit', () => {
    const a = auditUnit(input([good1()]));
    const b = auditUnit(input([samtale(1, '2020-06-03', null)]));
    const totals = auditTotals([a, b]);
    expect(totals).toMatchObject({ units: 2, due: 2, completedOnTime: 1, overdue: 1 });
    expect(totals.rules.find((r) => r.rule === 'R22')).toEqual({ rule: 'R22', passed: 1, failed: 1, notApplicable: 0 });
    expect(totals.rules.find((r) => r.rule === 'R61')).toEqual({ rule: 'R61', passed: 0, failed: 0, notApplicable: 2 });
  });
});

describe('auditUnit: rule checks', () => {
  it('R22/R24/R27: a complete samtale 1 passes', () => {
    const result = auditUnit(input([good1()]));
    for (const id of ['R22', 'R24', 'R27']) expect(rule(result, id)).toMatchObject({ applicable: true, pass: true, checked: 1 });
  });

  it('R22/R24/R27: a samtale 1 past its due date and not confirmed fails each, naming it', () => {
    const s1 = samtale(1, '2020-06-03', null);
    const result = auditUnit(input([s1]));
    for (const id of ['R22', 'R24', 'R27']) {
      expect(rule(result, id).pass).toBe(false);
      expect(rule(result, id).failing).toEqual([expect.objectContaining({ obligationId: s1.id, kind: 'laeringssamtale', sequence: 1 })]);
    }
  });

  it('obligations not yet due cannot fail a rule: not applicable', () => {
    const result = auditUnit(input([samtale(1, '2020-06-03', null)], { today: '2020-06-03' }));
    expect(rule(result, 'R22')).toMatchObject({ applicable: false, pass: true, failing: [] });
  });

  it('R22: a focus area outside the report’s themes, or none, fails', () => {
    const outside = samtale(1, '2020-06-03', '2020-05-12', { focusAreas: [{ title: 'Motorik', theme: 'Bevægelse' }], childrenPerspective: 'x' });
    expect(rule(auditUnit(input([outside])), 'R22').failing[0]!.message).toMatch(/Bevægelse/);
    const none = samtale(1, '2020-06-03', '2020-05-12', { focusAreas: [], childrenPerspective: 'x' });
    expect(rule(auditUnit(input([none])), 'R22').pass).toBe(false);
  });

  it('R24: samtale 1 without the children’s perspective fails', () => {
    const s1 = samtale(1, '2020-06-03', '2020-05-12', { focusAreas: [{ title: 'T', theme: 'Fravær' }], childrenPerspective: '  ' });
    expect(rule(auditUnit(input([s1])), 'R24').pass).toBe(false);
  });

  it('R27: samtale 1 needs a board participant; samtaler 2–4 a participant or a statement', () => {
    const s1 = samtale(1, '2020-06-03', '2020-05-12', { participants: [chef, leder], focusAreas: [{ title: 'T', theme: 'Fravær' }], childrenPerspective: 'x' });
    const s2 = samtale(2, '2020-12-15', '2020-11-10', { participants: [chef, leder], boardStatement: 'Udtalelse' });
    const s3 = samtale(3, '2021-06-30', '2021-04-20', { participants: [chef, leder] });
    const r27 = rule(auditUnit(input([s1, s2, s3])), 'R27');
    expect(r27.checked).toBe(3);
    expect(r27.failing.map((f) => f.obligationId)).toEqual([s1.id, s3.id]);
  });

  it('R28: FU needs a youth representative once a year (samtaler 1–2, 3–4) and an afdelingsleder representative at every samtale', () => {
    const afd = { role: 'afdelingslederrepraesentant', name: 'A' };
    const ung = { role: 'ungerepraesentant', name: 'U' };
    const s3 = samtale(3, '2021-06-30', '2021-04-20', { participants: [chef, leder, afd] });
    const s4 = samtale(4, '2021-12-15', '2021-10-01', { participants: [chef, leder, afd] });
    const without = auditUnit(input([s3, s4], { unitType: 'fu' }));
    // The year of samtaler 3–4 had no youth representative: flagged on samtale 4.
    expect(rule(without, 'R28')).toMatchObject({ applicable: true, pass: false, failing: [expect.objectContaining({ obligationId: s4.id })] });
    const s3young = samtale(3, '2021-06-30', '2021-04-20', { participants: [chef, leder, afd, ung] });
    expect(rule(auditUnit(input([s3young, s4], { unitType: 'fu' })), 'R28').pass).toBe(true);
    // A senate representative counts as a youth representative.
    const s4senat = samtale(4, '2021-12-15', '2021-10-01', { participants: [chef, leder, afd, { role: 'senatsrepraesentant', name: 'S' }] });
    expect(rule(auditUnit(input([s3, s4senat], { unitType: 'fu' })), 'R28').pass).toBe(true);
    // No afdelingsleder representative at samtale 3.
    const s3noAfd = samtale(3, '2021-06-30', '2021-04-20', { participants: [chef, leder, ung] });
    expect(rule(auditUnit(input([s3noAfd, s4], { unitType: 'fu' })), 'R28').failing).toEqual([expect.objectContaining({ obligationId: s3noAfd.id })]);
    expect(rule(auditUnit(input([s3, s4], { unitType: 'skole' })), 'R28').applicable).toBe(false);
  });

  it('R29: the elevinput must be in before samtale 1 was held', () => {
    const s1 = good1();
    const late = ob({ kind: 'elevinput', dueOn: '2020-05-13', state: 'completed', completedOn: '2020-05-20' });
    expect(rule(auditUnit(input([s1, late])), 'R29').failing).toEqual([expect.objectContaining({ obligationId: late.id })]);
    const inTime = ob({ kind: 'elevinput', dueOn: '2020-05-13', state: 'completed', completedOn: '2020-05-12' });
    expect(rule(auditUnit(input([s1, inTime])), 'R29').pass).toBe(true);
    const missing = ob({ kind: 'elevinput', dueOn: '2020-05-13', state: 'overdue' });
    expect(rule(auditUnit(input([s1, missing])), 'R29').pass).toBe(false);
  });

  it('R41: a confirmed samtale’s datapakke must be published or waived; the datapakke is named', () => {
    const s2 = samtale(2, '2020-12-15', '2020-11-10', { boardStatement: 'x' });
    const unpublished = ob({ kind: 'datapakke', sequence: 2, dueOn: '2020-08-01', state: 'overdue' });
    expect(rule(auditUnit(input([s2, unpublished])), 'R41').failing).toEqual([expect.objectContaining({ obligationId: unpublished.id, kind: 'datapakke' })]);
    const waived = ob({ kind: 'datapakke', sequence: 2, dueOn: '2020-08-01', state: 'waived', reason: 'x' });
    expect(rule(auditUnit(input([s2, waived])), 'R41').pass).toBe(true);
  });

  it('R41: the audit compares the dates: a datapakke published after the samtale was held fails', () => {
    const s3 = samtale(3, '2021-06-30', '2021-03-01', { boardStatement: 'x' });
    const publishedLater = ob({ kind: 'datapakke', sequence: 3, dueOn: '2021-02-01', state: 'completed', completedOn: '2022-02-01' });
    expect(rule(auditUnit(input([s3, publishedLater])), 'R41')).toMatchObject({
      pass: false,
      failing: [expect.objectContaining({ obligationId: publishedLater.id, message: expect.stringContaining('2022-02-01') })],
    });
    const sameDay = ob({ kind: 'datapakke', sequence: 3, dueOn: '2021-02-01', state: 'completed', completedOn: '2021-03-01' });
    expect(rule(auditUnit(input([s3, sameDay])), 'R41').pass).toBe(true);
  });

  it('R63: the chef’s review of a received board report is flagged when late or not done', () => {
    const onTime = ob({ kind: 'tilsynsgennemgang', dueOn: '2021-12-27', state: 'completed', completedOn: '2021-12-20' });
    const late = ob({ kind: 'tilsynsgennemgang', dueOn: '2021-12-27', state: 'completed', completedOn: '2022-01-10' });
    const missing = ob({ kind: 'tilsynsgennemgang', dueOn: '2021-12-27', state: 'overdue' });
    const r63 = rule(auditUnit(input([onTime, late, missing])), 'R63');
    expect(r63).toMatchObject({ applicable: true, pass: false, checked: 3 });
    expect(r63.failing.map((f) => f.obligationId)).toEqual([late.id, missing.id]);
  });

  it('R61: each tilsynsafrapportering due in the period must be received', () => {
    const missing = ob({ kind: 'tilsynsafrapportering', subjectKey: '2021', dueOn: '2021-12-01', state: 'overdue' });
    const received = ob({ kind: 'tilsynsafrapportering', subjectKey: '2020', dueOn: '2020-12-01', state: 'completed', completedOn: '2020-11-20' });
    const r61 = rule(auditUnit(input([missing, received])), 'R61');
    expect(r61).toMatchObject({ checked: 2, pass: false });
    expect(r61.failing.map((f) => f.obligationId)).toEqual([missing.id]);
  });
});

describe('R52: ledelsesopfølgninger per year and between samtaler', () => {
  const months = ['02-28', '04-30', '06-30', '08-31', '10-31', '12-31'];
  const year = (y: number, heldCount: number) =>
    months.map((m, i) =>
      ob({
        kind: 'ledelsesopfoelgning',
        sequence: i + 1,
        dueOn: `${y}-${m}`,
        state: i < heldCount ? 'completed' : 'overdue',
        completedOn: i < heldCount ? `${y}-${m}` : null,
      }),
    );

  it('six held in a whole, ended year pass; five fail, naming the one not held', () => {
    const window = { windows: [{ from: '2021-01-01', to: '2021-12-31' }] };
    expect(rule(auditUnit(input(year(2021, 6), window)), 'R52')).toMatchObject({ applicable: true, pass: true, checked: 1 });
    const five = year(2021, 5);
    const r52 = rule(auditUnit(input(five, window)), 'R52');
    expect(r52.pass).toBe(false);
    expect(r52.failing).toEqual([expect.objectContaining({ obligationId: five[5]!.id, kind: 'ledelsesopfoelgning', sequence: 6 })]);
    expect(r52.failing[0]!.message).toMatch(/5 af mindst 6/);
  });

  it('R52: a waived follow-up does not lower the yearly requirement', () => {
    const window = { windows: [{ from: '2021-01-01', to: '2021-12-31' }] };
    const five = year(2021, 5);
    const waived = [...five.slice(0, 5), ob({ ...five[5]!, state: 'waived', reason: 'Ferie' })];
    const r52 = rule(auditUnit(input(waived, window)), 'R52');
    expect(r52.pass).toBe(false);
    expect(r52.failing[0]!.message).toMatch(/5 af mindst 6/);
  });

  it('R53: an extra follow-up counts toward R52, per year and between samtaler', () => {
    const window = { windows: [{ from: '2021-01-01', to: '2021-12-31' }] };
    const extra = ob({ kind: 'ekstra', dueOn: '2021-09-15', state: 'completed', completedOn: '2021-09-15' });
    expect(rule(auditUnit(input([...year(2021, 5), extra], window)), 'R52').pass).toBe(true);
  });

  it('a year not over, or not wholly in the period, is not judged', () => {
    expect(rule(auditUnit(input(year(2021, 3), { today: '2021-12-31', windows: [{ from: '2021-01-01', to: '2021-12-31' }] })), 'R52').applicable).toBe(false);
    expect(rule(auditUnit(input(year(2021, 3), { windows: [{ from: '2021-01-02', to: '2021-12-31' }] })), 'R52').applicable).toBe(false);
  });

  it('a year with fewer follow-ups due (loop started mid-year) asks only for those; the R51 follow-ups do not count', () => {
    const partial = year(2020, 5).slice(1); // the loop started in March: five windows
    const sub = ob({ kind: 'ledelsesopfoelgning', subjectKey: 'person-1', dueOn: '2020-04-30', state: 'overdue' });
    expect(rule(auditUnit(input([...partial.slice(0, 4), ob({ ...partial[4]!, state: 'completed', completedOn: '2020-12-20' }), sub], { windows: [{ from: '2020-01-01', to: '2020-12-31' }] })), 'R52').pass).toBe(true);
  });

  it('between consecutive held samtaler at least three follow-ups, counted by the day they were held', () => {
    const s1 = good1(); // held 2020-05-12
    const s2 = samtale(2, '2020-12-15', '2020-11-10', { boardStatement: 'x' });
    const held = (d: string) => ob({ kind: 'ledelsesopfoelgning', dueOn: d, state: 'completed', completedOn: d });
    const window = { windows: [{ from: '2020-06-04', to: '2020-12-31' }] };
    expect(rule(auditUnit(input([s1, s2, held('2020-06-30'), held('2020-08-31'), held('2020-11-10')], window)), 'R52')).toMatchObject({ pass: true, checked: 1 });
    const r52 = rule(auditUnit(input([s1, s2, held('2020-05-12'), held('2020-08-31'), held('2020-11-11')], window)), 'R52');
    expect(r52.failing).toEqual([expect.objectContaining({ obligationId: s2.id, kind: 'laeringssamtale', sequence: 2 })]);
    expect(r52.failing[0]!.message).toMatch(/^1 ledelsesopfølgninger mellem læringssamtale 1/);
  });
});

describe('wholeYearsInside', () => {
  it('lists only calendar years wholly inside a window', () => {
    expect(wholeYearsInside([{ from: '2020-01-01', to: '2022-06-30' }])).toEqual([2020, 2021]);
    expect(wholeYearsInside([{ from: '2020-01-02', to: '2020-12-31' }])).toEqual([]);
    expect(wholeYearsInside([{ from: '2019-03-01', to: '2020-12-31' }, { from: '2023-01-01', to: '2023-12-31' }])).toEqual([2020, 2023]);
  });
});
