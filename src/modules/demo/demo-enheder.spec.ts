import { demoEnheder } from './demo-enheder';

describe('demo enheder (R4)', () => {
  it('R4: some dagtilbud have 2–4 enheder with unique codes; the others keep their implicit one', () => {
    const rows = demoEnheder();
    const perUnit = new Map<string, number>();
    for (const r of rows) perUnit.set(r.unitCode, (perUnit.get(r.unitCode) ?? 0) + 1);
    expect(perUnit.size).toBeGreaterThanOrEqual(5);
    expect([...perUnit.values()].every((n) => n >= 2 && n <= 4)).toBe(true);
    expect(new Set(rows.map((r) => r.code)).size).toBe(rows.length);
    expect(rows.every((r) => r.unitCode.startsWith('DT-'))).toBe(true);
  });
});
