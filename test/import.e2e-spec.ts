import { expecting, importFiles } from './support/fixtures';
import { createTestApp, TestApp } from './support/test-app';


const UNITS = `enhedskode;navn;type;styreform;specialtilbud;distrikt;gyldig_fra;gyldig_til
SK-1;Ellekærskolen;skole;kommunal;nej;Vest;2010-01-01;
DT-1;Børnehuset Åløkken;dagtilbud;selvejende;ja;Øst;2012-08-01;
FU-1;UngiAarhus Syd;fu;;;Syd;2015-01-01;
`;

const PEOPLE = `email;navn;admin;rolle;enhedskode;gyldig_fra;gyldig_til
søren@aarhus.dk;Søren Ærø;nej;chef;SK-1;2019-08-01;2023-07-31
søren@aarhus.dk;Søren Ærø;nej;chef;DT-1;2019-08-01;
hanne@aarhus.dk;Hanne Østergård;nej;chef;SK-1;2023-08-01;
mette@aarhus.dk;Mette Kjær;nej;leder;SK-1;2019-08-01;
åse@aarhus.dk;Åse Bach;nej;bestyrelse;DT-1;2019-08-01;
forvaltning@aarhus.dk;Birgitte Holm;ja;;;;
`;

/** Bulk import of the organisation (issue 2): all or nothing, idempotent, every bad row named. */
describe('CSV import of the organisation (R1–R3)', () => {
  let t: TestApp;
  let admin: string;
  /** The import is a job (issue 15): follow it, and check its outcome like the synchronous answer it replaced. */
  const upload = (units?: string | Buffer, people?: string | Buffer) =>
    expecting(importFiles(t, admin, units === undefined ? undefined : { name: 'enheder.csv', data: units }, people === undefined ? undefined : { name: 'personer.csv', data: people }));
  const snapshot = async () => ({
    units: await t.query(`SELECT code, name, type, governance, special, district, valid_from::text, valid_to::text FROM unit ORDER BY code`),
    people: await t.query(`SELECT email, name, admin FROM person ORDER BY email`),
    assignments: await t.query(`SELECT u.code, p.email, a.role, a.valid_from::text, a.valid_to::text FROM assignment a JOIN unit u ON u.id = a.unit_id JOIN person p ON p.id = a.person_id ORDER BY 1, 3, 4, 2`),
  });

  beforeAll(async () => {
    t = await createTestApp();
    admin = (await t.person('admin@test.local')).auth;
  });
  afterAll(() => t.close());

  it('imports units, people and assignments with Danish letters intact', async () => {
    const res = await upload(UNITS, PEOPLE).expect(200);
    expect(res.body).toEqual({
      units: { created: 3, updated: 0, unchanged: 0 },
      people: { created: 5, updated: 0, unchanged: 0 },
      assignments: { created: 5, unchanged: 0 },
    });
    const s = await snapshot();
    expect(s.units).toContainEqual(expect.objectContaining({ code: 'DT-1', name: 'Børnehuset Åløkken', governance: 'selvejende', special: true, district: 'Øst' }));
    expect(s.units).toContainEqual(expect.objectContaining({ code: 'FU-1', governance: 'kommunal', special: false }));
    expect(s.people).toContainEqual({ email: 'åse@aarhus.dk', name: 'Åse Bach', admin: false });
    expect(s.people).toContainEqual({ email: 'forvaltning@aarhus.dk', name: 'Birgitte Holm', admin: true });
    // R3: the chef history of SK-1 is kept.
    expect(s.assignments.filter((a) => a.code === 'SK-1' && a.role === 'chef')).toEqual([
      { code: 'SK-1', email: 'søren@aarhus.dk', role: 'chef', valid_from: '2019-08-01', valid_to: '2023-07-31' },
      { code: 'SK-1', email: 'hanne@aarhus.dk', role: 'chef', valid_from: '2023-08-01', valid_to: null },
    ]);
  });

  it('importing the same files again changes nothing', async () => {
    const before = await snapshot();
    const res = await upload(UNITS, PEOPLE).expect(200);
    expect(res.body).toEqual({
      units: { created: 0, updated: 0, unchanged: 3 },
      people: { created: 0, updated: 0, unchanged: 5 },
      assignments: { created: 0, unchanged: 5 },
    });
    expect(await snapshot()).toEqual(before);
  });

  it('reads comma-separated files with a byte-order mark, as other tools write them', async () => {
    const res = await upload('\uFEFFenhedskode,navn,type,gyldig_fra\nSK-2,"Skolen ved Å, Vest",skole,2020-01-01\n').expect(200);
    expect(res.body.units.created).toBe(1);
    expect((await t.query(`SELECT name FROM unit WHERE code = 'SK-2'`))[0]).toEqual({ name: 'Skolen ved Å, Vest' });
  });

  it('one bad row among good ones changes nothing, and every bad row is named with line, column and reason', async () => {
    const before = await snapshot();
    const units = `${UNITS}SK-3;Ny Skole;skole;selvejende;nej;Vest;2024-01-01;\nSK-4;Anden Skole;gymnasium;;;;2024-13-01;\nSK-1;Dublet;skole;;;;2010-01-01;\nSK-5;God Skole;skole;;;;2024-01-01;\n`;
    const res = await upload(units, PEOPLE).expect(400);
    expect(res.body.errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ file: 'enheder.csv', line: 5, column: 'styreform', message: expect.stringMatching(/R1/) }),
        expect.objectContaining({ file: 'enheder.csv', line: 6, column: 'type' }),
        expect.objectContaining({ file: 'enheder.csv', line: 6, column: 'gyldig_fra' }),
        expect.objectContaining({ file: 'enheder.csv', line: 7, column: 'enhedskode', message: expect.stringMatching(/linje 2/) }),
      ]),
    );
    expect(await snapshot()).toEqual(before);
  });

  it('names unknown and missing columns, unknown unit codes, clashing names, and bad roles', async () => {
    const unknown = await upload('enhedskode;navn;type;gyldig_fra;farve\nX;Y;skole;2020-01-01;blå\n').expect(400);
    expect(unknown.body.errors[0]).toMatchObject({ line: 1, column: 'farve' });
    const missing = await upload('enhedskode;navn\nX;Y\n').expect(400);
    expect(missing.body.errors.map((e: { column: string }) => e.column)).toEqual(expect.arrayContaining(['type', 'gyldig_fra']));
    const people = await upload(undefined, 'email;navn;admin;rolle;enhedskode;gyldig_fra\nny@aarhus.dk;Ny Person;nej;leder;SK-99;2024-01-01\nny@aarhus.dk;Anden Person;ja;;;\nx@aarhus.dk;X;nej;rektor;SK-1;2024-01-01\nikke-en-mail;Y;nej;;;\n').expect(400);
    const byLine = (line: number) => people.body.errors.filter((e: { line: number }) => e.line === line).map((e: { column: string }) => e.column);
    expect(byLine(2)).toContain('enhedskode');
    expect(byLine(3)).toEqual(expect.arrayContaining(['navn', 'admin']));
    expect(byLine(4)).toContain('rolle');
    expect(byLine(5)).toContain('email');
  });

  it('an assignment that overlaps another chef of the unit is refused, naming its row', async () => {
    const before = await snapshot();
    const res = await upload(undefined, 'email;navn;admin;rolle;enhedskode;gyldig_fra;gyldig_til\nny.chef@aarhus.dk;Ny Chef;nej;chef;SK-1;2020-01-01;2021-12-31\n').expect(400);
    expect(res.body.errors).toEqual([expect.objectContaining({ file: 'personer.csv', line: 2, message: expect.stringMatching(/Overlapper/) })]);
    expect(await snapshot()).toEqual(before);
  });

  it('a people file without an admin column leaves administrators as they are', async () => {
    await upload(undefined, 'email;navn\nforvaltning@aarhus.dk;Birgitte Holm\n').expect(200);
    expect((await t.query(`SELECT admin FROM person WHERE email = 'forvaltning@aarhus.dk'`))[0]).toEqual({ admin: true });
  });

  it('R1: the import does not reopen a closed unit, nor close one before assignments that start later', async () => {
    const before = await snapshot();
    const later = await upload(UNITS.replace('SK-1;Ellekærskolen;skole;kommunal;nej;Vest;2010-01-01;', 'SK-1;Ellekærskolen;skole;kommunal;nej;Vest;2010-01-01;2023-01-31')).expect(400);
    expect(later.body.errors[0]).toMatchObject({ line: 2, column: 'gyldig_til' });
    expect(await snapshot()).toEqual(before);
    await upload(UNITS.replace('FU-1;UngiAarhus Syd;fu;;;Syd;2015-01-01;', 'FU-1;UngiAarhus Syd;fu;;;Syd;2015-01-01;2026-07-31')).expect(200);
    const reopen = await upload(UNITS).expect(400);
    expect(reopen.body.errors[0]).toMatchObject({ line: 4, column: 'gyldig_til', message: expect.stringMatching(/genåbnes ikke/) });
  });

  it('refuses a file that is neither UTF-8 nor Windows-1252, an empty file and a request without files', async () => {
    const utf16 = await upload(Buffer.from([0xff, 0xfe, 0x65, 0x00, 0x6e, 0x00])).expect(400);
    expect(utf16.body.message).toMatch(/Unicode-tekst.*CSV UTF-8/);
    await upload(Buffer.from([0x65, 0x6e, 0x68, 0x81, 0x0a])).expect(400);
    await upload('').expect(400);
    await t.as(admin).post('/api/v1/import').expect(400);
  });

  describe('what Excel does to a CSV file (issue 11, kind 4)', () => {
    const windows1252 = (text: string) => Buffer.from(text, 'latin1'); // æøåÆØÅ are the same bytes in Latin-1 and Windows-1252

    it('ignores rows of only separators and a header padded with empty columns, as Excel leaves them', async () => {
      const units = `enhedskode;navn;type;styreform;specialtilbud;distrikt;gyldig_fra;gyldig_til;;\nEX-1;Excelskolen;skole;;;Vest;2010-01-01;;;\n;;;;;;;;;\n;;;;;;;;;\n`;
      const people = `email;navn;admin;rolle;enhedskode;gyldig_fra;gyldig_til;;\n;;;;;;;;\nex.leder@aarhus.dk;Eva Excel;nej;leder;EX-1;2019-08-01;;;\n;;;;;;;;\n;;;;;;;;\n;;;;;;;;\n`;
      const res = await upload(units, people).expect(200);
      expect(res.body).toMatchObject({ units: { created: 1 }, people: { created: 1 }, assignments: { created: 1 } });
    });

    it('refuses a value in a column without a name, naming line and column', async () => {
      const res = await upload(`enhedskode;navn;type;gyldig_fra;\nEX-9;Skole;skole;2010-01-01;hov\n`).expect(400);
      expect(res.body.errors).toEqual([expect.objectContaining({ line: 2, column: 'kolonne 5', message: expect.stringMatching(/uden overskrift/) })]);
    });

    it('reads "CSV (semikolonsepareret)" in Windows-1252 and "CSV UTF-8" with a BOM alike', async () => {
      const units = `enhedskode;navn;type;distrikt;gyldig_fra\nEX-2;Ærøskøbing Børnehus;dagtilbud;Øst;2011-01-01\n`;
      await upload(windows1252(units)).expect(200);
      await upload(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(units)])).expect(200).expect((r) => expect(r.body.units).toEqual({ created: 0, updated: 0, unchanged: 1 }));
      const [unit] = await t.query<{ name: string; district: string }>(`SELECT name, district FROM unit WHERE code = 'EX-2'`);
      expect(unit).toEqual({ name: 'Ærøskøbing Børnehus', district: 'Øst' });
    });

    it('reads dates as Danish Excel writes a date cell, Ja/JA/Nej/SAND in any case and stray spaces; refuses the ambiguous with line and column', async () => {
      const units = `enhedskode;navn;type;specialtilbud;gyldig_fra;gyldig_til\nEX-3; Datoskolen  Nord ;skole; JA ;01-08-2012;31.12.2030\nEX-4;Datohuset;dagtilbud;Nej;1.8.2013; \nEX-5;${'Sandhuset Å'.normalize('NFD')};dagtilbud;SAND;2014-8-1;\n`;
      await upload(units).expect(200);
      const rows = await t.query(`SELECT code, name, special, valid_from::text, valid_to::text FROM unit WHERE code IN ('EX-3', 'EX-4', 'EX-5') ORDER BY code`);
      expect(rows).toEqual([
        { code: 'EX-3', name: 'Datoskolen Nord', special: true, valid_from: '2012-08-01', valid_to: '2030-12-31' },
        { code: 'EX-4', name: 'Datohuset', special: false, valid_from: '2013-08-01', valid_to: null },
        { code: 'EX-5', name: 'Sandhuset Å', special: true, valid_from: '2014-08-01', valid_to: null }, // composed, though the file spelled Å as A + ring
      ]);
      const bad = `enhedskode;navn;type;gyldig_fra;gyldig_til\nEX-6;A;skole;1/8/2012;\nEX-7;B;skole;01-08-12;\nEX-8;C;skole;41122;\nEX-9;D;skole;31-02-2012;\nEX-10;E;skole;01-01-1850;\n`;
      const res = await upload(bad).expect(400);
      expect(res.body.errors).toEqual([
        expect.objectContaining({ line: 2, column: 'gyldig_fra', message: expect.stringMatching(/tvetydig/) }),
        expect.objectContaining({ line: 3, column: 'gyldig_fra', message: expect.stringMatching(/tocifret/) }),
        expect.objectContaining({ line: 4, column: 'gyldig_fra', message: expect.stringMatching(/Excel-datotal/) }),
        expect.objectContaining({ line: 5, column: 'gyldig_fra', message: expect.stringMatching(/findes/) }),
        expect.objectContaining({ line: 6, column: 'gyldig_fra', message: expect.stringMatching(/1900–2999/) }),
      ]);
    });
  });
});
