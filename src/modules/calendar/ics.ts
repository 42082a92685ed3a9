/**
 * A small RFC 5545 (iCalendar) writer: pure, no I/O, no clock of its own.
 *
 * Only what the calendar feed needs: one VCALENDAR of VEVENTs. All-day events
 * (`DTSTART;VALUE=DATE`) carry calendar dates (R72), so daylight saving can
 * never move them; a booking with a time of day is a timed event in local
 * Copenhagen time (`TZID=Europe/Copenhagen`), and the calendar then carries
 * that VTIMEZONE so every client reads the same instant.
 *
 * Text values are escaped (RFC 5545 §3.3.11) and content lines are folded at
 * 75 octets counted in UTF-8 (§3.1) without splitting a character; lines end
 * with CRLF.
 */
import { addDays, isLocalDate } from '../../../workflows/calendar/local-date';
import type { LocalDate } from '../../../workflows/domain';

export const CRLF = '\r\n';
/** §3.1: "Lines of text SHOULD NOT be longer than 75 octets, excluding the line break." */
export const MAX_LINE_OCTETS = 75;
export const PRODID = '-//Aarhus Kommune Børn og Unge//Kvalitetsloop//DA';

export type IcsStatus = 'TENTATIVE' | 'CONFIRMED' | 'CANCELLED';

export interface IcsEvent {
  /** Globally unique and stable across fetches, e.g. `<obligation id>@kvalitetsloop`. */
  uid: string;
  /** The all-day event's date; it ends (exclusively) on the next day. With `time`, the day of the timed event. */
  date: LocalDate;
  /** A timed event: wall-clock 'HH:MM' in Europe/Copenhagen on `date`. */
  time?: { start: string; end: string };
  location?: string;
  /** DTSTAMP of this event; defaults to the calendar's stamp. */
  stamp?: Date;
  summary: string;
  description?: string;
  status: IcsStatus;
  /** Revision number (§3.8.7.4): non-negative, grows with every change of the event. */
  sequence: number;
  lastModified?: Date;
  categories?: string[];
}

export interface IcsCalendar {
  /** Shown by Outlook, Google and Apple as the calendar's name (X-WR-CALNAME). */
  name: string;
  /** DTSTAMP of events that bring none of their own. */
  stamp?: Date;
  events: readonly IcsEvent[];
  /** Suggested polling interval for subscribers, in minutes. */
  refreshMinutes?: number;
}

/** §3.3.11 TEXT: backslash, semicolon and comma are escaped; any line break becomes `\n`. Other control characters are dropped. */
export function escapeText(value: string): string {
  return value
    .replace(/\r\n|\r|\n/g, '\n')
    .replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, '')
    .replace(/[\\;,\n]/g, (c) => (c === '\n' ? '\\n' : `\\${c}`));
}

/**
 * §3.1 folding: a line longer than 75 octets is split into a first line of at
 * most 75 octets and continuation lines of one space plus at most 74 octets.
 * Splits fall between characters (code points), never inside a UTF-8 sequence.
 * Returns the folded line without a final CRLF.
 */
export function foldLine(line: string): string {
  if (Buffer.byteLength(line, 'utf8') <= MAX_LINE_OCTETS) return line;
  const parts: string[] = [];
  let current = '';
  let octets = 0;
  let limit = MAX_LINE_OCTETS;
  for (const char of line) {
    // UTF-8 length from the code point: Buffer.byteLength per character made a chef's 3,000-event feed CPU-bound.
    const cp = char.codePointAt(0)!;
    const size = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
    if (octets + size > limit) {
      parts.push(current);
      current = '';
      octets = 0;
      limit = MAX_LINE_OCTETS - 1; // the leading space of a continuation line counts
    }
    current += char;
    octets += size;
  }
  parts.push(current);
  return parts.join(`${CRLF} `);
}

/** A DATE value (§3.3.4): `YYYYMMDD`. */
export function formatDate(date: LocalDate): string {
  if (!isLocalDate(date)) throw new RangeError(`Ikke en dato på formen ÅÅÅÅ-MM-DD: ${JSON.stringify(date)}`);
  return date.replace(/-/g, '');
}

/** A DATE-TIME in UTC (§3.3.5, form 2): `YYYYMMDDTHHMMSSZ`. */
export function formatUtcDateTime(instant: Date): string {
  if (Number.isNaN(instant.getTime())) throw new RangeError('Ugyldigt tidspunkt');
  return instant.toISOString().replace(/\.\d{3}Z$/, 'Z').replace(/[-:]/g, '');
}

function property(name: string, value: string): string {
  return foldLine(`${name}:${value}`);
}

export const TZID = 'Europe/Copenhagen';

/**
 * Europe/Copenhagen since 1996 (EU rules: last Sunday of March 02:00 → CEST,
 * last Sunday of October 03:00 → CET); every timed event here is later.
 */
export const VTIMEZONE_COPENHAGEN = [
  'BEGIN:VTIMEZONE',
  `TZID:${TZID}`,
  `X-LIC-LOCATION:${TZID}`,
  'BEGIN:DAYLIGHT',
  'TZOFFSETFROM:+0100',
  'TZOFFSETTO:+0200',
  'TZNAME:CEST',
  'DTSTART:19700329T020000',
  'RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU',
  'END:DAYLIGHT',
  'BEGIN:STANDARD',
  'TZOFFSETFROM:+0200',
  'TZOFFSETTO:+0100',
  'TZNAME:CET',
  'DTSTART:19701025T030000',
  'RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU',
  'END:STANDARD',
  'END:VTIMEZONE',
];

const HHMM = /^([01]\d|2[0-3]):([0-5]\d)$/;

/** A local DATE-TIME (§3.3.5, form 3, with TZID): `YYYYMMDDTHHMM00`. */
export function formatLocalDateTime(date: LocalDate, time: string): string {
  if (!HHMM.test(time)) throw new RangeError(`Ikke et klokkeslæt TT:MM: ${JSON.stringify(time)}`);
  return `${formatDate(date)}T${time.replace(':', '')}00`;
}

function eventLines(event: IcsEvent, fallbackStamp: Date | undefined): string[] {
  if (!Number.isInteger(event.sequence) || event.sequence < 0) throw new RangeError(`SEQUENCE skal være et ikke-negativt heltal, ikke ${event.sequence}`);
  const stamp = event.stamp ?? fallbackStamp ?? event.lastModified;
  if (!stamp) throw new RangeError('Begivenheden mangler DTSTAMP');
  const lines = [
    'BEGIN:VEVENT',
    property('UID', escapeText(event.uid)),
    property('DTSTAMP', formatUtcDateTime(stamp)),
    ...(event.time
      ? [property(`DTSTART;TZID=${TZID}`, formatLocalDateTime(event.date, event.time.start)), property(`DTEND;TZID=${TZID}`, formatLocalDateTime(event.date, event.time.end))]
      : [property('DTSTART;VALUE=DATE', formatDate(event.date)), property('DTEND;VALUE=DATE', formatDate(addDays(event.date, 1)))]),
    property('SUMMARY', escapeText(event.summary)),
  ];
  if (event.description !== undefined) lines.push(property('DESCRIPTION', escapeText(event.description)));
  if (event.location) lines.push(property('LOCATION', escapeText(event.location)));
  if (event.categories?.length) lines.push(property('CATEGORIES', event.categories.map(escapeText).join(',')));
  lines.push(
    property('STATUS', event.status),
    // An all-day reminder of a deadline should not block the day in free/busy; a booked meeting at a time does.
    event.time ? 'TRANSP:OPAQUE' : 'TRANSP:TRANSPARENT',
    property('SEQUENCE', String(event.sequence)),
  );
  if (event.lastModified) lines.push(property('LAST-MODIFIED', formatUtcDateTime(event.lastModified)));
  lines.push('END:VEVENT');
  return lines;
}

/** The whole VCALENDAR object, CRLF after every line (including the last). */
export function writeCalendar(calendar: IcsCalendar): string {
  const refresh = calendar.refreshMinutes ?? 60;
  const duration = refresh % 60 === 0 ? `PT${refresh / 60}H` : `PT${refresh}M`;
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    property('PRODID', PRODID),
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    property('X-WR-CALNAME', escapeText(calendar.name)),
    'X-WR-TIMEZONE:Europe/Copenhagen',
    // RFC 7986 and its de-facto predecessor: how often subscribers should poll.
    `REFRESH-INTERVAL;VALUE=DURATION:${duration}`,
    `X-PUBLISHED-TTL:${duration}`,
    ...(calendar.events.some((e) => e.time) ? VTIMEZONE_COPENHAGEN : []),
    ...calendar.events.flatMap((e) => eventLines(e, calendar.stamp)),
    'END:VCALENDAR',
  ];
  return lines.join(CRLF) + CRLF;
}
