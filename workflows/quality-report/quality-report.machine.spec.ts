import type { AgeArea } from '../domain';
import { restore } from '../machine-support';
import {
  QUALITY_REPORT_MILESTONES,
  initialQualityReportSnapshot,
  nextMilestone,
  qualityReportMachine,
  qualityReportTransition,
  reportYearAllowed,
  type QualityReportMilestone,
  type QualityReportSnapshot,
} from './quality-report.machine';

/** The 2020 6-18 report, roughly as it happened; treated by byrådet in March. */
const dates: Record<QualityReportMilestone, string> = {
  temaer_valgt: '2019-09-10',
  raadmand_godkendt: '2019-10-01',
  udvalg_droeftet: '2020-02-12',
  byraad_behandlet: '2020-03-04',
  fokusomraader_afrapporteret: '2020-09-16',
  opsamlet: '2021-12-15',
};

/** The stored snapshot after recording the first `count` milestones. */
function after(count: number): QualityReportSnapshot {
  let snapshot = initialQualityReportSnapshot();
  for (const milestone of QUALITY_REPORT_MILESTONES.slice(0, count)) {
    const result = qualityReportTransition(snapshot, { type: 'MILESTONE', milestone, date: dates[milestone] });
    if (!result.ok) throw new Error(JSON.stringify(result.refusal));
    snapshot = result.snapshot;
  }
  return snapshot;
}

describe('quality report machine', () => {
  it('R11: records the milestones in order, keeping their dates', () => {
    let snapshot = initialQualityReportSnapshot();
    expect(snapshot.value).toBe('oprettet');
    expect(snapshot.context).toEqual({ dates: {} });
    for (const milestone of QUALITY_REPORT_MILESTONES) {
      const result = qualityReportTransition(snapshot, { type: 'MILESTONE', milestone, date: dates[milestone] });
      expect(result).toMatchObject({ ok: true, state: milestone });
      if (!result.ok) return;
      snapshot = result.snapshot;
    }
    expect(snapshot.status).toBe('done');
    expect(snapshot.context).toEqual({ dates });
  });

  it('R11: two milestones may fall on the same day', () => {
    const result = qualityReportTransition(after(1), {
      type: 'MILESTONE',
      milestone: 'raadmand_godkendt',
      date: dates.temaer_valgt,
    });
    expect(result).toMatchObject({ ok: true, state: 'raadmand_godkendt' });
  });

  it.each([
    [0, 'raadmand_godkendt'],
    [0, 'byraad_behandlet'],
    [1, 'temaer_valgt'],
    [2, 'byraad_behandlet'],
    [3, 'udvalg_droeftet'],
    [4, 'opsamlet'],
    [5, 'byraad_behandlet'],
  ] as const)('R11: after %i milestones, %s is out of order', (count, milestone) => {
    const result = qualityReportTransition(after(count), { type: 'MILESTONE', milestone, date: '2022-01-01' });
    expect(result).toEqual({
      ok: false,
      refusal: { kind: 'rule', rule: 'R11', message: expect.stringContaining('den næste milepæl er') },
    });
  });

  it('R11: the refusal names the milestone the report waits for', () => {
    const result = qualityReportTransition(after(2), {
      type: 'MILESTONE',
      milestone: 'byraad_behandlet',
      date: '2020-03-04',
    });
    expect(!result.ok && result.refusal).toEqual({
      kind: 'rule',
      rule: 'R11',
      message:
        'Milepælen "Byrådet har behandlet rapporten" kan ikke registreres nu; den næste milepæl er "Børn og Unge-udvalget har drøftet rapporten"',
    });
  });

  it.each([
    [1, 'raadmand_godkendt', '2019-09-09'],
    [3, 'byraad_behandlet', '2020-02-11'],
    [5, 'opsamlet', '2020-09-15'],
  ] as const)('R11: after %i milestones, %s dated %s (before the previous one) is refused', (count, milestone, date) => {
    const result = qualityReportTransition(after(count), { type: 'MILESTONE', milestone, date });
    expect(result).toEqual({
      ok: false,
      refusal: { kind: 'rule', rule: 'R11', message: expect.stringContaining('før den forrige milepæl') },
    });
  });

  it.each(['2020-02-30', '4. marts 2020', ''])('R72: a milestone dated %j is refused', (date) => {
    const result = qualityReportTransition(after(0), { type: 'MILESTONE', milestone: 'temaer_valgt', date });
    expect(result).toEqual({ ok: false, refusal: { kind: 'rule', rule: 'R72', message: expect.any(String) } });
  });

  it('R11: a summarised report accepts no more milestones', () => {
    const result = qualityReportTransition(after(6), {
      type: 'MILESTONE',
      milestone: 'opsamlet',
      date: '2022-01-01',
    });
    expect(result).toEqual({
      ok: false,
      refusal: { kind: 'not-accepted', state: 'opsamlet', event: 'MILESTONE' },
    });
  });

  it('keeps a snapshot that survives a JSON round trip', () => {
    const stored = JSON.parse(JSON.stringify(after(4)));
    expect(restore(qualityReportMachine, stored).value).toBe('byraad_behandlet');
    expect(nextMilestone(stored.context.dates)).toBe('fokusomraader_afrapporteret');
    const result = qualityReportTransition(stored, {
      type: 'MILESTONE',
      milestone: 'fokusomraader_afrapporteret',
      date: '2020-09-16',
    });
    expect(result).toMatchObject({ ok: true, state: 'fokusomraader_afrapporteret' });
  });
});

describe('reportYearAllowed', () => {
  it.each<[AgeArea, number, boolean]>([
    ['6-18', 2020, true],
    ['6-18', 2022, true],
    ['6-18', 2021, false],
    ['0-6', 2021, true],
    ['0-6', 2023, true],
    ['0-6', 2020, false],
    ['6-18', 1998, false],
    ['0-6', 1999, false],
    ['6-18', 2020.5, false],
  ])('R10: a %s report in %d is allowed: %s', (ageArea, year, allowed) => {
    const violation = reportYearAllowed(ageArea, year);
    if (allowed) {
      expect(violation).toBeNull();
    } else {
      expect(violation).toEqual({ rule: 'R10', message: expect.any(String) });
    }
  });
});
