import { BOARD_REPORT_STATES } from './board-report/board-report.machine';
import { OBLIGATION_STATES } from './domain';
import { countOf, danishList, followUpWith, notAcceptedMessage, obligationName, statePhrase } from './labels';
import { LEARNING_LOOP_STATES } from './learning-loop/learning-loop.machine';
import { OBLIGATION_EVENT_TYPES } from './obligation/obligation.machine';
import { QUALITY_REPORT_STATES } from './quality-report/quality-report.machine';

describe('Danish words for states and events (issue 11, kind 6)', () => {
  it('has a phrase for every state of every stored machine', () => {
    for (const state of [...OBLIGATION_STATES, ...LEARNING_LOOP_STATES, ...QUALITY_REPORT_STATES, ...BOARD_REPORT_STATES]) {
      expect({ state, phrase: statePhrase(state) }).toEqual({ state, phrase: expect.any(String) });
    }
  });

  it('never shows an event or state identifier', () => {
    for (const state of OBLIGATION_STATES) {
      for (const event of OBLIGATION_EVENT_TYPES) {
        const message = notAcceptedMessage(state, event);
        expect(message).not.toContain(event);
        expect(message).not.toMatch(new RegExp(`\\b${state}\\b`));
      }
    }
  });
});

describe('obligationName: what tells a unit’s rows apart is in the name (R4, R51)', () => {
  it('R4: a statutory obligation names its tilsynsenhed; the implicit enhed (no name) adds nothing', () => {
    expect(obligationName({ kind: 'tilsynsbesoeg', sequence: 1, subjectKey: '2026-2027:anmeldt', enhedName: 'Børnehuset Solsikken' })).toBe('Anmeldt tilsynsbesøg 2026–2027, Børnehuset Solsikken');
    expect(obligationName({ kind: 'tilsynsbesoeg', sequence: 1, subjectKey: '2026-2027:anmeldt', enhedName: null })).toBe('Anmeldt tilsynsbesøg 2026–2027');
    expect(obligationName({ kind: 'tilsynsrapport', sequence: 1, subjectKey: '', enhedName: 'Vuggestuen Mælkebøtten' })).toBe('Tilsynsrapport 1, Vuggestuen Mælkebøtten');
    expect(obligationName({ kind: 'tilsynsbesoeg', sequence: 1, subjectKey: 'sag-1', enhedName: 'Skovly' })).toBe('Opfølgende besøg (skærpet tilsyn), Skovly');
  });

  it('R51: a follow-up with a next-layer leader names that person; R50’s (chef with leader) has no subject', () => {
    expect(obligationName({ kind: 'ledelsesopfoelgning', sequence: 11, subjectKey: 'b3f1…', subjectName: 'Christian Holm' })).toBe('Ledelsesopfølgning 11 med Christian Holm');
    expect(obligationName({ kind: 'ledelsesopfoelgning', sequence: 11, subjectKey: '' })).toBe('Ledelsesopfølgning 11');
    // Only R51's subject is a person: another kind's subject name is never appended.
    expect(obligationName({ kind: 'laeringssamtale', sequence: 2, subjectKey: '', subjectName: 'Nogen' })).toBe('Læringssamtale 2');
  });
});

describe('followUpWith: whom a 1:1 follow-up is with, as the reader sees it (R50, R51)', () => {
  const people = { chefPersonId: 'c', chefName: 'Søren Vestergaard', leaderPersonId: 'l', leaderName: 'Mette Kjær', naesteLedelseslagPersonId: null, naesteLedelseslagName: null };
  it('R50: the chef reads the leader, the leader reads the chef, anyone else reads no name', () => {
    expect(followUpWith({ kind: 'ledelsesopfoelgning', ...people }, 'c')).toBe('Mette Kjær');
    expect(followUpWith({ kind: 'ledelsesopfoelgning', ...people }, 'l')).toBe('Søren Vestergaard');
    expect(followUpWith({ kind: 'ledelsesopfoelgning', ...people }, 'admin')).toBeNull();
  });
  it('R51: the next-layer leader, or for that leader the unit’s leader; other kinds name nobody', () => {
    const r51 = { kind: 'ledelsesopfoelgning' as const, ...people, naesteLedelseslagPersonId: 'n', naesteLedelseslagName: 'Rasmus Lund' };
    expect(followUpWith(r51, 'l')).toBe('Rasmus Lund');
    expect(followUpWith(r51, 'c')).toBe('Rasmus Lund');
    expect(followUpWith(r51, 'n')).toBe('Mette Kjær');
    expect(followUpWith({ ...people, kind: 'laeringssamtale' }, 'c')).toBeNull();
  });
});

describe('countOf and danishList (a count and a list as Danish says them)', () => {
  it('puts the noun in the number of the count', () => {
    expect(countOf(1, 'enhed', 'enheder')).toBe('1 enhed');
    expect(countOf(0, 'enhed', 'enheder')).toBe('0 enheder');
    expect(countOf(87, 'enhed', 'enheder')).toBe('87 enheder');
  });

  it('joins a list with commas and "og" before the last', () => {
    expect(danishList(['R90'])).toBe('R90');
    expect(danishList(['R90', 'R93'])).toBe('R90 og R93');
    expect(danishList(['R22', 'R24', 'R27'])).toBe('R22, R24 og R27');
  });
});
