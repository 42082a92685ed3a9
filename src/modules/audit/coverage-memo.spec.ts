import { addSummaryToAuditTotals, addToAuditTotals, auditSummary, auditUnit, emptyAuditTotals, type AuditObligation } from '../../../workflows/audit/coverage';
import { AARHUS_2021 } from '../../../workflows/ramme';
import { CoverageMemo, CoverageMemoSettings, decodeMemoised, memoised } from './coverage-memo';

function ob(id: string, partial: Partial<AuditObligation> & Pick<AuditObligation, 'kind' | 'dueOn'>): AuditObligation {
  return { id, loopId: 'L1', sequence: 1, subjectKey: '', state: 'planned', completedOn: null, completion: null, reason: null, ...partial };
}

/** A unit that fails some rules, passes others, has cancelled/waived items and rules with nothing to judge. */
const result = auditUnit({
  unitType: 'fu',
  windows: [{ from: '2020-01-01', to: '2021-12-31' }],
  loops: [{ id: 'L1', themes: ['Fravær'], ramme: AARHUS_2021 }],
  obligations: [
    ob('s1', { kind: 'laeringssamtale', dueOn: '2020-06-03', state: 'completed', completedOn: '2020-05-12', completion: { focusAreas: [{ title: 'X', theme: 'Ikke et tema' }] } }),
    ob('d1', { kind: 'datapakke', dueOn: '2020-05-01', state: 'waived', reason: 'ingen data' }),
    ob('s2', { kind: 'laeringssamtale', sequence: 2, dueOn: '2020-12-01' }),
    ob('f1', { kind: 'ledelsesopfoelgning', dueOn: '2020-03-01', state: 'cancelled', reason: 'lukket' }),
  ],
  today: '2022-06-01',
});

describe('R80/R81: the coverage memo keeps a unit’s judgement exactly', () => {
  it('R80: an entry decodes to the very result auditUnit gave, and its summary sums to the same totals', () => {
    const judged = { ...result, trailMismatches: ['s2'] };
    const entry = memoised(auditSummary(result), judged);
    expect(decodeMemoised(entry)).toEqual(judged);
    expect(entry.mismatches).toBe(1);
    expect(result.rules.some((r) => !r.applicable)).toBe(true);
    expect(result.rules.some((r) => r.applicable && !r.pass)).toBe(true);
    const a = emptyAuditTotals();
    const b = emptyAuditTotals();
    addToAuditTotals(a, result);
    addSummaryToAuditTotals(b, entry.summary);
    expect(b).toEqual(a);
  });

  it('R81: the key carries the unit’s stamp, type, today, the period and the windows (in any order); no stamp, no key', () => {
    const memo = new CoverageMemo(new CoverageMemoSettings(1024 * 1024));
    const unit = { id: 'u', type: 'skole', stamp: '7', windows: [['2020-02-01', '2020-03-01'], ['2020-01-01', '2020-01-10']] as [string, string][] };
    const key = memo.key(unit, '2026-11-30', '2020-01-01', '2021-12-31');
    expect(memo.key({ ...unit, windows: [...unit.windows].reverse() }, '2026-11-30', '2020-01-01', '2021-12-31')).toBe(key);
    for (const other of [
      memo.key({ ...unit, stamp: '8' }, '2026-11-30', '2020-01-01', '2021-12-31'),
      memo.key({ ...unit, type: 'fu' }, '2026-11-30', '2020-01-01', '2021-12-31'),
      memo.key(unit, '2026-12-01', '2020-01-01', '2021-12-31'),
      memo.key(unit, '2026-11-30', '2020-01-02', '2021-12-31'),
      memo.key({ ...unit, windows: [unit.windows[0]!] }, '2026-11-30', '2020-01-01', '2021-12-31'),
    ]) {
      expect(other).not.toBe(key);
    }
    expect(memo.key({ ...unit, stamp: null }, '2026-11-30', '2020-01-01', '2021-12-31')).toBeNull();
  });

  it('COVERAGE_MEMO_MB=0 keeps nothing; a bound in bytes evicts the least recently used', () => {
    const off = new CoverageMemo(new CoverageMemoSettings(0));
    expect(off.key({ id: 'u', type: 'skole', stamp: '1', windows: [] }, '2026-11-30', '2020-01-01', '2020-12-31')).toBeNull();
    const entry = memoised(auditSummary(result), { ...result, trailMismatches: [] });
    const small = new CoverageMemo(new CoverageMemoSettings(3 * (200 + 2 * (10 + entry.json.length)) + 3 * 8 * entry.summary.length));
    for (let i = 0; i < 10; i++) small.set(`unit-${i}|k`, entry);
    expect(small.stats().entries).toBeLessThanOrEqual(3);
    expect(small.get('unit-9|k')).toBe(entry);
    expect(small.get('unit-0|k')).toBeUndefined();
  });
});
