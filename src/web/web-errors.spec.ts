import { BadInputError } from '../common/errors';
import { toFormRefusal, withFieldLabels, withRuleProblems } from './web-errors';

describe('refusals on a page name the field as the page labels it, never by the API’s property name', () => {
  it('rewords the API’s property names in a message, and leaves other words alone', () => {
    expect(withFieldLabels('Ugyldigt input: date skal være en dato (ÅÅÅÅ-MM-DD)')).toBe('Ugyldigt input: Dato skal være en dato (ÅÅÅÅ-MM-DD)');
    expect(withFieldLabels('Hvert element i themes skal være mellem 1 og 200 tegn')).toBe('Hvert element i Temaer skal være mellem 1 og 200 tegn');
    // A period's ends: the sentence as a whole (the audit's coverage page, its export and the trail), Danish "to" (two) untouched.
    expect(withFieldLabels('from skal ligge før eller på to (efter to)')).toBe('Fra-datoen skal ligge før eller på til-datoen');
    expect(withFieldLabels('from skal ligge før eller på to')).toBe('Fra-datoen skal ligge før eller på til-datoen');
    expect(withFieldLabels('mindst to dage')).toBe('mindst to dage');
    // Dates as the pages write them, never the API's ISO form; the format hint stays.
    expect(withFieldLabels('heldOn 2026-12-10 ligger efter i dag (2026-11-30)')).toBe('Holdt den 10. dec. 2026 ligger efter i dag (30. nov. 2026)');
    expect(withFieldLabels('R90: Martin Møller kan ikke være tilsynsførende her')).toBe('R90: Martin Møller kan ikke være tilsynsførende her');
  });

  it('a bad-input refusal of a form reads in the page’s words', () => {
    const refusal = toFormRefusal(new BadInputError('heldOn skal være en dato', [{ field: 'heldOn', message: 'heldOn skal være en dato' }]), () => 'heldOn');
    expect(refusal.errors).toEqual([{ field: 'heldOn', text: 'Holdt den skal være en dato' }]);
  });

  it('each refused field is its own line under the form’s own label (one property, different labels on different forms)', () => {
    const error = new BadInputError('Ugyldigt input: heldOn mangler; inspectorIds skal have mindst én tilsynsførende', [
      { field: 'heldOn', message: 'heldOn mangler' },
      { field: 'inspectorIds', message: 'inspectorIds skal have mindst én tilsynsførende' },
    ]);
    const ids = (_rule: string | undefined, f?: string) => f;
    expect(toFormRefusal(error, ids, { heldOn: 'Dato for besøget', inspectorIds: 'Tilsynsførende ved besøget' }).errors).toEqual([
      { field: 'heldOn', text: 'Dato for besøget mangler' },
      { field: 'inspectorIds', text: 'Tilsynsførende ved besøget skal have mindst én tilsynsførende' },
    ]);
    expect(toFormRefusal(new BadInputError('x', [{ field: 'heldOn', message: 'heldOn: 30. februar 2026 findes ikke (februar 2026 har 28 dage)' }]), ids, { heldOn: 'Holdt den' }).errors).toEqual([
      { field: 'heldOn', text: 'Holdt den: 30. februar 2026 findes ikke (februar 2026 har 28 dage)' },
    ]);
  });

  it('a service’s refusal of one field shows its whole sentence under the form’s label, not the field’s short detail', () => {
    const error = new BadInputError('date 2001-01-01 ligger før læringsloopet begyndte (2024-03-01)', [{ field: 'date', message: 'før loopets start' }]);
    expect(toFormRefusal(error, () => 'date', { date: 'Book en dato' }).errors).toEqual([
      { field: 'date', text: 'Book en dato 1. jan. 2001 ligger før læringsloopet begyndte (1. mar. 2024)' },
    ]);
    // A property inside the sentence ("Hvert element i themes …") is relabelled too.
    expect(toFormRefusal(new BadInputError('Ugyldigt input: Hvert element i themes skal være mellem 1 og 200 tegn', [{ field: 'themes', message: 'Hvert element i themes skal være mellem 1 og 200 tegn' }]), () => 'temaer', { themes: 'Temaer (ét pr. linje)' }).errors).toEqual([
      { field: 'temaer', text: 'Hvert element i Temaer (ét pr. linje) skal være mellem 1 og 200 tegn' },
    ]);
  });

  it('rule problems join the shape errors for the fields not already refused, so every problem shows at once', () => {
    const merged = withRuleProblems(
      [{ field: 'heldOn', text: 'Dato for besøget mangler' }],
      [
        { rule: 'R92', field: 'heldOn', message: 'Angiv datoen for besøget.' },
        { rule: 'R92', field: 'observations', message: 'Notér mindst én observation.' },
      ],
      (p) => p.field,
    );
    expect(merged).toEqual([
      { field: 'heldOn', text: 'Dato for besøget mangler' },
      { field: 'observations', text: 'R92: Notér mindst én observation.' },
    ]);
  });
});
