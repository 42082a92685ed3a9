import { parse } from 'csv-parse/sync';

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
    names.forEach((name, i) => (values[name] = (record[i] ?? '').trim()));
    return { line: info.lines, values };
  });
}

function count(text: string, char: string): number {
  return text.split(char).length - 1;
}
