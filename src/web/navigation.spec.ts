import { navigationFor } from './navigation';

describe('the main menu per role', () => {
  const none = { admin: false, isChef: false, isLeader: false, isSubLeader: false, isInspector: false };
  const hasPlan = (user: typeof none) => navigationFor(user, '/').some((i) => i.href === '/tilsynsplan' && i.text === 'Tilsynsplan');

  it('R90/R91: Tilsynsplan is in the menu of everyone /tilsynsplan serves: coordinators, inspectors, and a unit’s leader, next-layer leader or chef', () => {
    expect(hasPlan({ ...none, admin: true })).toBe(true);
    expect(hasPlan({ ...none, isInspector: true })).toBe(true);
    expect(hasPlan({ ...none, isLeader: true })).toBe(true);
    expect(hasPlan({ ...none, isSubLeader: true })).toBe(true);
    expect(hasPlan({ ...none, isChef: true })).toBe(true);
  });

  it('R91: a board contact only (they see no visit) and a person with no role have no Tilsynsplan entry', () => {
    expect(hasPlan(none)).toBe(false);
    // A board contact's WebUser: no unit role but the board's (isBoard is not a menu input).
    const boardOnly = { ...none, isBoard: true };
    expect(hasPlan(boardOnly)).toBe(false);
  });

  it('marks the page one is on, and its sub-pages', () => {
    const items = navigationFor({ ...none, isLeader: true }, '/tilsynsplan');
    expect(items.filter((i) => i.current).map((i) => i.href)).toEqual(['/tilsynsplan']);
  });
});
