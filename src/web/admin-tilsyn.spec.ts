import type { CoverageUnitRow } from '../modules/audit';
import type { StatutoryAuditRow } from '../modules/tilsyn';
import { statutoryCells, statutorySummary } from './tilsyn-statutory-view';
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

describe('the coverage page’s statutory cells (R90, R93–R96)', () => {
  const enhed = (name: string, over: Partial<StatutoryAuditRow>): StatutoryAuditRow => ({
    unitId: 'u',
    enhedId: name,
    enhedName: name,
    r90: { cycle: '2026-2027', heldAnmeldt: 1, heldUanmeldt: 0, previousCycle: '2024-2025', previousCycleMet: true, verdict: 'ok' },
    r93: { lastPublishedOn: '2025-03-01', nextDueOn: '2027-03-01', verdict: 'ok' },
    r94: null,
    r95: { openCases: 0, oldestOpenDays: null, oldestOpenSince: null },
    r96: { overdueHandleplaner: 0, overdueOrienteringer: 0, closedWithoutComments: 0, verdict: 'ok' },
    ...over,
  });

  it('R90/R93/R94/R95/R96: words the API’s verdicts, saying what is held, missing or due; a school has no R90, a dagtilbud no R94', () => {
    const cells = statutoryCells([enhed('Solsikken', {})], '2026-11-30');
    expect(cells.map((c) => [c.rule, c.state, c.text])).toEqual([
      ['R90', 'pass', 'OK'],
      ['R93', 'pass', 'OK'],
      ['R94', 'na', 'Ikke relevant'],
      ['R95', 'info', 'Ingen åbne sager'],
      ['R96', 'pass', 'OK'],
    ]);
    expect(cells[0]!.details).toEqual(['2026–2027: 1 af 1 anmeldt, 0 af 1 uanmeldt holdt']);
    expect(cells[1]!.details).toEqual(['Næste senest 1. mar. 2027, sidst offentliggjort 1. mar. 2025']);
  });

  it('R90/R93/R95/R96: one failing enhed fails the unit’s cell, and each enhed is named when the unit has several', () => {
    const cells = statutoryCells(
      [
        enhed('Solsikken', {}),
        enhed('Mælkebøtten', {
          r90: { cycle: '2026-2027', heldAnmeldt: 0, heldUanmeldt: 0, previousCycle: '2024-2025', previousCycleMet: false, verdict: 'fejl' },
          r93: { lastPublishedOn: null, nextDueOn: '2024-01-01', verdict: 'fejl' },
          r95: { openCases: 1, oldestOpenDays: 45, oldestOpenSince: '2026-10-16' },
          r96: { overdueHandleplaner: 1, overdueOrienteringer: 0, closedWithoutComments: 0, verdict: 'fejl' },
        }),
      ],
      '2026-11-30',
    );
    const [r90, r93, , r95, r96] = cells;
    expect([r90!.state, r93!.state, r95!.state, r96!.state]).toEqual(['fail', 'fail', 'info', 'fail']);
    expect(r90!.details[1]).toBe('Mælkebøtten: 2024–2025 manglede et holdt besøg af hver slags. 2026–2027: 0 af 1 anmeldt, 0 af 1 uanmeldt holdt');
    expect(r93!.details[1]).toBe('Mælkebøtten: Forfalden 1. jan. 2024, aldrig offentliggjort');
    expect(r95!.text).toBe('1 åben sag');
    expect(r95!.details).toEqual(['Mælkebøtten: 1 åben sag, den ældste 45 dage gammel (siden 16. okt. 2026)']);
    expect(r96!.details).toEqual(['Mælkebøtten: 1 handleplan over fristen']);
    expect(statutorySummary([{ statutory: [enhed('Solsikken', {}), enhed('Mælkebøtten', { r95: { openCases: 2, oldestOpenDays: 3, oldestOpenSince: '2026-11-27' } })], cells }])).toEqual({
      failing: { R90: 1, R93: 1, R94: 0, R96: 1 },
      unitsUnderSkaerpet: 1,
      openCases: 2,
    });
  });

  it('R94: a school’s missing skoleudviklingssamtale fails, and its other checks are not relevant', () => {
    const school: StatutoryAuditRow = { unitId: 's', enhedId: 's', enhedName: 'Beder Skole', r90: null, r93: null, r94: { schoolYear: '2026/27', state: 'mangler', dueOn: null, verdict: 'fejl' }, r95: null, r96: null };
    const cells = statutoryCells([school], '2026-11-30');
    expect(cells.map((c) => c.state)).toEqual(['na', 'na', 'fail', 'na', 'na']);
    expect(cells[2]!.details).toEqual(['Mangler for skoleåret 2026/27']);
  });
});
