import { serviceDateProblem } from '../../workflows/calendar/date-range';
import { isLocalDate } from '../../workflows/calendar/local-date';

/**
 * The text of a file saved by a spreadsheet, whichever of Danish Excel's
 * "CSV" formats it was saved in:
 * - "CSV UTF-8 (kommasepareret)": UTF-8 with a byte order mark;
 * - "CSV (semikolonsepareret)": Windows-1252 (Excel's "ANSI" on a Danish Windows).
 *
 * Telling them apart is unambiguous in practice: a file with the UTF-8 mark,
 * or one that is valid UTF-8, is read as UTF-8; any other file is read as
 * Windows-1252. A Windows-1252 file is valid UTF-8 only if it is plain ASCII
 * (where both read the same) or holds sequences such as "Ã¸" that Danish
 * text does not. "Unicode-tekst" (UTF-16) and files that are neither are
 * refused with what to do instead.
 */
export type DecodedText = { ok: true; text: string; encoding: 'utf-8' | 'windows-1252' } | { ok: false; problem: string };

const SAVE_AS = 'gem den i Excel som "CSV UTF-8 (kommasepareret)" eller "CSV (semikolonsepareret)"';

// Windows-1252 differs from Latin-1 only in 0x80–0x9F; the five undefined bytes are null.
const CP1252_HIGH: readonly (number | null)[] = [
  0x20ac, null, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021, 0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, null, 0x017d, null,
  null, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x02dc, 0x2122, 0x0161, 0x203a, 0x0153, null, 0x017e, 0x0178,
];

export function decodeSpreadsheetText(bytes: Uint8Array): DecodedText {
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    return { ok: false, problem: `filen er gemt som "Unicode-tekst" (UTF-16); ${SAVE_AS}` };
  }
  // UTF-16 without its byte-order mark: every other byte of Danish text is NUL. A stray NUL or two is not
  // that; it is refused with its line and column like any other character a cell cannot hold.
  if (bytes.length >= 4 && countNul(bytes) * 3 > bytes.length) {
    return { ok: false, problem: `filen er gemt som "Unicode-tekst" (UTF-16); ${SAVE_AS}` };
  }
  const hasBom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  const utf8 = tryUtf8(bytes);
  if (utf8 !== null) return { ok: true, text: hasBom ? utf8.replace(/^\uFEFF/, '') : utf8, encoding: 'utf-8' };
  if (hasBom) return { ok: false, problem: `filen begynder som UTF-8, men indeholder tegn, der ikke er gyldig UTF-8; ${SAVE_AS}` };
  let text = '';
  for (let i = 0; i < bytes.length; i++) {
    const byte = bytes[i]!;
    const code = byte >= 0x80 && byte <= 0x9f ? CP1252_HIGH[byte - 0x80] : byte;
    if (code === null || code === undefined) {
      return { ok: false, problem: `filen er hverken UTF-8 eller Windows-1252 (byte ${i + 1}); ${SAVE_AS}` };
    }
    text += String.fromCharCode(code);
  }
  return { ok: true, text, encoding: 'windows-1252' };
}

function tryUtf8(bytes: Uint8Array): string | null {
  try {
    const text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
    // A NUL byte is valid UTF-8; the cell that holds it is refused with its line and column (csv-table.ts).
    return text;
  } catch {
    return null;
  }
}

/**
 * A date cell as Danish Excel writes it into a CSV: `ÅÅÅÅ-MM-DD`, or, when
 * the cell is formatted as a date in a Danish locale, `DD-MM-ÅÅÅÅ` (Windows'
 * Danish short date) or `DD.MM.ÅÅÅÅ`, with or without leading zeros. Refused:
 * `/`-dates (an English-locale Excel writes month first, so 1/8/2020 could be
 * either), two-digit years, a time of day, and Excel's serial numbers (a cell
 * formatted as a number). The result is `YYYY-MM-DD` or a Danish problem.
 */
export function parseSpreadsheetDate(cell: string): { ok: true; date: string } | { ok: false; problem: string } {
  const value = cell.trim();
  const fix = 'skriv den som ÅÅÅÅ-MM-DD eller DD-MM-ÅÅÅÅ';
  if (value === '') return { ok: false, problem: 'Datoen mangler' };
  let iso: string | undefined;
  const isoMatch = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(value);
  const danish = /^(\d{1,2})([-.])(\d{1,2})\2(\d{4})$/.exec(value);
  if (isoMatch) iso = `${isoMatch[1]}-${isoMatch[2]!.padStart(2, '0')}-${isoMatch[3]!.padStart(2, '0')}`;
  else if (danish) iso = `${danish[4]}-${danish[3]!.padStart(2, '0')}-${danish[1]!.padStart(2, '0')}`;
  else if (/^\d{1,2}\/\d{1,2}\/\d{2,4}$/.test(value)) {
    return { ok: false, problem: `"${value}" er tvetydig (dag/måned eller måned/dag); ${fix}` };
  } else if (/^\d{1,2}[-.]\d{1,2}[-.]\d{2}$/.test(value)) {
    return { ok: false, problem: `"${value}" har et tocifret årstal; ${fix}` };
  } else if (/^\d{4,6}([.,]\d+)?$/.test(value)) {
    return { ok: false, problem: `"${value}" ligner et Excel-datotal; formatér cellen som dato, eller ${fix}` };
  } else {
    return { ok: false, problem: `"${value}" er ikke en dato; ${fix}` };
  }
  const problem = serviceDateProblem(iso);
  if (problem) return { ok: false, problem: isLocalDate(iso) ? problem : `"${value}" er ikke en dato, der findes; ${fix}` };
  return { ok: true, date: iso };
}

function countNul(bytes: Uint8Array): number {
  let n = 0;
  for (const byte of bytes) if (byte === 0) n++;
  return n;
}
