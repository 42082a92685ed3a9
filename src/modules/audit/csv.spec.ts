import { csvCell, csvLine, toCsv } from './csv';

describe('CSV for Danish Excel (R80)', () => {
  it('leaves plain cells alone and writes numbers and empty cells', () => {
    expect(csvLine(['SK-1', 'Ellekærskolen', 3, 0, null, undefined])).toBe('SK-1;Ellekærskolen;3;0;;');
  });

  it('quotes cells with ; " or line breaks, doubling quotes', () => {
    expect(csvCell('a;b')).toBe('"a;b"');
    expect(csvCell('Skolen "Nord"')).toBe('"Skolen ""Nord"""');
    expect(csvCell('linje 1\nlinje 2')).toBe('"linje 1\nlinje 2"');
    expect(csvCell('a\r\nb')).toBe('"a\r\nb"');
  });

  it.each(['=1+1', '+45 1234', '-2', '@SUM(A1)', '\tx', '\rx'])('neutralises the formula-like cell %j with a leading quote', (value) => {
    const cell = csvCell(value);
    expect(cell.replace(/^"/, '').startsWith("'")).toBe(true);
  });

  it('neutralises and quotes together', () => {
    expect(csvCell('=HYPERLINK("http://x";"klik")')).toBe(`"'=HYPERLINK(""http://x"";""klik"")"`);
  });

  it('does not touch the en dash used for "not applicable" or dates', () => {
    expect(csvCell('–')).toBe('–');
    expect(csvCell('2021-05-01')).toBe('2021-05-01');
  });

  it('starts with a UTF-8 BOM and ends every line with CRLF', () => {
    const buffer = toCsv(['a', 'b'], [['æ', 1]]);
    expect([...buffer.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(buffer.toString('utf8')).toBe('\uFEFFa;b\r\næ;1\r\n');
  });
});
