import { outcomeConsequence, visitCompletionProblems, type VisitCompletionInput } from './visit.rules';

const ok: VisitCompletionInput = {
  heldOn: '2026-11-25',
  inspectorIds: ['i1'],
  observations: ['Rolig stemning ved frokosten'],
  participants: [
    { role: 'leder', name: 'Lise Leder' },
    { role: 'medarbejder', name: 'Mads Pædagog' },
  ],
  dataUsed: ['Børnemiljøvurdering'],
  outcome: 'ingen_opfoelgning',
  followUpPoints: [],
};
const fields = (input: Partial<VisitCompletionInput>) => visitCompletionProblems({ ...ok, ...input }, '2026-11-30').map((p) => `${p.rule}:${p.field}`);

describe('R92 confirming a visit', () => {
  it('R92: a complete confirmation has no problems', () => expect(fields({})).toEqual([]));
  it('R92: the held date is required and not in the future', () => {
    expect(fields({ heldOn: '2026-12-01' })).toEqual(['R92:heldOn']);
    expect(fields({ heldOn: 'i går' })).toEqual(['R92:heldOn']);
  });
  it('R92: at least one inspector', () => expect(fields({ inspectorIds: [] })).toEqual(['R92:inspectorIds']));
  it('R92: at least one observation that is not blank (§ 5 a stk. 5)', () => expect(fields({ observations: ['  '] })).toEqual(['R92:observations']));
  it('R92: dialogue with the leadership and with the staff (§ 5 a stk. 6)', () => {
    expect(fields({ participants: [{ role: 'medarbejder', name: 'M' }] })).toEqual(['R92:participants']);
    expect(fields({ participants: [{ role: 'paedagogisk_leder', name: 'P' }] })).toEqual(['R92:participants']);
    expect(fields({ participants: [] })).toEqual(['R92:participants', 'R92:participants']);
  });
  it('R92: the data used (§ 5 a stk. 4)', () => expect(fields({ dataUsed: [] })).toEqual(['R92:dataUsed']));
  it('R92: the outcome "opfoelgningspunkter" needs a concrete point, not dated before the visit', () => {
    expect(fields({ outcome: 'opfoelgningspunkter' })).toEqual(['R92:followUpPoints']);
    expect(fields({ outcome: 'opfoelgningspunkter', followUpPoints: [{ text: 'Sovepladser', dueOn: '2027-03-01' }] })).toEqual([]);
    expect(fields({ outcome: 'opfoelgningspunkter', followUpPoints: [{ text: 'Sovepladser', dueOn: '2026-01-01' }] })).toEqual(['R92:followUpPoints']);
  });
  it('R95/R96: which outcomes open skærpet tilsyn and a handleplan', () => {
    expect(outcomeConsequence('ingen_opfoelgning')).toEqual({ skaerpetTilsyn: false, handleplan: false });
    expect(outcomeConsequence('opfoelgningspunkter')).toEqual({ skaerpetTilsyn: false, handleplan: false });
    expect(outcomeConsequence('skaerpet_tilsyn')).toEqual({ skaerpetTilsyn: true, handleplan: false });
    expect(outcomeConsequence('skaerpet_tilsyn_handleplan')).toEqual({ skaerpetTilsyn: true, handleplan: true });
  });
});
