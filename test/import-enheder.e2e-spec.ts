import { expecting, importFiles } from './support/fixtures';
import { createTestApp, TestApp } from './support/test-app';

const UNITS = `enhedskode;navn;type;styreform;specialtilbud;distrikt;gyldig_fra;gyldig_til
DT-1;Børnehuset Åløkken;dagtilbud;kommunal;nej;Vest;2012-08-01;
DT-2;Dagtilbud Øst;dagtilbud;selvejende;nej;Øst;2015-01-01;
SK-1;Ellekærskolen;skole;kommunal;nej;Vest;2010-01-01;
`;

const PEOPLE = `email;navn;admin;tilsynsfoerende;rolle;enhedskode;gyldig_fra;gyldig_til
pl.aaloekken@aarhus.dk;Pia Lund;nej;;naeste_ledelseslag;DT-1;2019-08-01;
pl.oest@aarhus.dk;Ole Østergaard;nej;nej;naeste_ledelseslag;DT-2;2019-08-01;
tilsyn@aarhus.dk;Tove Tilsyn;nej;ja;;;;
`;

const ENHEDER = `enhedskode;afdelingskode;navn;adresse;naeste_ledelseslag_email;gyldig_fra;gyldig_til
DT-1-A;DT-1;Åløkken Vuggestue;Åløkkevej 1, 8210 Aarhus V;pl.aaloekken@aarhus.dk;2019-01-01;
DT-1-B;DT-1;Åløkken Børnehave;Åløkkevej 3, 8210 Aarhus V;;2019-01-01;
DT-2-A;DT-2;Østhuset;;pl.oest@aarhus.dk;2015-01-01;
`;

/** The third import file, enheder (R4), and the inspector flag tilsynsfoerende (R90) in people.csv. */
describe('CSV import of enheder and inspectors (R4, R90)', () => {
  let t: TestApp;
  let admin: string;
  const upload = (files: { units?: string; people?: string; enheder?: string }) =>
    expecting(importFiles(t, admin,
      files.units === undefined ? undefined : { name: 'enheder-afdelinger.csv', data: files.units },
      files.people === undefined ? undefined : { name: 'personer.csv', data: files.people },
      files.enheder === undefined ? undefined : { name: 'tilsynsenheder.csv', data: files.enheder }));
  const snapshot = async () => ({
    units: await t.query(`SELECT code, name, valid_to::text FROM unit ORDER BY code`),
    people: await t.query(`SELECT email, name, admin, tilsynsfoerende FROM person ORDER BY email`),
    enheder: await t.query(
      `SELECT e.code, u.code AS unit, e.name, e.address, p.email AS leader, e.valid_from::text, e.valid_to::text
       FROM enhed e JOIN unit u ON u.id = e.unit_id LEFT JOIN person p ON p.id = e.next_layer_leader_person_id ORDER BY e.code`,
    ),
  });

  beforeAll(async () => {
    t = await createTestApp();
    admin = (await t.person('admin@test.local')).auth;
  });
  afterAll(() => t.close());

  it('R4/R90: imports enheder with their unit and next-layer leader, and the inspector flag, in one go with units and people', async () => {
    const res = await upload({ units: UNITS, people: PEOPLE, enheder: ENHEDER }).expect(200);
    expect(res.body).toMatchObject({ units: { created: 3 }, people: { created: 3 }, assignments: { created: 2 }, enheder: { created: 3, updated: 0, unchanged: 0 } });
    const s = await snapshot();
    expect(s.enheder).toEqual([
      { code: 'DT-1-A', unit: 'DT-1', name: 'Åløkken Vuggestue', address: 'Åløkkevej 1, 8210 Aarhus V', leader: 'pl.aaloekken@aarhus.dk', valid_from: '2019-01-01', valid_to: null },
      { code: 'DT-1-B', unit: 'DT-1', name: 'Åløkken Børnehave', address: 'Åløkkevej 3, 8210 Aarhus V', leader: null, valid_from: '2019-01-01', valid_to: null },
      { code: 'DT-2-A', unit: 'DT-2', name: 'Østhuset', address: null, leader: 'pl.oest@aarhus.dk', valid_from: '2015-01-01', valid_to: null },
    ]);
    expect(s.people).toContainEqual({ email: 'tilsyn@aarhus.dk', name: 'Tove Tilsyn', admin: false, tilsynsfoerende: true });
    expect(s.people).toContainEqual({ email: 'pl.aaloekken@aarhus.dk', name: 'Pia Lund', admin: false, tilsynsfoerende: false });
    // R81: each enhed written is in the trail under its unit.
    const [trail] = await t.query<{ n: number }>(`SELECT count(*)::int AS n FROM transition WHERE event = 'ENHED_CREATED'`);
    expect(trail!.n).toBe(3);
  });

  it('R4: the same files again change nothing; a changed enhed is updated, a missing column keeps what is registered', async () => {
    const before = await snapshot();
    const again = await upload({ units: UNITS, people: PEOPLE, enheder: ENHEDER }).expect(200);
    expect(again.body.enheder).toEqual({ created: 0, updated: 0, unchanged: 3 });
    expect(await snapshot()).toEqual(before);
    const renamed = `enhedskode;afdelingskode;navn;gyldig_fra;gyldig_til\nDT-1-B;DT-1;Åløkken Store Børnehave;2019-01-01;2026-07-31\n`;
    const res = await upload({ enheder: renamed }).expect(200);
    expect(res.body).toEqual({
      units: { created: 0, updated: 0, unchanged: 0 },
      people: { created: 0, updated: 0, unchanged: 0 },
      assignments: { created: 0, unchanged: 0 },
      enheder: { created: 0, updated: 1, unchanged: 0 },
    });
    const [b] = (await snapshot()).enheder.filter((e) => e.code === 'DT-1-B');
    expect(b).toMatchObject({ name: 'Åløkken Store Børnehave', address: 'Åløkkevej 3, 8210 Aarhus V', valid_to: '2026-07-31' });
  });

  it('R90: an empty tilsynsfoerende cell keeps the flag; lines that disagree, or a value that is not ja/nej, are named', async () => {
    await upload({ people: 'email;navn;tilsynsfoerende\ntilsyn@aarhus.dk;Tove Tilsyn;\n' }).expect(200);
    expect(await t.query(`SELECT tilsynsfoerende FROM person WHERE email = 'tilsyn@aarhus.dk'`)).toEqual([{ tilsynsfoerende: true }]);
    const res = await upload({ people: 'email;navn;tilsynsfoerende\nx@aarhus.dk;X;ja\nx@aarhus.dk;X;nej\ny@aarhus.dk;Y;måske\n' }).expect(400);
    expect(res.body.errors).toEqual([
      expect.objectContaining({ file: 'personer.csv', line: 3, column: 'tilsynsfoerende', message: expect.stringMatching(/tilsynsførende på linje 2/) }),
      expect.objectContaining({ file: 'personer.csv', line: 4, column: 'tilsynsfoerende' }),
    ]);
  });

  it('R4: every bad enhed is named by file, line and column, and nothing of any file is written', async () => {
    const before = await snapshot();
    const units = `${UNITS}DT-9;Nyt Dagtilbud;dagtilbud;;;;2024-01-01;\nDT-8;Lukket Dagtilbud;dagtilbud;;;;2010-01-01;2020-12-31\n`;
    const enheder = [
      'enhedskode;afdelingskode;navn;adresse;naeste_ledelseslag_email;gyldig_fra;gyldig_til',
      'DT-9-A;DT-9;Ny Afdeling;;;2024-01-01;', // good, but must not be written
      'DT-X;DT-404;Ukendt;;;2020-01-01;', // 3: unknown afdelingskode
      'DT-Y;DT-1;Ukendt leder;;ingen@aarhus.dk;2020-01-01;', // 4: unknown e-mail
      'DT-Z;SK-1;Skoleafdeling;;;2020-01-01;', // 5: R4, not a dagtilbud
      'DT-W;DT-1;For tidlig;;;2001-01-01;', // 6: before the unit
      'DT-V;DT-8;Efter lukning;;;2015-01-01;', // 7: the unit closed, the enhed does not
      'DT-2-A;DT-1;Flyttet;;;2019-01-01;', // 8: registered under DT-2
      'DT-U;DT-1;;;;31-02-2020;', // 9: no name, a date that does not exist
      'DT-9-A;DT-9;Dublet;;;2024-01-01;', // 10: code twice
    ].join('\n');
    const res = await upload({ units, people: PEOPLE, enheder }).expect(400);
    const found = (res.body.errors as { file: string; line: number; column?: string }[]).map((e) => `${e.file}:${e.line}:${e.column}`);
    expect(found).toEqual(expect.arrayContaining([
      'tilsynsenheder.csv:3:afdelingskode',
      'tilsynsenheder.csv:4:naeste_ledelseslag_email',
      'tilsynsenheder.csv:9:navn',
      'tilsynsenheder.csv:9:gyldig_fra',
      'tilsynsenheder.csv:10:enhedskode',
    ]));
    expect(await snapshot()).toEqual(before);
    // Without the lines with file-level faults (the rest move up), the registry's rules name theirs; still nothing is written.
    const registry = await upload({ units, people: PEOPLE, enheder: enheder.split('\n').filter((_, i) => ![2, 3, 8, 9].includes(i)).join('\n') }).expect(400);
    expect(registry.body.errors).toEqual([
      expect.objectContaining({ file: 'tilsynsenheder.csv', line: 3, column: 'afdelingskode', message: expect.stringMatching(/^R4: kun et dagtilbud/) }),
      expect.objectContaining({ file: 'tilsynsenheder.csv', line: 4, column: 'gyldig_fra' }),
      expect.objectContaining({ file: 'tilsynsenheder.csv', line: 5, column: 'gyldig_til', message: expect.stringMatching(/lukkede \(2020-12-31\)/) }),
      expect.objectContaining({ file: 'tilsynsenheder.csv', line: 6, column: 'afdelingskode', message: expect.stringMatching(/hører til DT-2/) }),
    ]);
    expect(await snapshot()).toEqual(before);
  });
});

/** The set-based R1 check on new assignments, as if added one by one in gyldig_fra order. */
describe('set-based assignments in the import (R1)', () => {
  let t: TestApp;
  let admin: string;
  const upload = (units: string | undefined, people: string) =>
    expecting(importFiles(t, admin, units ? { name: 'units.csv', data: units } : undefined, { name: 'people.csv', data: people }));
  const chefs = (code: string) =>
    t.query(
      `SELECT p.email, a.valid_from::text, a.valid_to::text FROM assignment a JOIN unit u ON u.id = a.unit_id JOIN person p ON p.id = a.person_id
       WHERE u.code = $1 AND a.role = 'chef' ORDER BY a.valid_from`,
      [code],
    );

  beforeAll(async () => {
    t = await createTestApp();
    admin = (await t.person('admin@test.local')).auth;
    await upload('enhedskode;navn;type;gyldig_fra\nSK-1;Skole Et;skole;2010-01-01\nSK-2;Skole To;skole;2010-01-01\n', 'email;navn;rolle;enhedskode;gyldig_fra\na@aarhus.dk;A;chef;SK-1;2018-01-01\n').expect(200);
  });
  afterAll(() => t.close());

  it('R1: open chefs in one file follow each other: each ends the day before the next starts, and the registered one too', async () => {
    const people = 'email;navn;rolle;enhedskode;gyldig_fra\nc@aarhus.dk;C;chef;SK-1;2024-08-01\nb@aarhus.dk;B;chef;SK-1;2021-01-01\n';
    const res = await upload(undefined, people).expect(200);
    expect(res.body.assignments).toEqual({ created: 2, unchanged: 0 });
    expect(await chefs('SK-1')).toEqual([
      { email: 'a@aarhus.dk', valid_from: '2018-01-01', valid_to: '2020-12-31' },
      { email: 'b@aarhus.dk', valid_from: '2021-01-01', valid_to: '2024-07-31' },
      { email: 'c@aarhus.dk', valid_from: '2024-08-01', valid_to: null },
    ]);
    const trail = await t.query(`SELECT event FROM transition WHERE payload->>'entity' = 'assignment' AND event = 'ASSIGNMENT_CLOSED'`);
    expect(trail).toHaveLength(1); // the registered chef; the file's own rows are written with their end
  });

  it('R1: two chefs from the same day, or a bounded chef overlapping the next, are refused naming the later line; nothing is written', async () => {
    const before = await chefs('SK-2');
    const people = [
      'email;navn;rolle;enhedskode;gyldig_fra;gyldig_til',
      'd@aarhus.dk;D;chef;SK-2;2020-01-01;2022-12-31',
      'e@aarhus.dk;E;chef;SK-2;2022-06-01;',
      'f@aarhus.dk;F;chef;SK-2;2024-01-01;',
      'g@aarhus.dk;G;chef;SK-2;2024-01-01;',
    ].join('\n');
    const res = await upload(undefined, people).expect(400);
    expect(res.body.errors).toEqual([
      expect.objectContaining({ line: 3, column: 'gyldig_fra', message: expect.stringMatching(/R1: Overlapper tildelingen på linje 2/) }),
      expect.objectContaining({ line: 5, column: 'gyldig_fra', message: expect.stringMatching(/R1: Overlapper tildelingen på linje 4/) }),
    ]);
    expect(await chefs('SK-2')).toEqual(before);
    expect(await t.query(`SELECT 1 FROM person WHERE email = 'd@aarhus.dk'`)).toEqual([]);
  });
});
