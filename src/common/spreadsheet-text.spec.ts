import { decodeSpreadsheetText, parseSpreadsheetDate } from './spreadsheet-text';

describe("what Excel does to a CSV file: encodings and date cells (issue 11, kind 4)", () => {
  it('reads "CSV UTF-8" (with BOM), plain UTF-8 and "CSV (semikolonsepareret)" in Windows-1252', () => {
    expect(decodeSpreadsheetText(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('Ærø;Åby')]))).toEqual({ ok: true, text: 'Ærø;Åby', encoding: 'utf-8' });
    expect(decodeSpreadsheetText(Buffer.from('Ærø;Åby'))).toEqual({ ok: true, text: 'Ærø;Åby', encoding: 'utf-8' });
    expect(decodeSpreadsheetText(Buffer.from([0xc6, 0x72, 0xf8, 0x3b, 0xc5, 0x62, 0x79, 0x80]))).toEqual({ ok: true, text: 'Ærø;Åby€', encoding: 'windows-1252' });
    expect(decodeSpreadsheetText(Buffer.from('plain;ascii'))).toMatchObject({ ok: true, text: 'plain;ascii' });
  });

  it('refuses UTF-16 (with or without its byte-order mark), a broken UTF-8 file with a BOM and bytes Windows-1252 lacks, saying how to save instead', () => {
    for (const bytes of [[0xff, 0xfe, 0x41, 0x00], [0xfe, 0xff, 0x00, 0x41], [0x41, 0x00, 0x42, 0x00, 0xe6, 0x00], [0xef, 0xbb, 0xbf, 0xe6], [0x41, 0x81]]) {
      const result = decodeSpreadsheetText(Buffer.from(bytes));
      expect(result).toMatchObject({ ok: false, problem: expect.stringMatching(/CSV UTF-8/) });
    }
  });

  it('passes a stray NUL byte through, so the import names its line and column (issue 13)', () => {
    expect(decodeSpreadsheetText(Buffer.from('navn\nNul\u0000skolen\n'))).toMatchObject({ ok: true, text: 'navn\nNul\u0000skolen\n' });
    expect(decodeSpreadsheetText(Buffer.from([0x41, 0x00, 0xe6, 0x42, 0x43, 0x44]))).toMatchObject({ ok: true, encoding: 'windows-1252' });
  });

  it.each([
    ['2019-08-01', '2019-08-01'],
    ['2019-8-1', '2019-08-01'],
    ['01-08-2019', '2019-08-01'],
    ['1-8-2019', '2019-08-01'],
    ['01.08.2019', '2019-08-01'],
    ['1.8.2019', '2019-08-01'],
    [' 31-12-2999 ', '2999-12-31'],
    ['29-02-2024', '2024-02-29'],
  ])('reads %j as %s', (cell, date) => expect(parseSpreadsheetDate(cell)).toEqual({ ok: true, date }));

  it.each([
    ['1/8/2019', /tvetydig/],
    ['08/01/2019', /tvetydig/],
    ['01-08-19', /tocifret/],
    ['43678', /Excel-datotal/],
    ['01-08-2019 00:00', /ikke en dato/],
    ['01-08.2019', /ikke en dato/],
    ['29-02-2023', /findes/],
    ['31-12-1899', /1900–2999/],
    ['01-01-3000', /1900–2999/],
    ['', /mangler/],
  ])('refuses %j', (cell, problem) => expect(parseSpreadsheetDate(cell)).toMatchObject({ ok: false, problem: expect.stringMatching(problem) }));
});
