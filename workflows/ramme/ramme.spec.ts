import {
  AARHUS_2021,
  RAMME_VERSIONS,
  assertRammeVersions,
  deriveRamme,
  expectedTreatmentDate,
  provisionalTreatmentDate,
  rammeById,
  rammeInForce,
  validateRamme,
  type RammeVersion,
} from './index';

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

describe('ramme', () => {
  describe('the registered versions', () => {
    it('are valid, distinct and sorted by effective date', () => {
      expect(() => assertRammeVersions(RAMME_VERSIONS)).not.toThrow();
      for (const v of RAMME_VERSIONS) expect(validateRamme(v)).toEqual([]);
      const dates = RAMME_VERSIONS.map((v) => v.effectiveFrom);
      expect([...dates].sort()).toEqual(dates);
    });

    it('R10/R73: aarhus-2021 governs the first loop, started by the 6–18 report of 2020-03-25', () => {
      expect(RAMME_VERSIONS[0]).toBe(AARHUS_2021);
      expect(rammeInForce('2020-03-25').id).toBe('aarhus-2021');
      expect(rammeInForce('2021-03-24').id).toBe('aarhus-2021');
    });

    it('are deeply frozen, so no caller can rewrite a running loop\'s rules', () => {
      expect(Object.isFrozen(RAMME_VERSIONS)).toBe(true);
      expect(Object.isFrozen(AARHUS_2021)).toBe(true);
      expect(Object.isFrozen(AARHUS_2021.halfYearWindows.spring)).toBe(true);
      expect(Object.isFrozen(AARHUS_2021.leaderParticipantRoles.fu)).toBe(true);
    });
  });

  describe('aarhus-2021 holds the defaults of the rulebook as data', () => {
    const r = AARHUS_2021;

    it('R20/R21: four samtaler, samtale 1 within 10 weeks, spring Feb 1–Jun 30, autumn Aug 1–Dec 15', () => {
      expect(r.samtaleCount).toBe(4);
      expect(r.samtale1WindowWeeks).toBe(10);
      expect(r.halfYearWindows).toEqual({ spring: { from: '02-01', to: '06-30' }, autumn: { from: '08-01', to: '12-15' } });
    });

    it('R50/R51/R52: six two-month windows a year, three between samtaler, the same rule for next-layer leaders', () => {
      expect(r.ledelsesopfoelgning.recurrence).toMatch(/FREQ=MONTHLY;INTERVAL=2;BYMONTHDAY=1/);
      expect(r.ledelsesopfoelgningPerYear).toBe(6);
      expect(r.ledelsesopfoelgningBetweenSamtaler).toBe(3);
      expect(r.subLeaderOpfoelgning.recurrence).toBe(r.ledelsesopfoelgning.recurrence);
      expect(r.subLeaderOpfoelgning.responsibleRole).toBe('leader');
    });

    it('R26: leader roles per unit type', () => {
      expect(r.leaderParticipantRoles).toEqual({
        dagtilbud: ['leder', 'paedagogisk_leder'],
        skole: ['leder', 'paedagogisk_leder'],
        fu: ['leder', 'viceleder', 'fritidscenterleder', 'ungdomsskolekoordinator'],
      });
    });

    it('R27/R28/R29: board at samtale 1 and input to 2–4, one senate participation, elevinput for skole and FU', () => {
      expect(r.boardParticipationRequiredAtSamtaler).toEqual([1]);
      expect(r.bestyrelsesinput.fromSamtale).toBe(2);
      expect(r.fuYouthParticipationEverySamtaler).toBe(2);
      expect(r.fuAfdelingslederAtEverySamtale).toBe(true);
      expect(r.elevinput.unitTypes).toEqual(['skole', 'fu']);
    });

    it('R60: the chef convenes for kommunal units, the board for selvejende', () => {
      expect(r.convener).toEqual({ kommunal: 'chef', selvejende: 'board' });
    });

    it('R61/R62: a yearly tilsynsafrapportering due 1 December for selvejende dagtilbud; a follow-up meeting within 6 weeks', () => {
      expect(r.tilsynsafrapportering.recurrence).toMatch(/FREQ=YEARLY;BYMONTH=12;BYMONTHDAY=1/);
      expect(r.tilsynsafrapportering.opensOnMonthDay).toBe('09-01');
      expect(r.tilsynsafrapportering.unitTypes).toEqual(['dagtilbud']);
      expect(r.tilsynsafrapportering.governances).toEqual(['selvejende']);
      expect(r.opfoelgningsmoede.dueDaysAfterDecision).toBe(42);
    });

    it('reminds 14 and 1 days before the due date and when overdue', () => {
      expect(r.reminders).toEqual({ daysBeforeDue: [14, 1], whenOverdue: true });
    });
  });

  describe('R73: rammeInForce', () => {
    const versions = [EVALUERING_2024, AARHUS_2021]; // unsorted on purpose

    it('a version takes effect on its effective date, not before', () => {
      expect(rammeInForce('2024-07-31', versions).id).toBe('aarhus-2021');
      expect(rammeInForce('2024-08-01', versions).id).toBe('evaluering-2024');
      expect(rammeInForce('2026-03-25', versions).id).toBe('evaluering-2024');
    });

    it('a loop started before the new version keeps the old one', () => {
      const loopStart = '2024-03-20';
      const kept = rammeInForce(loopStart, versions);
      // Later dates of the same loop do not matter: the loop stores kept.id.
      expect(kept.id).toBe('aarhus-2021');
      expect(rammeById(kept.id, versions).ledelsesopfoelgningPerYear).toBe(6);
    });

    it('no version is in force before the first one', () => {
      expect(() => rammeInForce('2019-12-31')).toThrow(RangeError);
    });

    it('refuses a malformed date', () => {
      expect(() => rammeInForce('2024-02-30')).toThrow(RangeError);
    });
  });

  describe('rammeById', () => {
    it('finds a version and refuses an unknown id', () => {
      expect(rammeById('aarhus-2021')).toBe(AARHUS_2021);
      expect(() => rammeById('aarhus-1999')).toThrow(/unknown ramme version/);
    });
  });

  describe('deriveRamme', () => {
    it('changes only what it is given and leaves the base untouched', () => {
      expect(EVALUERING_2024.samtaleCount).toBe(4);
      expect(EVALUERING_2024.ledelsesopfoelgningPerYear).toBe(8);
      expect(AARHUS_2021.ledelsesopfoelgningPerYear).toBe(6);
      expect(EVALUERING_2024.halfYearWindows).not.toBe(AARHUS_2021.halfYearWindows);
      expect(validateRamme(EVALUERING_2024)).toEqual([]);
    });
  });

  describe('validation', () => {
    const broken = (changes: Partial<RammeVersion>) =>
      validateRamme(deriveRamme(AARHUS_2021, { id: 'broken', effectiveFrom: '2030-01-01', description: 'x', ...changes }));

    it('names the field of each problem', () => {
      expect(broken({ samtaleCount: 0 })).toContainEqual(expect.stringMatching(/^broken\.samtaleCount: must be an integer >= 1/));
      expect(broken({ samtale1WindowWeeks: 9.5 })).toEqual([expect.stringMatching(/^broken\.samtale1WindowWeeks/)]);
      expect(broken({ halfYearWindows: { spring: { from: '02-01', to: '08-15' }, autumn: { from: '08-01', to: '12-15' } } })).toEqual([
        expect.stringMatching(/spring must end before autumn/),
      ]);
      expect(broken({ halfYearWindows: { spring: { from: '02-01', to: '02-29' }, autumn: { from: '08-01', to: '12-15' } } })).toEqual([
        expect.stringMatching(/halfYearWindows\.spring/),
      ]);
      expect(broken({ defaultTreatmentMonth: 13 })).toEqual([expect.stringMatching(/defaultTreatmentMonth/)]);
      expect(broken({ bestyrelsesinput: { fromSamtale: 5, responsibleRole: 'board' } })).toEqual([
        expect.stringMatching(/bestyrelsesinput\.fromSamtale/),
      ]);
      expect(broken({ effectiveFrom: '2019-06-01' })).toEqual([
        expect.stringMatching(/ledelsesopfoelgning\.recurrence: DTSTART must not be after effectiveFrom/),
        expect.stringMatching(/subLeaderOpfoelgning\.recurrence: DTSTART must not be after effectiveFrom/),
        expect.stringMatching(/tilsynsafrapportering\.recurrence: DTSTART must not be after effectiveFrom/),
      ]);
      expect(
        broken({ ledelsesopfoelgning: { recurrence: 'RRULE:FREQ=MONTHLY;INTERVAL=2', responsibleRole: 'chef' } }),
      ).toEqual([expect.stringMatching(/ledelsesopfoelgning\.recurrence: needs a DTSTART/)]);
      expect(broken({ elevinput: { unitTypes: ['skole'], dueDaysBeforeSamtale1WindowEnd: 70, responsibleRole: 'leader' } })).toEqual([
        expect.stringMatching(/elevinput/),
      ]);
    });

    it('refuses duplicate ids and two versions on the same day', () => {
      expect(() => assertRammeVersions([AARHUS_2021, AARHUS_2021])).toThrow(/duplicate ramme id/);
      const sameDay = deriveRamme(AARHUS_2021, { id: 'other', effectiveFrom: AARHUS_2021.effectiveFrom, description: 'x' });
      expect(() => assertRammeVersions([AARHUS_2021, sameDay])).toThrow(/two ramme versions take effect on 2020-01-01/);
    });
  });

  describe('R13/R30: treatment dates', () => {
    it('expects the next report of the age area on the same day two years later', () => {
      expect(expectedTreatmentDate('2020-03-25')).toBe('2022-03-25');
      expect(expectedTreatmentDate('2021-03-24')).toBe('2023-03-24');
      expect(expectedTreatmentDate('2020-02-29')).toBe('2022-02-28');
    });

    it('takes the loop length from the version', () => {
      const threeYears = deriveRamme(AARHUS_2021, { id: 'three', effectiveFrom: '2030-01-01', description: 'x', loopYears: 3 });
      expect(expectedTreatmentDate('2030-03-20', threeYears)).toBe('2033-03-20');
    });

    it('R13: a treatment whose date is unknown is assumed on 1 March', () => {
      expect(provisionalTreatmentDate(2022, AARHUS_2021)).toBe('2022-03-01');
    });
  });
});
