import { checkAgreementFollowUp } from './agreement-followup.rules';

describe('checkAgreementFollowUp (R32)', () => {
  const previous = ['Fravær følges op hver måned', 'Elevrådet inddrages'];
  const rules = (...args: Parameters<typeof checkAgreementFollowUp>) => checkAgreementFollowUp(...args).map((v) => v.rule);

  it('R32: samtale 2 needs a status with a note for every agreement of samtale 1', () => {
    expect(rules(2, previous, [])).toEqual(['R32', 'R32']);
    expect(rules(2, previous, [{ agreement: previous[0]!, status: 'gennemfoert', note: 'Sket' }])).toEqual(['R32']);
    expect(rules(2, previous, [
      { agreement: previous[0]!, status: 'gennemfoert', note: 'Sket hver måned' },
      { agreement: ' Elevrådet inddrages ', status: 'i_gang', note: 'To møder holdt' },
    ])).toEqual([]);
  });

  it('R32: a status without a note, an unknown agreement or an unknown status refuses', () => {
    expect(rules(2, previous.slice(0, 1), [{ agreement: previous[0]!, status: 'opgivet', note: ' ' }])).toEqual(['R32']);
    expect(rules(2, [], [{ agreement: 'Noget andet', status: 'opgivet', note: 'x' }])).toEqual(['R32']);
    expect(rules(2, previous.slice(0, 1), [{ agreement: previous[0]!, status: 'maaske' as never, note: 'x' }])).toEqual(['R32']);
  });

  it('R32: samtale 1, or a samtale whose predecessor was not held, needs nothing', () => {
    expect(rules(1, previous, [])).toEqual([]);
    expect(rules(3, null, [])).toEqual([]);
  });
});
