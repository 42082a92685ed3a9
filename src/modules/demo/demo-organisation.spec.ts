import { demoPeopleCsv, demoUnits, demoUnitsCsv } from './demo-organisation';

describe('demo organisation', () => {
  const units = demoUnits();

  it('has the shape the foundation issue asks for', () => {
    expect(units.filter((u) => u.type === 'skole')).toHaveLength(45);
    expect(units.filter((u) => u.type === 'dagtilbud')).toHaveLength(37);
    expect(units.filter((u) => u.type === 'fu')).toHaveLength(5);
    expect(units.some((u) => u.governance === 'selvejende')).toBe(true);
    expect(units.some((u) => u.type === 'dagtilbud' && u.special)).toBe(true);
  });

  it('R1: only dagtilbud are selvejende', () => {
    expect(units.filter((u) => u.governance === 'selvejende' && u.type !== 'dagtilbud')).toEqual([]);
  });

  it('has unique codes and unique e-mails per person, eight chefs and the demo admin', () => {
    expect(new Set(units.map((u) => u.code)).size).toBe(units.length);
    const rows = demoPeopleCsv().trim().split('\n').slice(1).map((l) => l.split(';'));
    const nameByEmail = new Map<string, string>();
    for (const [email, name] of rows) {
      expect(nameByEmail.get(email!) ?? name).toBe(name);
      nameByEmail.set(email!, name!);
    }
    expect(rows.find((r) => r[0] === 'admin@demo.local')?.[2]).toBe('ja');
    const chefs = new Set(rows.filter((r) => r[3] === 'chef').map((r) => r[0]));
    expect(chefs.size).toBe(8);
    // R3: some units change chef during the demo history
    expect(rows.filter((r) => r[3] === 'chef' && r[6] !== '').length).toBeGreaterThan(0);
    expect(demoUnitsCsv()).toContain('Mårslet');
  });
});
