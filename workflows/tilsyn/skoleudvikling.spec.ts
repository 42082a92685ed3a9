import { checkSkoleudviklingConfirmation, owesSkoleudvikling, schoolYearOf, schoolYearsToGenerate, schoolYearWindow, skoleudviklingLawOn, type SkoleudviklingConfirmation } from './skoleudvikling';

const leaderRoles = ['leder', 'paedagogisk_leder'] as const;
const ok: SkoleudviklingConfirmation = {
  heldOn: '2025-10-01',
  participants: [{ role: 'chef', name: 'Søren' }, { role: 'leder', name: 'Mette' }],
  agreements: ['Fokus på læsning i indskolingen'],
  obligatoryTestsUsed: true,
};
const rules = (c: Partial<SkoleudviklingConfirmation>, previousAgreements: string[] | null = null, schoolYear = 2025) =>
  checkSkoleudviklingConfirmation({ ...ok, ...c }, { schoolYear, previousAgreements, leaderRoles }).map((v) => `${v.rule}:${v.field}`);

describe('R94 skoleudviklingssamtale', () => {
  it('R94: the school year runs 1 August–31 July and is named by its first year', () => {
    expect(schoolYearOf('2025-07-31')).toBe(2024);
    expect(schoolYearOf('2025-08-01')).toBe(2025);
    expect(schoolYearWindow(2024)).toEqual({ opensOn: '2024-08-01', dueOn: '2025-07-31' });
  });

  it('R94: generated from 2022/23, never before', () => {
    expect(schoolYearsToGenerate('2022-07-31')).toEqual([]);
    expect(schoolYearsToGenerate('2022-08-01')).toEqual([2022]);
    expect(schoolYearsToGenerate('2026-11-30')).toEqual([2026]);
  });

  it('R94: folkeskoler and (by default) kommunale specialskoler, not FU or dagtilbud', () => {
    expect(owesSkoleudvikling({ type: 'skole', governance: 'kommunal', special: false })).toBe(true);
    expect(owesSkoleudvikling({ type: 'skole', governance: 'kommunal', special: true })).toBe(true);
    expect(owesSkoleudvikling({ type: 'fu', governance: 'kommunal', special: false })).toBe(false);
    expect(owesSkoleudvikling({ type: 'dagtilbud', governance: 'kommunal', special: false })).toBe(false);
    const withoutSpecial = { firstSchoolYear: 2022, includeSpecialSchools: false, unitTypes: ['skole'], governances: ['kommunal'], responsibleRole: 'chef' } as const;
    expect(owesSkoleudvikling({ type: 'skole', governance: 'kommunal', special: true }, withoutSpecial)).toBe(false);
  });

  it('R94: a complete confirmation passes', () => {
    expect(rules({})).toEqual([]);
  });

  it('R94: the chef (or the administration) and the school leader take part', () => {
    expect(rules({ participants: [{ role: 'leder', name: 'Mette' }] })).toEqual(['R94:participants']);
    expect(rules({ participants: [{ role: 'chef', name: 'Søren' }] })).toEqual(['R94:participants']);
    expect(rules({ participants: [{ role: 'forvaltning', name: 'Kirsten' }, { role: 'paedagogisk_leder', name: 'Rasmus' }] })).toEqual([]);
  });

  it('R94: the obligatory tests must have been used, and at least one agreement made', () => {
    expect(rules({ obligatoryTestsUsed: false })).toEqual(['R94:obligatoryTestsUsed']);
    expect(rules({ obligatoryTestsUsed: undefined })).toEqual(['R94:obligatoryTestsUsed']);
    expect(rules({ agreements: ['  '] })).toEqual(['R94:agreements']);
  });

  it('R94/R74: handlingsplaner status is required only under law versions before lov nr. 1664 of 30/12/2024, by the held date', () => {
    expect(skoleudviklingLawOn('2024-12-31').handlingsplanerStatusRequired).toBe(true);
    expect(skoleudviklingLawOn('2025-01-01').handlingsplanerStatusRequired).toBe(false);
    expect(rules({ heldOn: '2024-11-01' }, null, 2024)).toEqual(['R94:handlingsplanerStatus']);
    expect(rules({ heldOn: '2024-11-01', handlingsplanerStatus: 'Handleplan for trivsel følges' }, null, 2024)).toEqual([]);
    expect(rules({ heldOn: '2025-02-01' }, null, 2024)).toEqual([]);
  });

  it('R94: from the second year every previous agreement is followed up', () => {
    const previous = ['Læsning', 'Fravær'];
    expect(rules({}, previous)).toEqual(['R94:previousAgreementsFollowUp']);
    expect(rules({ previousAgreementsFollowUp: [{ agreement: 'Læsning', status: 'gennemfoert' }] }, previous)).toEqual(['R94:previousAgreementsFollowUp']);
    expect(rules({ previousAgreementsFollowUp: previous.map((agreement) => ({ agreement, status: 'i_gang' })) }, previous)).toEqual([]);
  });

  it('R94: held before its school year began it is refused; after 31 July it is late, not refused', () => {
    expect(rules({ heldOn: '2025-07-15' })).toEqual(['R94:heldOn']);
    expect(rules({ heldOn: '2026-08-10' })).toEqual([]);
  });
});
