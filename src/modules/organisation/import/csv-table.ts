import { parse } from 'csv-parse/sync';
import { badText } from '../../../common/request-limits';

/** Longer than any column the registry stores (names are at most 200). */
const MAX_FIELD_LENGTH = 1000;

/** One problem in an import file, pointing at the line and column a person can fix. */
export interface ImportProblem {
  file: string;
  line: number;
  column?: string;
  message: string;
}

export interface CsvRow {
  line: number;
  values: Record<string, string>;
}

/**
 * Reads a CSV (`;` or `,` separated, as Danish Excel and others write it)
 * into rows keyed by header. Unknown or missing columns are problems, not
 * guesses; lines with only empty cells and columns with neither a name nor
 * a value (what Excel leaves after a row or column was cleared) are ignored.
 */
export function readCsv(
  file: string,
  text: string,
  columns: { required: readonly string[]; optional: readonly string[] },
  problems: ImportProblem[],
): CsvRow[] {
  const content = text.replace(/^\uFEFF/, '');
  const headerLine = content.split(/\r?\n/, 1)[0] ?? '';
  if (headerLine.trim() === '') {
    problems.push({ file, line: 1, message: `Filen er tom; første linje skal være kolonnenavnene: ${columns.required.join(';')}` });
    return [];
  }
  const delimiter = count(headerLine, ';') >= count(headerLine, ',') ? ';' : ',';
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(content, { delimiter, info: true, skip_empty_lines: true, trim: true, relax_quotes: false, relax_column_count: true }) as never;
  } catch (error) {
    const e = error as { lines?: number; message: string };
    problems.push({ file, line: e.lines ?? 1, message: `Ugyldig CSV: ${e.message}` });
    return [];
  }
  // Excel keeps the cells of a cleared row or column: a line of only separators, and a header padded with them.
  // Each cell is cleaned once, here; the raw record stays for badText (what the cleaning would hide).
  const [header, ...body] = records
    .map(({ record, info }) => ({ record, cells: record.map(clean), line: info.lines }))
    .filter(({ cells }) => cells.some((cell) => cell !== ''));
  if (!header) {
    problems.push({ file, line: 1, message: `Filen er tom; første linje skal være kolonnenavnene: ${columns.required.join(';')}` });
    return [];
  }
  header.record.forEach((name) => {
    const bad = badText(name);
    if (bad) problems.push({ file, line: 1, message: `En kolonneoverskrift ${bad}` });
  });
  const names = header.cells.map((name) => name.toLowerCase());
  const known = new Set([...columns.required, ...columns.optional]);
  names.forEach((name) => {
    if (name !== '' && !known.has(name)) {
      problems.push({ file, line: 1, column: name, message: `Ukendt kolonne "${name}"; tilladte kolonner: ${[...known].join(', ')}` });
    }
  });
  columns.required.forEach((name) => {
    if (!names.includes(name)) problems.push({ file, line: 1, column: name, message: `Kolonnen "${name}" mangler` });
  });
  const duplicates = names.filter((name, i) => name !== '' && names.indexOf(name) !== i);
  duplicates.forEach((name) => problems.push({ file, line: 1, column: name, message: `Kolonnen "${name}" står der to gange` }));
  if (problems.some((p) => p.file === file)) return [];

  const named = names.reduce((last, name, i) => (name !== '' ? i + 1 : last), 0);
  return body.map(({ record, cells, line }) => {
    if (cells.length < named) {
      problems.push({ file, line, message: `Linjen har ${cells.length} felter, men overskriften har ${named}` });
    }
    // A cell under no column name is only accepted empty: its meaning would be a guess.
    cells.forEach((cell, i) => {
      if (cell !== '' && !names[i]) {
        problems.push({ file, line, column: `kolonne ${i + 1}`, message: `Cellen "${cell}" står i en kolonne uden overskrift` });
      }
    });
    const values: Record<string, string> = {};
    names.forEach((name, i) => {
      if (name === '') return;
      // Checked once, at the entrance: text the database or a screen cannot hold is named by line and column.
      const bad = badText(record[i] ?? '');
      const value = cells[i] ?? '';
      if (bad) problems.push({ file, line, column: name, message: `Feltet ${bad}` });
      else if (value.length > MAX_FIELD_LENGTH) problems.push({ file, line, column: name, message: `Feltet er for langt (${value.length} tegn; højst ${MAX_FIELD_LENGTH})` });
      // Without the offending characters, so the same cell is not reported twice for another reason.
      values[name] = bad ? value.replace(/[\u0000-\u001F\u007F\uD800-\uDFFF]/g, '') : value;
    });
    return { line, values };
  });
}

/**
 * A cell as a person meant it: no stray spaces (also Excel's non-breaking
 * ones) around or doubled inside, and Danish letters in their composed form
 * (a file from a Mac may spell å as a + ring), so searches and keys match.
 */
function clean(cell: string): string {
  // Most cells need neither step; testing first spares a new string per cell (55,000 lines at national scale).
  // Below U+0300 nothing composes or decomposes (combining marks start there), so NFC is the identity.
  const composed = BEYOND_LATIN.test(cell) ? cell.normalize('NFC') : cell;
  return MESSY_SPACE.test(composed) ? composed.replace(/\s+/g, ' ').trim() : composed;
}

const BEYOND_LATIN = /[^\u0000-\u02ff]/;
/** Space at either end, two in a row, or any but a plain space (\s includes Excel's non-breaking one). */
const MESSY_SPACE = /^\s|\s$|\s\s|[^\S ]/;

function count(text: string, char: string): number {
  return text.split(char).length - 1;
}
