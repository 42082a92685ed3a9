import { checkHeldOn } from './held-on.rules';
import { settleConfirmation } from './deviations.rules';

describe('checkHeldOn (R31)', () => {
  const followUp = { kind: 'ledelsesopfoelgning', sequence: 3, opensOn: '2027-03-01', dueOn: '2027-04-30', today: '2026-11-30' };
  const rules = (heldOn: string, ctx: Parameters<typeof checkHeldOn>[1]) => checkHeldOn(heldOn, ctx).map((v) => v.rule);

  it('R31: refuses a follow-up held before its window opens, and one held in the future', () => {
    expect(rules('2026-11-20', followUp)).toEqual(['R31']);
    expect(rules('2027-03-10', followUp)).toEqual(['R31']);
  });

  it('R31: accepts a held date inside the window and a late one after it', () => {
    const open = { ...followUp, opensOn: '2026-07-01', dueOn: '2026-08-31' };
    expect(rules('2026-07-01', open)).toEqual([]);
    expect(rules('2026-09-03', open)).toEqual([]);
  });

  it('R31: samtale n is never held before samtale n−1, nor after a held samtale n+1', () => {
    const s4 = { kind: 'laeringssamtale', sequence: 4, opensOn: '2025-08-01', dueOn: '2025-12-15', today: '2026-11-30' };
    expect(rules('2025-09-01', { ...s4, previousSamtale: { state: 'completed', heldOn: '2025-09-10' } })).toEqual(['R31']);
    expect(rules('2025-09-10', { ...s4, previousSamtale: { state: 'completed', heldOn: '2025-09-10' } })).toEqual([]);
    expect(rules('2025-09-10', { ...s4, previousSamtale: { state: 'overdue', heldOn: null } })).toEqual(['R31']);
    expect(rules('2025-09-10', { ...s4, previousSamtale: { state: 'waived', heldOn: null } })).toEqual([]);
    expect(rules('2025-12-01', { ...s4, sequence: 3, nextSamtaleHeldOn: '2025-11-01' })).toEqual(['R31']);
  });

  it('R31 does not govern other kinds', () => {
    expect(rules('2020-01-01', { ...followUp, kind: 'bestyrelsesinput' })).toEqual([]);
  });
});

describe('settleConfirmation (R75)', () => {
  const r27 = { rule: 'R27', message: 'Bestyrelsen deltog ikke' };
  const r31 = { rule: 'R31', message: 'Før vinduet' };

  it('R75: a participation requirement (R27, R28) is a deviation with a reason, refused only while the reason is missing', () => {
    expect(settleConfirmation({ violations: [r27], heldOnViolations: [], admin: false }).refusal?.rule).toBe('R75');
    const settled = settleConfirmation({ violations: [r27], heldOnViolations: [], admin: false, deviationReason: 'Syg' });
    expect(settled).toEqual({ refusal: null, deviations: [{ ...r27, reason: 'Syg' }] });
  });

  it('R75: content rules still refuse, naming their rule first', () => {
    const settled = settleConfirmation({ violations: [{ rule: 'R23', message: 'Ingen aftale' }, r27], heldOnViolations: [], admin: false, deviationReason: 'Syg' });
    expect(settled.refusal?.rule).toBe('R23');
  });

  it('R75: an R31 exception only from an administrator with a reason', () => {
    expect(settleConfirmation({ violations: [], heldOnViolations: [r31], admin: true }).refusal?.rule).toBe('R31');
    expect(settleConfirmation({ violations: [], heldOnViolations: [r31], admin: false, exceptionReason: 'x' }).refusal?.rule).toBe('R75');
    expect(settleConfirmation({ violations: [], heldOnViolations: [r31], admin: true, exceptionReason: 'Orlov' })).toEqual({
      refusal: null,
      deviations: [{ ...r31, reason: 'Orlov', acceptedByAdmin: true }],
    });
  });
});
