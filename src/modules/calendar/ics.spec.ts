import { CRLF, IcsEvent, MAX_LINE_OCTETS, escapeText, foldLine, formatDate, formatUtcDateTime, writeCalendar } from './ics';
import { CalendarObligation, danishDate, eventStatus, obligationTitle, toCalendarEvent } from './obligation-event';

const octets = (s: string) => Buffer.byteLength(s, 'utf8');
/** RFC 5545 §3.1 unfolding: remove every CRLF followed by one space or tab. */
const unfold = (s: string) => s.replace(/\r\n[ \t]/g, '');
const lines = (s: string) => s.split(CRLF);

const stamp = new Date('2026-11-22T08:30:05.123Z');
const event = (over: Partial<IcsEvent> = {}): IcsEvent => ({
  uid: '6f1c1f49-3f4a-4a51-9d8e-0a0a0a0a0a0a@kvalitetsloop',
  date: '2020-12-15',
  summary: 'Læringssamtale 2 – Ellekærskolen',
  status: 'TENTATIVE',
  sequence: 0,
  ...over,
});

describe('RFC 5545 writer', () => {
  describe('TEXT escaping (§3.3.11)', () => {
    it('escapes backslash, semicolon and comma', () => {
      expect(escapeText('a\\b;c,d')).toBe('a\\\\b\\;c\\,d');
    });

    it('turns every kind of line break into \\n', () => {
      expect(escapeText('en\nto\r\ntre\rfire')).toBe('en\\nto\\ntre\\nfire');
    });

    it('leaves colons, quotes and Danish letters alone and drops other control characters', () => {
      expect(escapeText('Kl. 10:00 "Åbyhøj" æøå\u0007\u0000')).toBe('Kl. 10:00 "Åbyhøj" æøå');
    });

    it('escapes the backslash first, so an escaped value is never double-read', () => {
      expect(escapeText('\\n')).toBe('\\\\n');
    });
  });

  describe('line folding at 75 octets (§3.1)', () => {
    it('leaves a line of exactly 75 octets alone', () => {
      const line = 'X'.repeat(75);
      expect(foldLine(line)).toBe(line);
    });

    it('folds ASCII into 75 octets, then a space and 74 octets', () => {
      const line = 'A'.repeat(200);
      const folded = lines(foldLine(line));
      expect(folded.map(octets)).toEqual([75, 75, 52]);
      expect(folded.slice(1).every((l) => l.startsWith(' ') && !l.startsWith('  '))).toBe(true);
      expect(unfold(foldLine(line))).toBe(line);
    });

    it('counts Danish letters as two octets and never splits one', () => {
      const line = `SUMMARY:${'æøåÆØÅ'.repeat(20)}`;
      const folded = foldLine(line);
      for (const l of lines(folded)) {
        expect(octets(l)).toBeLessThanOrEqual(MAX_LINE_OCTETS);
        // A split inside a character would show as U+FFFD after a round trip through bytes.
        expect(Buffer.from(l, 'utf8').toString('utf8')).toBe(l);
        expect(l).not.toContain('\uFFFD');
      }
      expect(lines(folded).length).toBeGreaterThan(1);
      expect(unfold(folded)).toBe(line);
    });

    it('fills a line to 74 octets when the next two-octet letter would cross 75', () => {
      // "SUMMARY:" (8) + 33 × "ø" (66) = 74; the next "ø" would make 76.
      const folded = lines(foldLine(`SUMMARY:${'ø'.repeat(40)}`));
      expect(octets(folded[0]!)).toBe(74);
      expect(folded[1]).toBe(` ${'ø'.repeat(7)}`);
    });

    it('keeps four-octet emoji (surrogate pairs in JavaScript) whole', () => {
      const line = `DESCRIPTION:Godt gået 🎉👍🏽 ${'🦊'.repeat(40)} slut`;
      const folded = foldLine(line);
      for (const l of lines(folded)) {
        expect(octets(l)).toBeLessThanOrEqual(MAX_LINE_OCTETS);
        expect(l).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/);
      }
      expect(unfold(folded)).toBe(line);
    });

    it('mixes one-, two-, three- and four-octet characters', () => {
      const line = `SUMMARY:${'aæ€😀'.repeat(30)}`;
      const folded = foldLine(line);
      expect(lines(folded).every((l) => octets(l) <= MAX_LINE_OCTETS)).toBe(true);
      expect(unfold(folded)).toBe(line);
    });
  });

  describe('values', () => {
    it('writes a DATE as YYYYMMDD and refuses a date that does not exist', () => {
      expect(formatDate('2024-02-29')).toBe('20240229');
      expect(() => formatDate('2023-02-29')).toThrow(RangeError);
    });

    it('writes DTSTAMP as UTC without milliseconds', () => {
      expect(formatUtcDateTime(stamp)).toBe('20261122T083005Z');
    });
  });

  describe('the calendar', () => {
    const text = writeCalendar({
      name: 'Kvalitetsloop – Søren Vestergaard',
      stamp,
      events: [
        event(),
        event({ uid: 'b@kvalitetsloop', date: '2020-12-31', status: 'CONFIRMED', sequence: 3, lastModified: new Date('2020-09-01T10:00:00Z') }),
        event({ uid: 'c@kvalitetsloop', date: '2024-02-29', status: 'CANCELLED', summary: 'Datapakke 1; A, B \\ C', description: 'Linje 1\nLinje 2' }),
      ],
    });

    it('uses CRLF after every line and nowhere a bare LF or CR', () => {
      expect(text.endsWith(CRLF)).toBe(true);
      expect(text.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    });

    it('has the calendar properties, with a Danish name', () => {
      const l = lines(unfold(text));
      expect(l.slice(0, 5)).toEqual(['BEGIN:VCALENDAR', 'VERSION:2.0', expect.stringMatching(/^PRODID:/), 'CALSCALE:GREGORIAN', 'METHOD:PUBLISH']);
      expect(l).toContain('X-WR-CALNAME:Kvalitetsloop – Søren Vestergaard');
      expect(l).toContain('X-WR-TIMEZONE:Europe/Copenhagen');
      expect(l.at(-2)).toBe('END:VCALENDAR');
    });

    it('balances BEGIN and END and writes one VEVENT per event', () => {
      const l = lines(text);
      expect(l.filter((x) => x === 'BEGIN:VEVENT')).toHaveLength(3);
      expect(l.filter((x) => x === 'END:VEVENT')).toHaveLength(3);
      let depth = 0;
      for (const x of l) {
        if (x.startsWith('BEGIN:')) depth++;
        if (x.startsWith('END:')) depth--;
        expect(depth).toBeGreaterThanOrEqual(0);
      }
      expect(depth).toBe(0);
    });

    it('writes all-day events: DTSTART;VALUE=DATE and an exclusive DTEND the next day, across month, year and leap day', () => {
      const l = lines(unfold(text));
      expect(l).toEqual(expect.arrayContaining(['DTSTART;VALUE=DATE:20201215', 'DTEND;VALUE=DATE:20201216']));
      expect(l).toEqual(expect.arrayContaining(['DTSTART;VALUE=DATE:20201231', 'DTEND;VALUE=DATE:20210101']));
      expect(l).toEqual(expect.arrayContaining(['DTSTART;VALUE=DATE:20240229', 'DTEND;VALUE=DATE:20240301']));
      expect(l.filter((x) => x.startsWith('DTSTART')).every((x) => x.startsWith('DTSTART;VALUE=DATE:'))).toBe(true);
    });

    it('stamps every event in UTC and writes status, sequence and last-modified', () => {
      const l = lines(unfold(text));
      expect(l.filter((x) => x === 'DTSTAMP:20261122T083005Z')).toHaveLength(3);
      expect(l).toEqual(expect.arrayContaining(['STATUS:TENTATIVE', 'STATUS:CONFIRMED', 'STATUS:CANCELLED', 'SEQUENCE:3', 'LAST-MODIFIED:20200901T100000Z']));
    });

    it('escapes summary and description', () => {
      const l = lines(unfold(text));
      expect(l).toContain('SUMMARY:Datapakke 1\\; A\\, B \\\\ C');
      expect(l).toContain('DESCRIPTION:Linje 1\\nLinje 2');
    });

    it('keeps every content line within 75 octets', () => {
      const long = writeCalendar({ name: `Kvalitetsloop – ${'Åse Brøndum-Ærøskøbing '.repeat(5)}`, stamp, events: [event({ summary: `🎉 ${'Læringssamtale – '.repeat(10)}` })] });
      expect(lines(long).every((l) => octets(l) <= MAX_LINE_OCTETS)).toBe(true);
    });

    it('refuses a negative or fractional SEQUENCE', () => {
      expect(() => writeCalendar({ name: 'x', stamp, events: [event({ sequence: -1 })] })).toThrow(RangeError);
      expect(() => writeCalendar({ name: 'x', stamp, events: [event({ sequence: 1.5 })] })).toThrow(RangeError);
    });
  });
});

describe('an obligation as an event', () => {
  const base: CalendarObligation = {
    id: '6f1c1f49-3f4a-4a51-9d8e-0a0a0a0a0a0a',
    kind: 'laeringssamtale',
    sequence: 2,
    subjectKey: '',
    unitName: 'Ellekærskolen',
    opensOn: '2020-08-01',
    dueOn: '2020-12-15',
    state: 'planned',
    scheduledOn: null,
    completedOn: null,
    version: 1,
    updatedAt: new Date('2020-03-25T12:00:00Z'),
  };

  it('has a stable UID from the obligation id', () => {
    expect(toCalendarEvent(base).uid).toBe('6f1c1f49-3f4a-4a51-9d8e-0a0a0a0a0a0a@kvalitetsloop');
    expect(toCalendarEvent({ ...base, state: 'scheduled', scheduledOn: '2020-09-10', version: 2 }).uid).toBe(toCalendarEvent(base).uid);
  });

  it('sits on the due date while unbooked (TENTATIVE), on the booked date when booked (CONFIRMED)', () => {
    const open = toCalendarEvent(base);
    expect([open.date, open.status, open.sequence]).toEqual(['2020-12-15', 'TENTATIVE', 0]);
    expect(open.description).toContain('Ikke booket');
    const booked = toCalendarEvent({ ...base, state: 'scheduled', scheduledOn: '2020-09-10', version: 2 });
    expect([booked.date, booked.status, booked.sequence]).toEqual(['2020-09-10', 'CONFIRMED', 1]);
    expect(booked.description).toContain('Booket: 10. september 2020');
  });

  it('a completed obligation that was never booked does not say "Ikke booket" (it was held)', () => {
    const held = toCalendarEvent({ ...base, state: 'completed', completedOn: '2020-12-01', version: 2 });
    expect(held.description).toContain('Gennemført: 1. december 2020');
    expect(held.description).not.toContain('booket');
  });

  it('marks cancelled and waived obligations CANCELLED, so subscribers remove them', () => {
    expect(eventStatus({ state: 'cancelled', scheduledOn: '2020-09-10' })).toBe('CANCELLED');
    expect(eventStatus({ state: 'waived', scheduledOn: null })).toBe('CANCELLED');
    expect(eventStatus({ state: 'completed', scheduledOn: null })).toBe('CONFIRMED');
    expect(eventStatus({ state: 'overdue', scheduledOn: null })).toBe('TENTATIVE');
  });

  it('describes the window and the state in Danish', () => {
    const d = toCalendarEvent({ ...base, state: 'overdue' }).description!;
    expect(d).toContain('Vindue: åbner 1. august 2020, frist 15. december 2020');
    expect(d).toContain('Tilstand: Overskredet');
  });

  it('titles every kind in Danish', () => {
    const title = (kind: CalendarObligation['kind'], sequence = 1, subjectKey = '', subjectName: string | null = null) =>
      obligationTitle({ kind, sequence, subjectKey, subjectName });
    expect(toCalendarEvent(base).summary).toBe('Læringssamtale 2 – Ellekærskolen');
    expect(title('datapakke')).toBe('Datapakke 1');
    expect(title('ledelsesopfoelgning', 3)).toBe('1:1 ledelsesopfølgning 3');
    expect(title('ledelsesopfoelgning', 3, 'd4c1…', 'Rasmus Lund')).toBe('1:1 ledelsesopfølgning 3 med Rasmus Lund');
    expect(title('tilsynsafrapportering', 1, '2021')).toBe('Tilsynsafrapportering 2021');
    expect(title('bestyrelsesinput', 2)).toBe('Bestyrelsens input til læringssamtale 2');
    expect(title('elevinput')).toBe('Input fra elevråd/senat');
    expect(title('loopopsamling')).toBe('Loopopsamling');
    expect(title('opfoelgningsmoede')).toBe('Opfølgningsmøde 1');
  });

  it('R4: a statutory obligation is titled as the pages name it, with its tilsynsenhed, never as a code', () => {
    const visit = (subjectKey: string, enhedName: string | null) => obligationTitle({ kind: 'tilsynsbesoeg', sequence: 1, subjectKey, subjectName: null, enhedName });
    expect(visit('2026-2027:anmeldt', 'Børnehuset Solsikken')).toBe('Anmeldt tilsynsbesøg 2026–2027, Børnehuset Solsikken');
    expect(visit('2026-2027:anmeldt', 'Naturbørnehaven Skovly')).not.toBe(visit('2026-2027:anmeldt', 'Børnehuset Solsikken'));
    expect(visit('2026-2027:anmeldt', null)).toBe('Anmeldt tilsynsbesøg 2026–2027');
    expect(obligationTitle({ kind: 'tilsynsrapport', sequence: 1, subjectKey: '', subjectName: null, enhedName: 'Skovly' })).toBe('Tilsynsrapport 1, Skovly');
    expect(obligationTitle({ kind: 'tilsynsdokumentation', sequence: 1, subjectKey: '', subjectName: null })).not.toMatch(/tilsynsdokumentation/);
  });

  it('writes Danish dates', () => {
    expect(danishDate('2021-05-01')).toBe('1. maj 2021');
  });
});
