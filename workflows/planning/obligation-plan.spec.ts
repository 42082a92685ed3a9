import type { ObligationKind } from '../domain';
import { AARHUS_2021, deriveRamme, rammeInForce, type RammeVersion } from '../ramme';
import {
  datapakkeWindows,
  obligationKey,
  planLoopObligations,
  planOpfoelgningsmoede,
  samtaleWindows,
  type LoopPlanInput,
  type PlannedObligation,
} from './obligation-plan';

const of = (plan: PlannedObligation[], kind: ObligationKind, subjectKey = '') =>
  plan.filter((o) => o.kind === kind && o.subjectKey === subjectKey).sort((a, b) => a.sequence - b.sequence);

const dates = (os: { opensOn: string; dueOn: string }[]) => os.map((o) => [o.opensOn, o.dueOn]);

const plan = (input: Partial<LoopPlanInput>) =>
  planLoopObligations({
    ramme: AARHUS_2021,
    loopStart: '2020-03-25',
    unitType: 'skole',
    governance: 'kommunal',
    subLeaderIds: [],
    ...input,
  });

/** A hypothetical revision after the 2024 evaluation (R73): eight follow-ups a year. */
const EVALUERING_2024: RammeVersion = deriveRamme(AARHUS_2021, {
  id: 'evaluering-2024',
  effectiveFrom: '2024-08-01',
  description: 'Hypothetical revision after the 2024 evaluation',
  ledelsesopfoelgning: {
    recurrence: 'DTSTART:20240101T000000Z\nRRULE:FREQ=YEARLY;BYMONTH=1,3,4,6,7,9,10,12;BYMONTHDAY=1',
    responsibleRole: 'chef',
  },
  ledelsesopfoelgningPerYear: 8,
});

describe('planLoopObligations', () => {
  describe('the source scenario: the 6–18 report treated 2020-03-25, a kommunal skole', () => {
    const p = plan({});

    it('R20/R21: four samtaler in spring 2020, autumn 2020, spring 2021 and autumn 2021', () => {
      expect(dates(of(p, 'laeringssamtale'))).toEqual([
        ['2020-03-25', '2020-06-03'],
        ['2020-08-01', '2020-12-15'],
        ['2021-02-01', '2021-06-30'],
        ['2021-08-01', '2021-12-15'],
      ]);
      expect(of(p, 'laeringssamtale').map((o) => o.sequence)).toEqual([1, 2, 3, 4]);
    });

    it('R21: samtale 1 lies within 10 weeks of the byråd treatment', () => {
      const [s1] = of(p, 'laeringssamtale');
      expect(s1.opensOn).toBe('2020-03-25');
      expect(s1.dueOn <= '2020-06-03').toBe(true);
    });

    it('R60: the chef convenes a kommunal unit\'s samtaler', () => {
      expect(of(p, 'laeringssamtale').every((o) => o.responsibleRole === 'chef')).toBe(true);
    });

    it('R40/R41: a datapakke, owned by admin, due on or before each samtale window opens', () => {
      const samtaler = of(p, 'laeringssamtale');
      const pakker = of(p, 'datapakke');
      expect(pakker).toHaveLength(4);
      pakker.forEach((d, i) => {
        expect(d.sequence).toBe(i + 1);
        expect(d.responsibleRole).toBe('admin');
        expect(d.dueOn <= samtaler[i].opensOn).toBe(true);
      });
      expect(dates(pakker)).toEqual([
        ['2020-02-26', '2020-03-25'],
        ['2020-07-04', '2020-08-01'],
        ['2021-01-04', '2021-02-01'],
        ['2021-07-04', '2021-08-01'],
      ]);
    });

    it('R50: twelve 1:1 follow-ups over the loop, six of them due in calendar 2021', () => {
      const followUps = of(p, 'ledelsesopfoelgning');
      expect(followUps).toHaveLength(12);
      expect(followUps.map((o) => o.sequence)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
      expect(followUps.filter((o) => o.dueOn.startsWith('2021-'))).toHaveLength(6);
      expect(followUps.every((o) => o.responsibleRole === 'chef')).toBe(true);
      // The window running on the byråd date belongs to the loop from that date.
      expect(dates(followUps.slice(0, 2))).toEqual([
        ['2020-03-25', '2020-04-30'],
        ['2020-05-01', '2020-06-30'],
      ]);
      expect(dates(followUps.slice(-1))).toEqual([['2022-01-01', '2022-02-28']]);
    });

    it('R29: elevinput for a skole, due before samtale 1\'s window ends', () => {
      expect(dates(of(p, 'elevinput'))).toEqual([['2020-03-25', '2020-05-13']]);
      expect(of(p, 'elevinput')[0]).toMatchObject({ sequence: 1, responsibleRole: 'leader' });
      expect(of(p, 'elevinput')[0].dueOn < of(p, 'laeringssamtale')[0].dueOn).toBe(true);
    });

    it('R27: the board\'s input to samtaler 2–4, within their windows', () => {
      const inputs = of(p, 'bestyrelsesinput');
      expect(inputs.map((o) => o.sequence)).toEqual([2, 3, 4]);
      expect(inputs.every((o) => o.responsibleRole === 'board')).toBe(true);
      expect(dates(inputs)).toEqual(dates(of(p, 'laeringssamtale').slice(1)));
    });

    it('R30/R33: the loopopsamling is due 1 October of the year before the expected treatment on 2022-03-25', () => {
      expect(of(p, 'loopopsamling')).toEqual([
        { kind: 'loopopsamling', sequence: 1, subjectKey: '', opensOn: '2021-07-09', dueOn: '2021-10-01', responsibleRole: 'leader' },
      ]);
    });

    it('R61: no tilsynsafrapportering for a kommunal unit', () => {
      expect(p.filter((o) => o.kind === 'tilsynsafrapportering')).toEqual([]);
    });

    it('plans nothing else, orders by due date and never opens after it is due', () => {
      expect(p).toHaveLength(4 + 4 + 12 + 1 + 3 + 1);
      expect(p.map((o) => o.dueOn)).toEqual([...p.map((o) => o.dueOn)].sort());
      expect(p.every((o) => o.opensOn <= o.dueOn)).toBe(true);
    });
  });

  describe('a selvejende dagtilbud under the 0–6 report treated 2021-03-24', () => {
    const p = plan({ loopStart: '2021-03-24', unitType: 'dagtilbud', governance: 'selvejende' });

    it('R60: the board holds the samtaler', () => {
      expect(of(p, 'laeringssamtale')).toHaveLength(4);
      expect(of(p, 'laeringssamtale').every((o) => o.responsibleRole === 'board')).toBe(true);
    });

    it('R61: a yearly tilsynsafrapportering due 1 December 2021 and 2022, keyed by year', () => {
      expect(of(p, 'tilsynsafrapportering', '2021')).toEqual([
        { kind: 'tilsynsafrapportering', sequence: 1, subjectKey: '2021', opensOn: '2021-09-01', dueOn: '2021-12-01', responsibleRole: 'board' },
      ]);
      expect(of(p, 'tilsynsafrapportering', '2022')).toEqual([
        { kind: 'tilsynsafrapportering', sequence: 2, subjectKey: '2022', opensOn: '2022-09-01', dueOn: '2022-12-01', responsibleRole: 'board' },
      ]);
      expect(p.filter((o) => o.kind === 'tilsynsafrapportering')).toHaveLength(2);
    });

    it('R29: no elevinput for a dagtilbud', () => {
      expect(p.filter((o) => o.kind === 'elevinput')).toEqual([]);
    });

    it('R50: the chef still follows up with the leader, twelve times', () => {
      expect(of(p, 'ledelsesopfoelgning')).toHaveLength(12);
    });

    it('R61: a kommunal dagtilbud reports no tilsyn', () => {
      expect(plan({ loopStart: '2021-03-24', unitType: 'dagtilbud' }).filter((o) => o.kind === 'tilsynsafrapportering')).toEqual([]);
    });
  });

  describe('R51: follow-ups with next-layer leaders', () => {
    const p = plan({ loopStart: '2021-03-24', unitType: 'dagtilbud', subLeaderIds: ['person-7', 'person-9'] });

    it('a dagtilbud with two subLeaders gets 2 × 12 extra follow-ups, the leader answering', () => {
      expect(p.filter((o) => o.kind === 'ledelsesopfoelgning')).toHaveLength(36);
      for (const id of ['person-7', 'person-9']) {
        const own = of(p, 'ledelsesopfoelgning', id);
        expect(own).toHaveLength(12);
        expect(own.map((o) => o.sequence)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
        expect(own.every((o) => o.responsibleRole === 'leader')).toBe(true);
        expect(dates(own)).toEqual(dates(of(p, 'ledelsesopfoelgning')));
      }
    });

    it('a subLeader listed twice is planned once', () => {
      expect(plan({ subLeaderIds: ['person-7', 'person-7'] }).filter((o) => o.subjectKey === 'person-7')).toHaveLength(12);
    });

    it('an empty id is refused: it would collide with the chef\'s own follow-ups', () => {
      expect(() => plan({ subLeaderIds: [''] })).toThrow(/R51/);
    });
  });

  describe('R70: identity', () => {
    it.each<Partial<LoopPlanInput>>([
      {},
      { unitType: 'fu' },
      { loopStart: '2021-03-24', unitType: 'dagtilbud', governance: 'selvejende', subLeaderIds: ['a', 'b', 'c'] },
    ])('(kind, sequence, subjectKey) is unique within a plan: %j', (input) => {
      const p = plan(input);
      expect(new Set(p.map(obligationKey)).size).toBe(p.length);
    });

    it('the same input always gives the same plan', () => {
      const input = { loopStart: '2021-03-24', unitType: 'dagtilbud', governance: 'selvejende', subLeaderIds: ['b', 'a'] } as const;
      expect(plan({ ...input, subLeaderIds: [...input.subLeaderIds] })).toEqual(plan({ ...input, subLeaderIds: [...input.subLeaderIds] }));
    });
  });

  describe('FU', () => {
    it('R29: an FU area gets elevinput (from the senate)', () => {
      expect(of(plan({ unitType: 'fu' }), 'elevinput')).toHaveLength(1);
    });
  });

  describe('input rules', () => {
    it('R1: refuses a selvejende skole', () => {
      expect(() => plan({ governance: 'selvejende' })).toThrow(/R1/);
    });

    it('refuses a malformed loop start', () => {
      expect(() => plan({ loopStart: '2020-02-30' })).toThrow(RangeError);
    });

    it('R30/R33: a scheduled next treatment replaces the expected one', () => {
      const p = plan({ nextTreatment: '2022-03-02' });
      expect(of(p, 'loopopsamling')[0].dueOn).toBe('2021-10-01');
      // A treatment planned a year later moves the summary to the autumn before it.
      expect(of(plan({ nextTreatment: '2023-03-02' }), 'loopopsamling')[0].dueOn).toBe('2022-10-01');
      expect(of(p, 'ledelsesopfoelgning')).toHaveLength(12);
      expect(of(plan({ nextTreatment: '2022-02-15' }), 'ledelsesopfoelgning')).toHaveLength(11);
      expect(() => plan({ nextTreatment: '2020-03-25' })).toThrow(RangeError);
    });
  });

  describe('R73: the version decides', () => {
    const versions = [AARHUS_2021, EVALUERING_2024];

    it('a loop starting after a new version takes effect follows its counts', () => {
      const loopStart = '2026-03-25';
      const ramme = rammeInForce(loopStart, versions);
      expect(ramme.id).toBe('evaluering-2024');
      const followUps = of(plan({ ramme, loopStart }), 'ledelsesopfoelgning');
      expect(followUps.filter((o) => o.dueOn.startsWith('2027-'))).toHaveLength(8);
      expect(followUps).toHaveLength(16);
    });

    it('a loop that started before it keeps the old counts', () => {
      const loopStart = '2024-03-20';
      const ramme = rammeInForce(loopStart, versions);
      expect(ramme.id).toBe('aarhus-2021');
      const followUps = of(plan({ ramme, loopStart }), 'ledelsesopfoelgning');
      expect(followUps).toHaveLength(12);
      expect(followUps.filter((o) => o.dueOn.startsWith('2025-'))).toHaveLength(6);
    });

    it('windows, lead days and offsets all come from the version', () => {
      const ramme = deriveRamme(AARHUS_2021, {
        id: 'other-windows',
        effectiveFrom: '2030-01-01',
        description: 'x',
        samtale1WindowWeeks: 6,
        halfYearWindows: { spring: { from: '03-01', to: '05-31' }, autumn: { from: '09-01', to: '11-30' } },
        datapakkeLeadDays: 14,
        elevinput: { unitTypes: ['skole'], dueDaysBeforeSamtale1WindowEnd: 7, responsibleRole: 'leader' },
        loopopsamling: { dueMonthDay: '11-15', yearsBeforeTreatment: 1, opensWeeksBeforeDue: 4, responsibleRole: 'leader' },
      });
      const p = plan({ ramme, loopStart: '2030-03-20' });
      expect(dates(of(p, 'laeringssamtale'))).toEqual([
        ['2030-03-20', '2030-05-01'],
        ['2030-09-01', '2030-11-30'],
        ['2031-03-01', '2031-05-31'],
        ['2031-09-01', '2031-11-30'],
      ]);
      expect(dates(of(p, 'datapakke')).map(([opens]) => opens)).toEqual(['2030-03-06', '2030-08-18', '2031-02-15', '2031-08-18']);
      expect(of(p, 'elevinput')[0].dueOn).toBe('2030-04-24');
      expect(dates(of(p, 'loopopsamling'))).toEqual([['2031-10-18', '2031-11-15']]);
    });

    it('R20: a version with six samtaler plans six rounds, with board input from the configured round', () => {
      const ramme = deriveRamme(AARHUS_2021, {
        id: 'six-rounds',
        effectiveFrom: '2030-01-01',
        description: 'x',
        loopYears: 3,
        samtaleCount: 6,
        bestyrelsesinput: { fromSamtale: 3, responsibleRole: 'board' },
      });
      const p = plan({ ramme, loopStart: '2030-03-20' });
      expect(of(p, 'laeringssamtale').map((o) => o.opensOn)).toEqual([
        '2030-03-20',
        '2030-08-01',
        '2031-02-01',
        '2031-08-01',
        '2032-02-01',
        '2032-08-01',
      ]);
      expect(of(p, 'datapakke')).toHaveLength(6);
      expect(of(p, 'bestyrelsesinput').map((o) => o.sequence)).toEqual([3, 4, 5, 6]);
      expect(of(p, 'ledelsesopfoelgning')).toHaveLength(18);
    });
  });
});

describe('samtaleWindows', () => {
  it('R21: a byråd date late in a half-year lets samtale 1 stand for it; the rounds never overlap', () => {
    expect(samtaleWindows(AARHUS_2021, '2020-06-20')).toEqual([
      { sequence: 1, opensOn: '2020-06-20', dueOn: '2020-08-29' },
      { sequence: 2, opensOn: '2021-02-01', dueOn: '2021-06-30' },
      { sequence: 3, opensOn: '2021-08-01', dueOn: '2021-12-15' },
      { sequence: 4, opensOn: '2022-02-01', dueOn: '2022-06-30' },
    ]);
  });

  it("R21: samtale 2 takes the first half-year window that opens after samtale 1's window closes", () => {
    expect(samtaleWindows(AARHUS_2021, '2020-12-20').map((w) => w.opensOn)).toEqual(['2020-12-20', '2021-08-01', '2022-02-01', '2022-08-01']);
    expect(samtaleWindows(AARHUS_2021, '2020-11-01').map((w) => w.opensOn)).toEqual(['2020-11-01', '2021-02-01', '2021-08-01', '2022-02-01']);
  });
});

describe('datapakkeWindows', () => {
  it('R41: datapakke 1 opens four weeks before, and is due on, the byråd date', () => {
    expect(datapakkeWindows(AARHUS_2021, '2021-03-24')[0]).toEqual({ sequence: 1, opensOn: '2021-02-24', dueOn: '2021-03-24' });
  });
});

describe('planOpfoelgningsmoede', () => {
  it('R62: the chef\'s follow-up meeting is due 6 weeks after the decision', () => {
    expect(planOpfoelgningsmoede(AARHUS_2021, '2022-01-10', '2021')).toEqual({
      kind: 'opfoelgningsmoede',
      sequence: 1,
      subjectKey: '2021',
      opensOn: '2022-01-10',
      dueOn: '2022-02-21',
      responsibleRole: 'chef',
    });
  });
});

describe('settings per framework version (R51, R64)', () => {
  it('R64: by default a selvejende dagtilbud gets 1:1 follow-ups but no bestyrelsesinput; the version can change both', () => {
    const selvejende = plan({ unitType: 'dagtilbud', governance: 'selvejende' });
    expect(of(selvejende, 'bestyrelsesinput')).toEqual([]);
    expect(of(selvejende, 'ledelsesopfoelgning')).toHaveLength(12);
    expect(of(plan({ unitType: 'dagtilbud', governance: 'kommunal' }), 'bestyrelsesinput')).toHaveLength(3);
    const other = deriveRamme(AARHUS_2021, { id: 'r64-test', effectiveFrom: '2030-01-01', description: 'x', selvejende: { ledelsesopfoelgning: false, bestyrelsesinput: true } });
    const changed = plan({ ramme: other, loopStart: '2030-03-20', unitType: 'dagtilbud', governance: 'selvejende' });
    expect(of(changed, 'bestyrelsesinput')).toHaveLength(3);
    expect(of(changed, 'ledelsesopfoelgning')).toEqual([]);
  });

  it('R51: the next-layer cadence can differ per unit type, or be none', () => {
    const quarterly = { recurrence: 'DTSTART:20200101T000000Z\nRRULE:FREQ=MONTHLY;INTERVAL=3;BYMONTHDAY=1', responsibleRole: 'leader' as const };
    const other = deriveRamme(AARHUS_2021, { id: 'r51-test', effectiveFrom: '2030-01-01', description: 'x', subLeaderOpfoelgningPerUnitType: { dagtilbud: quarterly, fu: null } });
    const at = (unitType: 'dagtilbud' | 'skole' | 'fu') => of(plan({ ramme: other, loopStart: '2030-03-20', unitType, subLeaderIds: ['p1'] }), 'ledelsesopfoelgning', 'p1');
    expect(at('dagtilbud')).toHaveLength(8);
    expect(at('skole')).toHaveLength(12);
    expect(at('fu')).toEqual([]);
  });
});
