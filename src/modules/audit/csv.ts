/**
 * CSV as Danish Excel opens it: UTF-8 with a BOM (so æøå survive), `;` as
 * separator (Danish Excel's list separator), CRLF line ends, RFC 4180 quoting.
 * Cells that a spreadsheet would read as a formula (starting with = + - @,
 * or a tab or carriage return) are prefixed with a single quote (CSV
 * injection, OWASP), so a unit named "=HYPERLINK(...)" stays text.
 */
export type CsvCell = string | number | null | undefined;

/** Tells Excel the file is UTF-8. */
export const CSV_BOM = '\uFEFF';
const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[;"\r\n]/;

export function csvCell(value: CsvCell): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  let text = value;
  if (FORMULA_START.test(text)) text = `'${text}`;
  return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvLine(cells: readonly CsvCell[]): string {
  return cells.map(csvCell).join(';');
}

/** The whole file: BOM, header, rows, each line ended by CRLF. */
export function toCsv(header: readonly string[], rows: readonly (readonly CsvCell[])[]): Buffer {
  return Buffer.from(CSV_BOM + [header, ...rows].map((r) => csvLine(r) + '\r\n').join(''), 'utf8');
}
