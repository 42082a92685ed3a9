import type { Governance, UnitType } from '../domain';
import {
  checkSamtaleConfirmation,
  fuYouthGapsOf,
  type SamtaleConfirmation,
  type SamtaleContext,
} from './completion.rules';

const themes = ['Fravær', 'Læringsmiljø', 'Faglig udvikling'];
const afd = { role: 'afdelingslederrepraesentant' as const, name: 'Afdelingsleder Ahmed' };

function context(overrides: Partial<SamtaleContext> = {}): SamtaleContext {
  return {
    unitType: 'skole',
    governance: 'kommunal',
    reportThemes: themes,
    datapakke: { state: 'published' },
    earlierSamtaler: [],
    ...overrides,
  };
}

function samtale1(overrides: Partial<SamtaleConfirmation> = {}): SamtaleConfirmation {
  return {
    sequence: 1,
    heldOn: '2020-04-20',
    participants: [
      { role: 'chef', name: 'Chef Hansen' },
      { role: 'leder', name: 'Leder Jensen' },
      { role: 'paedagogisk_leder', name: 'Pæd. leder Nielsen' },
      { role: 'medarbejderrepraesentant', name: 'Medarbejder Madsen' },
      { role: 'bestyrelsesrepraesentant', name: 'Forælder Olsen' },
      { role: 'faglig_konsulent', name: 'Konsulent Berg' },
    ],
    agreements: ['Vi følger fraværet op månedligt'],
    focusAreas: [{ title: 'Mindre bekymrende fravær', theme: 'Fravær' }],
    childrenPerspective: 'Elevrådet giver input før hver samtale',
    dataInputs: ['A', 'B', 'E'],
    ...overrides,
  };
}

/** A later samtale: no focus areas or children's perspective needed. */
function later(sequence: 2 | 3 | 4, overrides: Partial<SamtaleConfirmation> = {}): SamtaleConfirmation {
  return samtale1({
    sequence,
    heldOn: '2020-11-10',
    focusAreas: undefined,
    childrenPerspective: undefined,
    ...overrides,
  });
}

const withoutRole = (c: SamtaleConfirmation, role: string) => c.participants.filter((p) => p.role !== role);
const rulesOf = (c: SamtaleConfirmation, ctx: SamtaleContext) => checkSamtaleConfirmation(c, ctx).map((v) => v.rule);

describe('checkSamtaleConfirmation', () => {
  it.each<[UnitType, Governance]>([
    ['skole', 'kommunal'],
    ['fu', 'kommunal'],
    ['dagtilbud', 'kommunal'],
    ['dagtilbud', 'selvejende'],
  ])('accepts a fully valid samtale 1 at a %s (%s)', (unitType, governance) => {
    // R28: an FU samtale also has its afdelingsleder and youth representatives.
    const extra = unitType === 'fu' ? [afd, { role: 'ungerepraesentant' as const, name: 'Ung Uffe' }] : [];
    expect(checkSamtaleConfirmation(samtale1({ participants: [...samtale1().participants, ...extra] }), context({ unitType, governance }))).toEqual([]);
  });

  it.each<[string, SamtaleConfirmation, SamtaleContext, string[]]>([
    // R20
    ['R20: refuses a samtale numbered outside 1–4', later(4, { sequence: 5 as never }), context(), ['R20']],

    // R22
    ['R22: refuses samtale 1 without focus areas', samtale1({ focusAreas: [] }), context(), ['R22']],
    ['R22: refuses samtale 1 with focus areas missing', samtale1({ focusAreas: undefined }), context(), ['R22']],
    [
      'R22: refuses a focus area outside the report themes',
      samtale1({ focusAreas: [{ title: 'Trivsel i frikvarteret', theme: 'Trivsel' }] }),
      context(),
      ['R22'],
    ],
    [
      'R22: refuses a focus area without a title',
      samtale1({ focusAreas: [{ title: '  ', theme: 'Fravær' }] }),
      context(),
      ['R22'],
    ],
    [
      'R22: accepts a theme with surrounding blanks',
      samtale1({ focusAreas: [{ title: 'Fravær', theme: ' Fravær ' }] }),
      context(),
      [],
    ],
    ['R22: accepts samtale 2 without focus areas', later(2), context(), []],
    [
      'R22: refuses a focus area outside the themes at samtale 2 too',
      later(2, { focusAreas: [{ title: 'Trivsel', theme: 'Trivsel' }] }),
      context(),
      ['R22'],
    ],

    // R23
    ['R23: refuses a samtale without agreements', later(3, { agreements: [] }), context(), ['R23']],
    ['R23: refuses a samtale with only blank agreements', later(3, { agreements: ['', '  '] }), context(), ['R23']],
    ['R23: accepts one agreement among blanks', later(3, { agreements: ['', 'Ny aftale'] }), context(), []],

    // R24
    ['R24: refuses samtale 1 without the children’s perspective', samtale1({ childrenPerspective: ' ' }), context(), ['R24']],
    ['R24: does not ask for it at samtale 2', later(2, { childrenPerspective: undefined }), context(), []],

    // R25
    ['R25: refuses a samtale without data inputs', samtale1({ dataInputs: [] }), context(), ['R25']],
    ['R25: refuses an unknown data input', samtale1({ dataInputs: ['A', 'F' as never] }), context(), ['R25']],
    ['R25: refuses a data input given twice', samtale1({ dataInputs: ['A', 'B', 'A'] }), context(), ['R25']],
    ['R25: accepts a single data input', samtale1({ dataInputs: ['B'] }), context(), []],

    // R26
    [
      'R26: refuses a samtale at a kommunal unit without the chef',
      samtale1({ participants: withoutRole(samtale1(), 'chef') }),
      context(),
      ['R26'],
    ],
    [
      'R26: accepts a samtale at a selvejende dagtilbud with the board but without the chef',
      samtale1({ participants: withoutRole(samtale1(), 'chef') }),
      context({ unitType: 'dagtilbud', governance: 'selvejende' }),
      [],
    ],
    [
      'R26: refuses a samtale without the unit leader',
      samtale1({ participants: withoutRole(samtale1(), 'leder') }),
      context(),
      ['R26'],
    ],
    [
      'R26: refuses a participant without a name',
      samtale1({ participants: [...samtale1().participants, { role: 'adhoc', name: ' ' }] }),
      context(),
      ['R26'],
    ],
    [
      'R26: refuses an unknown participant role',
      samtale1({ participants: [...samtale1().participants, { role: 'rektor' as never, name: 'X' }] }),
      context(),
      ['R26'],
    ],

    // R27
    [
      'R27: refuses samtale 1 without a board representative',
      samtale1({ participants: withoutRole(samtale1(), 'bestyrelsesrepraesentant'), boardStatement: 'Udtalelse' }),
      context(),
      ['R27'],
    ],
    [
      'R27: refuses samtale 2 with neither board participant nor statement',
      later(2, { participants: withoutRole(samtale1(), 'bestyrelsesrepraesentant'), boardStatement: '  ' }),
      context(),
      ['R27'],
    ],
    [
      'R27: accepts samtale 3 with a written board statement instead',
      later(3, { participants: withoutRole(samtale1(), 'bestyrelsesrepraesentant'), boardStatement: 'Bestyrelsen støtter' }),
      context(),
      [],
    ],
    ['R27: accepts samtale 4 with a board participant', later(4), context(), []],

    // R28 (FU): an afdelingsleder representative always, a youth representative once a year (1–2, 3–4)
    [
      'R28: flags samtale 4 of an FU loop when neither samtale 3 nor 4 had a youth representative',
      later(4, { participants: [...samtale1().participants, afd] }),
      context({ unitType: 'fu', earlierSamtaler: [1, 2, 3].map((sequence) => ({ sequence, participants: [{ role: 'afdelingslederrepraesentant' }] })) }),
      ['R28'],
    ],
    [
      'R28: accepts samtale 4 of an FU loop whose samtale 3 had a youth representative',
      later(4, { participants: [...samtale1().participants, afd] }),
      context({ unitType: 'fu', earlierSamtaler: [{ sequence: 3, participants: [{ role: 'ungerepraesentant' }] }] }),
      [],
    ],
    [
      'R28: a youth representative at samtale 2 does not cover the year of samtaler 3–4',
      later(4, { participants: [...samtale1().participants, afd] }),
      context({ unitType: 'fu', earlierSamtaler: [{ sequence: 2, participants: [{ role: 'senatsrepraesentant' }] }] }),
      ['R28'],
    ],
    [
      'R28: accepts samtale 2 when the senate takes part in it',
      later(2, { participants: [...samtale1().participants, afd, { role: 'senatsrepraesentant', name: 'Senator Sørensen' }] }),
      context({ unitType: 'fu' }),
      [],
    ],
    [
      'R28: flags an FU samtale without an afdelingsleder representative',
      later(3, { participants: [...samtale1().participants] }),
      context({ unitType: 'fu' }),
      ['R28'],
    ],
    [
      'R28: does not count a reopened samtale 4’s earlier confirmation',
      later(4, { participants: [...samtale1().participants, afd] }),
      context({ unitType: 'fu', earlierSamtaler: [{ sequence: 4, participants: [{ role: 'ungerepraesentant' }] }] }),
      ['R28'],
    ],
    [
      'R28: does not judge the youth of a year before its last samtale',
      later(3, { participants: [...samtale1().participants, afd] }),
      context({ unitType: 'fu' }),
      [],
    ],
    ['R28: does not apply to a skole', later(4), context({ unitType: 'skole' }), []],

    // R41
    ['R41: refuses a samtale whose datapakke is pending', samtale1(), context({ datapakke: { state: 'pending' } }), ['R41']],
    ['R41: accepts a samtale whose datapakke was waived', samtale1(), context({ datapakke: { state: 'waived' } }), []],
  ])('%s', (_title, confirmation, ctx, rules) => {
    expect(rulesOf(confirmation, ctx)).toEqual(rules);
  });

  it('R22: names the theme that is not one of the report', () => {
    const violations = checkSamtaleConfirmation(
      samtale1({ focusAreas: [{ title: 'Trivsel i frikvarteret', theme: 'Trivsel' }] }),
      context(),
    );
    expect(violations).toEqual([
      {
        rule: 'R22',
        message:
          'Fokusområdet "Trivsel i frikvarteret" er knyttet til temaet "Trivsel", som ikke er et tema i kvalitetsrapporten (rapportens temaer: "Fravær", "Læringsmiljø", "Faglig udvikling")',
      },
    ]);
  });

  it('R22–R41: returns every violation, in rule-id order', () => {
    const empty: SamtaleConfirmation = {
      sequence: 1,
      heldOn: '2020-04-20',
      participants: [],
      agreements: [],
      dataInputs: [],
    };
    expect(rulesOf(empty, context({ datapakke: { state: 'pending' } }))).toEqual([
      'R22',
      'R23',
      'R24',
      'R25',
      'R26',
      'R26',
      'R27',
      'R41',
    ]);
  });
});

describe('checkSamtaleConfirmation with the framework version’s settings (R73)', () => {
  it('R26: refuses a leadership role that does not belong to the unit type', () => {
    const withClubLeader = samtale1({ participants: [...samtale1().participants, { role: 'fritidscenterleder', name: 'Klubleder' }] });
    expect(rulesOf(withClubLeader, context({ leaderRoles: ['leder', 'paedagogisk_leder'] }))).toEqual(['R26']);
    expect(rulesOf(withClubLeader, context({ unitType: 'fu', afdelingslederAtEverySamtale: false, leaderRoles: ['leder', 'viceleder', 'fritidscenterleder', 'paedagogisk_leder'] }))).toEqual([]);
  });

  it('R27: a version that requires the board at samtale 3 refuses a written statement there', () => {
    const statementOnly = later(3, { participants: withoutRole(samtale1(), 'bestyrelsesrepraesentant'), boardStatement: 'Bestyrelsen bakker op' });
    expect(rulesOf(statementOnly, context())).toEqual([]);
    expect(rulesOf(statementOnly, context({ boardRequiredAt: [1, 3] }))).toEqual(['R27']);
  });

  it('R27: before the statement samtale the board’s perspective is not asked for', () => {
    const noBoard = later(2, { participants: withoutRole(samtale1(), 'bestyrelsesrepraesentant') });
    expect(rulesOf(noBoard, context())).toEqual(['R27']);
    expect(rulesOf(noBoard, context({ boardStatementFrom: 3 }))).toEqual([]);
  });
});

describe('checkSamtaleConfirmation under a version with five samtaler (R20, R28, R73)', () => {
  const fiveRounds = (overrides: Partial<SamtaleContext> = {}) => context({ samtaleCount: 5, ...overrides });

  it('R20: samtale 5 exists there, samtale 6 does not', () => {
    expect(rulesOf(later(4, { sequence: 5 as never }), fiveRounds())).toEqual([]);
    expect(rulesOf(later(4, { sequence: 6 as never }), fiveRounds())).toEqual(['R20']);
  });

  it('R28: with five samtaler the last year is samtale 5 alone', () => {
    const fu = fiveRounds({ unitType: 'fu', leaderRoles: undefined });
    const withAfd = (n: number) => later(4, { sequence: n as never, participants: [...samtale1().participants, afd] });
    expect(rulesOf(withAfd(4), { ...fu, earlierSamtaler: [{ sequence: 3, participants: [{ role: 'ungerepraesentant' }] }] })).toEqual([]);
    expect(rulesOf(withAfd(5), fu)).toEqual(['R28']);
  });
});

describe('fuYouthGapsOf (R28)', () => {
  const young = [{ role: 'ungerepraesentant' as const }];
  it.each<[string, { sequence: number; participants: { role: 'ungerepraesentant' }[] }[], number, { from: number; to: number }[]]>([
    ['R28: flags both years of a loop without youth', [1, 2, 3, 4].map((s) => ({ sequence: s, participants: [] })), 2, [{ from: 1, to: 2 }, { from: 3, to: 4 }]],
    ['R28: one youth participation a year passes', [{ sequence: 1, participants: young }, { sequence: 2, participants: [] }, { sequence: 4, participants: young }], 2, []],
    ['R28: waits while a year is not over', [{ sequence: 1, participants: [] }], 2, []],
    ['R28: a configured count of one per loop (every 4) judges the loop once', [{ sequence: 1, participants: young }, { sequence: 4, participants: [] }], 4, []],
  ])('%s', (_title, samtaler, every, gaps) => {
    expect(fuYouthGapsOf(samtaler, every)).toEqual(gaps);
  });
});
