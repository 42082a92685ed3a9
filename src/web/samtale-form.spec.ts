import type { Obligation } from '../modules/obligations';
import { fieldFor, readConfirmForm, toCompletePayload } from './controllers/forpligtelse.controller';

const samtale = (sequence: number) => ({ kind: 'laeringssamtale', sequence }) as unknown as Obligation;

describe('the samtale confirmation form as the API’s CompleteDto (second edition)', () => {
  it('R32: samtale 2 sends one agreementFollowUp per agreement of samtale 1; a row without a status is left out so R32 names it', () => {
    const form = readConfirmForm({
      heldOn: '2026-11-30',
      deltagerRolle: ['chef', ''],
      deltagerNavn: ['Mads Kjær', ''],
      aftaler: 'Ny aftale',
      opfoelgningAftale: ['Læsebånd i 4.–6. klasse', 'Trivsel i udskolingen'],
      opfoelgningStatus: ['gennemfoert', ''],
      opfoelgningNote: ['Holdt hele efteråret', ''],
      version: '3',
    });
    const payload = toCompletePayload(samtale(2), form);
    expect(payload.agreementFollowUp).toEqual([{ agreement: 'Læsebånd i 4.–6. klasse', status: 'gennemfoert', note: 'Holdt hele efteråret' }]);
    expect(payload.focusAreas).toBeUndefined();
    expect(payload.participants).toEqual([{ role: 'chef', name: 'Mads Kjær' }]);
  });

  it('R75: the deviation reason and an administrator’s R31 exception reason are sent only when filled', () => {
    const filled = toCompletePayload(samtale(1), readConfirmForm({ heldOn: '2026-11-30', afvigelse: 'Bestyrelsen var syg', undtagelse: 'Holdt før vinduet efter aftale' }));
    expect(filled.deviationReason).toBe('Bestyrelsen var syg');
    expect(filled.exceptionReason).toBe('Holdt før vinduet efter aftale');
    expect(filled.agreementFollowUp).toBeUndefined();
    const empty = toCompletePayload(samtale(1), readConfirmForm({ heldOn: '2026-11-30', afvigelse: '  ' }));
    expect(empty).not.toHaveProperty('deviationReason');
    expect(empty).not.toHaveProperty('exceptionReason');
  });

  it('R75, R27, R31, R32: each refusal links to the field it is about', () => {
    expect(fieldFor('R75')).toBe('afvigelse');
    expect(fieldFor('R27')).toBe('deltager-rolle-1');
    expect(fieldFor('R31')).toBe('heldOn');
    expect(fieldFor('R32')).toBe('opfoelgning-status-1');
    expect(fieldFor(undefined, 'agreementFollowUp.1.status')).toBe('opfoelgning-status-2');
  });

  it('R96: the handleplan sends its participants (the leader must be among them) and the plan as its note', () => {
    const form = readConfirmForm({ heldOn: '2026-11-30', deltagerRolle: ['leder', ''], deltagerNavn: ['Lene Leder', ''], note: 'Faste voksne i overgangene' });
    const payload = toCompletePayload({ kind: 'handleplan', sequence: 1 } as unknown as Obligation, form);
    expect(payload.participants).toEqual([{ role: 'leder', name: 'Lene Leder' }]);
    expect(payload.note).toBe('Faste voksne i overgangene');
  });
});
