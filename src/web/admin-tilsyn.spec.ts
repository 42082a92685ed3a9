import type { CoverageUnitRow } from '../modules/audit';
import { chefBars } from './controllers/admin-tilsyn.controller';
import { eventLabel } from './controllers/admin-revision.controller';

const row = (chef: { id: string; name: string } | null, counts: Partial<CoverageUnitRow>): CoverageUnitRow =>
  ({ chef, completedOnTime: 0, completedLate: 0, overdue: 0, open: 0, cancelledWaived: 0, due: 0, ...counts }) as CoverageUnitRow;

describe('the coverage page’s bars per chef', () => {
  it('counts on time out of what has fallen due (completed or overdue), not the open or the cancelled, summed over the chef’s units', () => {
    const bars = chefBars([
      row({ id: 'b', name: 'Øse Berg' }, { completedOnTime: 3, completedLate: 1, overdue: 0, open: 5, cancelledWaived: 2 }),
      row({ id: 'a', name: 'Anne Ahl' }, { completedOnTime: 1, completedLate: 0, overdue: 1 }),
      row({ id: 'b', name: 'Øse Berg' }, { completedOnTime: 3, completedLate: 0, overdue: 1 }),
      row(null, {}),
    ]);
    expect(bars).toEqual([
      { name: 'Anne Ahl', units: 1, onTime: 1, judged: 2, percent: 50 },
      { name: 'Enheder uden chef i perioden', units: 1, onTime: 0, judged: 0, percent: null },
      { name: 'Øse Berg', units: 2, onTime: 6, judged: 8, percent: 75 },
    ]);
  });

  it('names the trail’s events in Danish, milestones by their R11 label', () => {
    expect(eventLabel('MILESTONE:byraad_behandlet')).toBe('Milepæl: Byrådet har behandlet rapporten');
    expect(eventLabel('COMPLETE')).toBe('Bekræftet som gennemført');
    expect(eventLabel('SOMETHING_NEW')).toBe('SOMETHING_NEW');
  });
});
