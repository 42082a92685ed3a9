import {
  AARHUS_TILSYN_2022,
  TILSYNSRAMME_VERSIONS,
  assertTilsynsrammeVersions,
  dutiesAfterVisit,
  followUpVisitDue,
  handleplanDue,
  handleplanOrientation,
  plannedCycleVisits,
  skaerpetDecisionDue,
  tilsynCycleOf,
  tilsynsrammeInForce,
  validateTilsynsramme,
  type TilsynsrammeVersion,
} from './tilsynsramme';

/** A hypothetical later ramme (R97): three-year cycles, two unannounced visits, 8 working days for the documentation. */
const RAMME_2027: TilsynsrammeVersion = {
  ...AARHUS_TILSYN_2022,
  id: 'aarhus-tilsyn-2027',
  effectiveFrom: '2027-01-01',
  publishedOn: '2026-11-15',
  cycleAnchor: '2027-01-01',
  cycleYears: 3,
  visitsPerCycle: { anmeldt: 1, uanmeldt: 2 },
  deadlines: { ...AARHUS_TILSYN_2022.deadlines, tilsynsdokumentationWorkingDays: 8 },
};
const BOTH = assertTilsynsrammeVersions([AARHUS_TILSYN_2022, RAMME_2027]);

describe('tilsynsramme (R97)', () => {
  it('R97: the registered versions are valid, carry publication date and address, cycle 2 years, one visit of each kind', () => {
    for (const v of TILSYNSRAMME_VERSIONS) expect(validateTilsynsramme(v)).toEqual([]);
    expect(AARHUS_TILSYN_2022).toMatchObject({ cycleYears: 2, visitsPerCycle: { anmeldt: 1, uanmeldt: 1 }, publishedOn: '2022-01-01' });
    expect(AARHUS_TILSYN_2022.publicationUrl).toMatch(/^https:\/\//);
    expect(AARHUS_TILSYN_2022.deadlines).toMatchObject({ tilsynsdokumentationWorkingDays: 10, tilsynsdialogWorkingDays: 15, bestyrelsesorienteringWorkingDays: 20 });
    expect(AARHUS_TILSYN_2022.impartiality).toMatchObject({ lookbackMonths: 12, chefIsTied: true });
  });

  it('R90/R97: a version without an unannounced visit, or a duplicate effective date, is refused', () => {
    expect(validateTilsynsramme({ ...AARHUS_TILSYN_2022, visitsPerCycle: { anmeldt: 1, uanmeldt: 0 } })).toEqual([expect.stringContaining('R90')]);
    expect(() => assertTilsynsrammeVersions([AARHUS_TILSYN_2022, { ...RAMME_2027, effectiveFrom: '2022-01-01' }])).toThrow(/two tilsynsramme versions/);
  });

  it('R74: each obligation takes the version in force on its own date, not a loop start', () => {
    expect(tilsynsrammeInForce('2026-12-31', BOTH).id).toBe('aarhus-tilsyn-2022');
    expect(tilsynsrammeInForce('2027-01-01', BOTH).id).toBe('aarhus-tilsyn-2027');
    // A visit held on 30/12/2026 keeps 10 working days; one held a week later gets the new 8.
    expect(dutiesAfterVisit('2026-12-30', BOTH)[0]).toEqual({ kind: 'tilsynsdokumentation', dueOn: '2027-01-14', rammeId: 'aarhus-tilsyn-2022' });
    expect(dutiesAfterVisit('2027-01-06', BOTH)[0]).toEqual({ kind: 'tilsynsdokumentation', dueOn: '2027-01-18', rammeId: 'aarhus-tilsyn-2027' });
  });

  it('R90: two-year cycles counted from the law’s commencement on 2022-01-01', () => {
    expect(tilsynCycleOf('2022-01-01')).toEqual({ key: '2022-2023', startsOn: '2022-01-01', endsOn: '2023-12-31', rammeId: 'aarhus-tilsyn-2022' });
    expect(tilsynCycleOf('2026-11-30')).toMatchObject({ key: '2026-2027', startsOn: '2026-01-01', endsOn: '2027-12-31' });
    expect(tilsynCycleOf('2025-12-31')).toMatchObject({ key: '2024-2025' });
    expect(tilsynCycleOf('2021-06-01')).toMatchObject({ key: '2020-2021', startsOn: '2020-01-01' });
  });

  it('R74/R90: a new version’s cycles and counts apply from its own date', () => {
    const cycle = tilsynCycleOf('2028-05-01', BOTH);
    expect(cycle).toMatchObject({ key: '2027-2029', startsOn: '2027-01-01', endsOn: '2029-12-31', rammeId: 'aarhus-tilsyn-2027' });
    expect(plannedCycleVisits(cycle, { validFrom: '2000-01-01', validTo: null }, BOTH).map((v) => `${v.announcement}${v.sequence}`)).toEqual(['anmeldt1', 'uanmeldt1', 'uanmeldt2']);
  });

  it('R90: at least one anmeldt and one uanmeldt visit per enhed and cycle, the window clipped to the enhed’s life', () => {
    const cycle = tilsynCycleOf('2026-03-01');
    expect(plannedCycleVisits(cycle, { validFrom: '2010-01-01', validTo: null })).toEqual([
      { announcement: 'anmeldt', sequence: 1, opensOn: '2026-01-01', dueOn: '2027-12-31' },
      { announcement: 'uanmeldt', sequence: 1, opensOn: '2026-01-01', dueOn: '2027-12-31' },
    ]);
    expect(plannedCycleVisits(cycle, { validFrom: '2026-08-01', validTo: '2027-06-30' })[0]).toMatchObject({ opensOn: '2026-08-01', dueOn: '2027-06-30' });
    expect(plannedCycleVisits(cycle, { validFrom: '2010-01-01', validTo: '2025-12-31' })).toEqual([]);
  });

  it('R92: documentation, dialogue and board orientation 10, 15 and 20 working days after the visit', () => {
    expect(dutiesAfterVisit('2026-11-30').map((d) => [d.kind, d.dueOn])).toEqual([
      ['tilsynsdokumentation', '2026-12-14'],
      ['tilsynsdialog', '2026-12-21'],
      ['bestyrelsesorientering', '2026-12-29'], // juleaften counts; 25/12 and 26/12 do not
    ]);
  });

  it('R95/R96: the decision, follow-up visit, handleplan and orientation deadlines come from the ramme', () => {
    expect(skaerpetDecisionDue('2026-11-30')).toBe('2026-12-07');
    expect(followUpVisitDue('2026-11-30', true)).toBe('2027-02-28');
    expect(followUpVisitDue('2026-11-30', false)).toBe('2027-05-30');
    expect(handleplanDue('2026-11-30')).toBe('2026-12-14');
    expect(handleplanOrientation('2026-12-14')).toEqual({ dueOn: '2026-12-21', commentWindowEndsOn: '2026-12-28' });
  });
});
