import { AARHUS_TILSYN_2022, assertTilsynsrammeVersions } from './tilsynsramme';
import { describeConflict, impartialityConflicts, type ImpartialityTie } from './impartiality';

const ties: ImpartialityTie[] = [
  { personId: 'leder', role: 'leader', validFrom: '2020-01-01', validTo: null },
  { personId: 'tidligere-leder', role: 'leader', validFrom: '2015-01-01', validTo: '2025-12-31' },
  { personId: 'gammel-leder', role: 'leader', validFrom: '2010-01-01', validTo: '2025-05-31' },
  { personId: 'pl', role: 'subLeader', validFrom: '2020-01-01', validTo: null },
  { personId: 'stedleder', role: 'nextLayerLeader', validFrom: '2020-01-01', validTo: null },
  { personId: 'bestyrelse', role: 'board', validFrom: '2024-01-01', validTo: null },
  { personId: 'chef', role: 'chef', validFrom: '2020-01-01', validTo: null },
  { personId: 'kommende', role: 'leader', validFrom: '2027-01-01', validTo: null },
];

describe('R90 impartiality', () => {
  it('R90: the unit’s leader, next-layer leaders and board contact are partial on the visit date', () => {
    for (const p of ['leder', 'pl', 'stedleder', 'bestyrelse']) expect(impartialityConflicts(p, '2026-06-01', ties)).toHaveLength(1);
  });

  it('R90: a tie within the 12 months before the visit still disqualifies; an older one does not', () => {
    expect(impartialityConflicts('tidligere-leder', '2026-06-01', ties)).toHaveLength(1); // left 31/12/2025
    expect(impartialityConflicts('tidligere-leder', '2026-12-31', ties)).toHaveLength(1); // exactly 12 months
    expect(impartialityConflicts('tidligere-leder', '2027-01-01', ties)).toHaveLength(0);
    expect(impartialityConflicts('gammel-leder', '2026-06-01', ties)).toHaveLength(0);
  });

  it('R90: the chef is partial by default, and not when the ramme says otherwise', () => {
    expect(impartialityConflicts('chef', '2026-06-01', ties)).toHaveLength(1);
    const lenient = assertTilsynsrammeVersions([{ ...AARHUS_TILSYN_2022, impartiality: { ...AARHUS_TILSYN_2022.impartiality, chefIsTied: false } }]);
    expect(impartialityConflicts('chef', '2026-06-01', ties, lenient)).toHaveLength(0);
  });

  it('R90: a role that starts after the visit, or another person, is no tie', () => {
    expect(impartialityConflicts('kommende', '2026-06-01', ties)).toHaveLength(0);
    expect(impartialityConflicts('fremmed', '2026-06-01', ties)).toHaveLength(0);
  });

  it('describes the conflict in Danish', () => {
    expect(describeConflict(ties[1]!)).toBe('leder af enheden fra 2015-01-01 til 2025-12-31');
  });
});
