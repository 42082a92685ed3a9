import { buildTimeline, followUpsInYear, type TimelineObligation } from './unit-timeline';

const o = (kind: TimelineObligation['kind'], sequence: number, opensOn: string, dueOn: string, state: TimelineObligation['state'], subjectKey = ''): TimelineObligation => ({
  id: `${kind}-${sequence}-${subjectKey}`,
  kind,
  sequence,
  subjectKey,
  opensOn,
  dueOn,
  scheduledOn: null,
  completedOn: null,
  state,
});

describe('the unit timeline (Enhed page)', () => {
  const loop = { startsOn: '2026-03-25', expectedEndOn: '2028-03-25' };
  const obligations = [
    o('laeringssamtale', 1, '2026-03-25', '2026-06-03', 'completed'),
    o('laeringssamtale', 2, '2026-08-01', '2026-12-15', 'overdue'),
    o('datapakke', 1, '2026-03-01', '2026-03-25', 'completed'),
    o('ledelsesopfoelgning', 1, '2026-04-01', '2026-05-31', 'completed'),
    o('ledelsesopfoelgning', 1, '2026-04-01', '2026-05-31', 'planned', 'some-sub-leader'),
  ];

  it('draws one lane per kind present, bars inside the plot in date order, coloured by state', () => {
    const svg = buildTimeline(loop, obligations, '2026-11-30');
    expect(svg.lanes.map((l) => l.label)).toEqual(['Læringssamtaler', 'Datapakker', 'Opfølgning chef–leder']);
    const [s1, s2] = svg.lanes[0]!.bars;
    expect(s1!.x).toBeGreaterThanOrEqual(svg.labelWidth);
    expect(s2!.x).toBeGreaterThan(s1!.x);
    expect(s2!.x + s2!.width).toBeLessThanOrEqual(svg.width);
    expect(s2!.state).toBe('overdue');
    expect(s2!.label).toBe('Læringssamtale 2: Overskredet, frist 15. dec. 2026');
    // The next-layer leader's follow-up is not the chef–leader lane's.
    expect(svg.lanes[2]!.bars).toHaveLength(1);
    expect(svg.today?.label).toBe('I dag 30. nov. 2026');
    expect(svg.summary).toContain('1 overskredne');
  });

  it('leaves the today line out when today is outside the loop', () => {
    expect(buildTimeline(loop, obligations, '2030-01-01').today).toBeNull();
  });

  it('R50: counts the chef–leader follow-ups held in a year towards six', () => {
    expect(followUpsInYear(obligations, 2026)).toEqual({ held: 1, planned: 1, target: 6 });
    expect(followUpsInYear(obligations, 2027)).toEqual({ held: 0, planned: 0, target: 6 });
  });
});
