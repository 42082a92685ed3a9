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
 * Reads a UTF-8 CSV (`;` or `,` separated, as Danish Excel and others write
 * it) into rows keyed by header. Unknown or missing columns are problems, not
 * guesses.
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
    records = parse(content, { delimiter, info: true, skip_empty_lines: true, trim: true, relax_quotes: false }) as never;
  } catch (error) {
    const e = error as { lines?: number; message: string };
    problems.push({ file, line: e.lines ?? 1, message: `Ugyldig CSV: ${e.message}` });
    return [];
  }
  const [header, ...body] = records;
  const names = header!.record.map((name) => name.trim().toLowerCase());
  names.forEach((name) => {
    const bad = badText(name);
    if (bad) problems.push({ file, line: 1, message: `En kolonneoverskrift ${bad}` });
  });
  const known = new Set([...columns.required, ...columns.optional]);
  names.forEach((name) => {
    if (!known.has(name)) {
      problems.push({ file, line: 1, column: name, message: `Ukendt kolonne "${name}"; tilladte kolonner: ${[...known].join(', ')}` });
    }
  });
  columns.required.forEach((name) => {
    if (!names.includes(name)) problems.push({ file, line: 1, column: name, message: `Kolonnen "${name}" mangler` });
  });
  const duplicates = names.filter((name, i) => names.indexOf(name) !== i);
  duplicates.forEach((name) => problems.push({ file, line: 1, column: name, message: `Kolonnen "${name}" står der to gange` }));
  if (problems.some((p) => p.file === file)) return [];

  return body.map(({ record, info }) => {
    if (record.length !== names.length) {
      problems.push({ file, line: info.lines, message: `Linjen har ${record.length} felter, men overskriften har ${names.length}` });
    }
    const values: Record<string, string> = {};
    names.forEach((name, i) => {
      const value = (record[i] ?? '').trim();
      // Checked once, at the entrance: text the database or a screen cannot hold is named by line and column.
      const bad = badText(value);
      if (bad) problems.push({ file, line: info.lines, column: name, message: `Feltet ${bad}` });
      else if (value.length > MAX_FIELD_LENGTH) problems.push({ file, line: info.lines, column: name, message: `Feltet er for langt (${value.length} tegn; højst ${MAX_FIELD_LENGTH})` });
      // Without the offending characters, so the same cell is not reported twice for another reason.
      values[name] = bad ? value.replace(/[\u0000-\u001F\u007F\uD800-\uDFFF]/g, '') : value;
    });
    return { line: info.lines, values };
  });
}

function count(text: string, char: string): number {
  return text.split(char).length - 1;
}
