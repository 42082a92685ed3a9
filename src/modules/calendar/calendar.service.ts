import { Injectable, UnauthorizedException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash, randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { addYears } from '../../../workflows/calendar/local-date';
import type { LocalDate, ObligationKind, ObligationState } from '../../../workflows/domain';
import { followUpWith } from '../../../workflows/labels';
import { Clock } from '../../common/clock';
import { BadInputError, NotFoundError } from '../../common/errors';
import { PublicUrl } from '../../common/public-url';
import { participatesIn, plannedColumn, visibleTo } from '../obligations';
import { writeCalendar } from './ics';
import { CalendarObligation, toCalendarEvent } from './obligation-event';

/** 32 random bytes, base64url without padding: 43 characters. */
export const FEED_TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;
/** How far back and ahead a calendar reaches, by due date. */
export const CALENDAR_YEARS_BACK = 1;
export const CALENDAR_YEARS_AHEAD = 2;

export interface CalendarFeedCreated {
  url: string;
  unitsUrl: string;
  token: string;
}

/**
 * What a calendar holds: by default (`mine`) the obligations the person takes
 * part in (participatesIn); `enheder` everything they see in their units
 * (visibleTo), e.g. a chef's leaders' follow-ups with their next-layer leaders.
 */
export type CalendarScope = 'mine' | 'enheder';

/** `?omfang=enheder` or nothing; anything else is a 400 naming the field. */
export function parseScope(omfang: unknown): CalendarScope {
  if (omfang === undefined || omfang === '') return 'mine';
  if (omfang === 'enheder') return 'enheder';
  throw new BadInputError('omfang skal være "enheder" eller udeladt', [{ field: 'omfang', message: 'ukendt værdi' }]);
}

export interface RenderedCalendar {
  body: string;
  /** Strong ETag: the SHA-256 of the body, quoted. */
  etag: string;
}

export interface ObligationRow {
  id: string;
  kind: ObligationKind;
  sequence: number;
  subject_key: string;
  subject_name: string | null;
  /** R51's next-layer leader (VERSION_COLUMNS), null for R50's follow-up and anything else. */
  subject_id: string | null;
  chef_person_id: string | null;
  leader_person_id: string | null;
  unit_name: string;
  enhed_name: string | null;
  opens_on: LocalDate;
  due_on: LocalDate;
  state: ObligationState;
  scheduled_on: LocalDate | null;
  completed_on: LocalDate | null;
  start_time: string | null;
  end_time: string | null;
  location: string | null;
  chef_name: string | null;
  leader_name: string | null;
  responsible_name: string | null;
  version: number;
  updated_at: Date;
}

/**
 * The text of a uuid as PostgreSQL prints it: exactly the subject keys the
 * earlier join `person.id::text = subject_key` matched, so the cast cannot fail.
 */
const UUID_TEXT = '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$';

/** The feed's order; it ends with the id, so it is a function of the rows alone. */
const FEED_ORDER = 'r.due_on, r.unit_name, r.kind, r.sequence, r.id';

/**
 * The columns of the feed's CTE `r` that the fingerprint reads: each selected
 * obligation's id and row version, and the ids of the unit and the people
 * whose names it shows.
 */
const VERSION_COLUMNS = `o.id, o.xmin::text AS row_version, o.unit_id, o.enhed_id, o.chef_person_id, o.leader_person_id, o.responsible_person_id,
      (CASE WHEN o.kind = 'ledelsesopfoelgning' AND o.subject_key ~ '${UUID_TEXT}' THEN o.subject_key::uuid END) AS subject_id`;

/**
 * The calendar's fingerprint over CTE `r` (VERSION_COLUMNS) for viewer `$1`,
 * base64 SHA-256 of: the viewer's row version (their name and whether they are
 * an administrator, which R91's planned-date masking reads), the selected
 * obligations as (id, row version), and the row versions of the units,
 * enheder and people named in them — each list in id order.
 *
 * Why row versions are exact: every UPDATE writes a new row version whose
 * `xmin` is the writing transaction's id, and two versions of one row that
 * another transaction can see never share an `xmin` (a transaction that
 * writes a row twice leaves only its last version visible). So equal (id,
 * xmin) lists mean equal rows, hence equal columns, names, masking and
 * order, hence equal bytes; which obligations are selected at all (R3, R6's
 * assignments today, R91's secrecy) is the id list itself. (Transaction ids
 * repeat only after ~2³¹ transactions, far beyond the life of a process's
 * cache entry.) Cheaper than hashing the rendered rows: no name look-ups per
 * row, only per distinct unit and person.
 */
const FINGERPRINT_OF_R = `encode(sha256(convert_to(concat_ws(E'\n',
      (SELECT pv.xmin::text FROM person pv WHERE pv.id = $1),
      coalesce((SELECT string_agg(r.id::text || ':' || r.row_version, ',' ORDER BY r.id) FROM r), ''),
      coalesce((SELECT string_agg(fu.id::text || ':' || fu.xmin::text, ',' ORDER BY fu.id) FROM unit fu WHERE fu.id = ANY(ARRAY(SELECT DISTINCT r.unit_id FROM r))), ''),
      coalesce((SELECT string_agg(fe.id::text || ':' || fe.xmin::text, ',' ORDER BY fe.id) FROM enhed fe WHERE fe.id = ANY(ARRAY(SELECT DISTINCT r.enhed_id FROM r))), ''),
      coalesce((SELECT string_agg(fp.id::text || ':' || fp.xmin::text, ',' ORDER BY fp.id) FROM person fp
         WHERE fp.id = ANY(ARRAY(SELECT r.chef_person_id FROM r UNION SELECT r.leader_person_id FROM r UNION SELECT r.responsible_person_id FROM r UNION SELECT r.subject_id FROM r))), '')
    ), 'UTF8')), 'base64')`;

export function hashFeedToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

export function feedPath(token: string): string {
  return `/api/v1/calendar/${token}.ics`;
}

/**
 * A person's calendar of obligations, as iCalendar text, and the secret feed
 * URL that lets Outlook or Google poll it without a bearer token.
 *
 * The calendar is personal: by default the obligations the person takes part
 * in (participatesIn in visibility.ts), with `?omfang=enheder` everything they
 * see (visibleTo). An administrator's calendar is therefore their own duties,
 * not everything.
 */
@Injectable()
export class CalendarService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly clock: Clock,
    private readonly publicUrl: PublicUrl,
  ) {}

  /**
   * The feed's statement: the rows of person `$1`'s calendar (`scope`) with
   * due dates from `$2` to `$3` (Europe/Copenhagen dates), R6 as of `$4`
   * (today). Every value the rendered calendar shows comes from these
   * columns (plus the person's name), which is what makes the fingerprint
   * below exact.
   */
  private feedRowsSql(scope: CalendarScope): string {
    return `SELECT ${this.displayColumns()} FROM obligation o WHERE ${this.feedWhere(scope)}`;
  }

  private displayColumns(): string {
    // R91: a held unannounced visit's booked date and times stay with the coordinators and its inspectors.
    const planned = (column: string) => plannedColumn('o', column, '$1', `EXISTS (SELECT 1 FROM person pa WHERE pa.id = $1 AND pa.admin)`);
    // Names by primary key per row (scalar subqueries): as joins the planner hashed all 30,000 people three times and sorted them by id text.
    const name = (table: string, id: string) => `(SELECT n.name FROM ${table} n WHERE n.id = ${id})`;
    return `${VERSION_COLUMNS}, o.kind, o.sequence, o.subject_key,
              ${name('person', `(CASE WHEN o.kind = 'ledelsesopfoelgning' AND o.subject_key ~ '${UUID_TEXT}' THEN o.subject_key::uuid END)`)} AS subject_name,
              ${name('unit', 'o.unit_id')} AS unit_name,
              ${name('enhed', 'o.enhed_id')} AS enhed_name,
              to_char(o.opens_on, 'YYYY-MM-DD') AS opens_on, to_char(o.due_on, 'YYYY-MM-DD') AS due_on,
              o.state, to_char(${planned('scheduled_on')}, 'YYYY-MM-DD') AS scheduled_on, to_char(o.completed_on, 'YYYY-MM-DD') AS completed_on,
              ${planned('start_time')} AS start_time, ${planned('end_time')} AS end_time, o.location,
              ${name('person', 'o.chef_person_id')} AS chef_name, ${name('person', 'o.leader_person_id')} AS leader_name, ${name('person', 'o.responsible_person_id')} AS responsible_name,
              o.version, o.updated_at`;
  }

  /** Which obligations the feed holds (visibility.ts's one definition, R91 included), `$1`–`$4` as feedRowsSql. */
  private feedWhere(scope: CalendarScope): string {
    return `${scope === 'enheder' ? visibleTo('o', '$1', '$4') : participatesIn('o', '$1', '$4')}
          AND o.state NOT IN ('cancelled', 'waived')
          AND o.due_on BETWEEN $2::date AND $3::date`;
  }

  /** `$2`–`$4` of feedRowsSql for today. */
  private window(today: LocalDate): [LocalDate, LocalDate, LocalDate] {
    return [addYears(today, -CALENDAR_YEARS_BACK), addYears(today, CALENDAR_YEARS_AHEAD), today];
  }

  /**
   * The fingerprint of person `personId`'s calendar (`scope`) as the database
   * holds it now, without reading the rows into Node or looking up a name per
   * row (FINGERPRINT_OF_R: row versions, and why that is exact). Two reads
   * with the same name, today, scope and fingerprint render the same bytes
   * (RenderedFeeds). One statement; NotFoundError when the person does not exist.
   */
  async fingerprint(personId: string, scope: CalendarScope, today: LocalDate = this.clock.today()): Promise<{ name: string; fingerprint: string }> {
    const [row] = await this.db.query<{ name: string; fingerprint: string }[]>(
this.fingerprintSql(scope), this.readRowsParams(personId, today),
    );
    if (!row) throw new NotFoundError('Personen findes ikke');
    return row;
  }

  /**
   * Renders the calendar of a person from one statement, which returns the
   * rows and their fingerprint together (so the two describe the same data),
   * and `name` as the calendar's name. Everything in it comes from stored rows
   * (DTSTAMP, LAST-MODIFIED and SEQUENCE included), so an unchanged calendar
   * is byte for byte the same and keeps its ETag. Cancelled and waived
   * obligations leave it.
   */
  async render(personId: string, scope: CalendarScope, name: string, today: LocalDate = this.clock.today()): Promise<{ body: Buffer; etag: string; fingerprint: string | undefined }> {
    const { rows, fingerprint } = await this.readRows(personId, scope, today);
    const body = Buffer.from(this.renderRows(rows, scope, name, personId), 'utf8');
    return { body, etag: `"${createHash('sha256').update(body).digest('base64url')}"`, fingerprint };
  }

  /** render's statement: the rows in the feed's order and their fingerprint, read together (bench:calendar times it alone). */
  async readRows(personId: string, scope: CalendarScope, today: LocalDate = this.clock.today()): Promise<{ rows: ObligationRow[]; fingerprint: string | undefined }> {
    const rows = await this.db.query<(ObligationRow & { fingerprint: string })[]>(this.readRowsSql(scope), this.readRowsParams(personId, today));
    // An empty calendar brings no fingerprint of its own: it is cheap to render and is not stored (RenderedFeeds).
    return { rows, fingerprint: rows[0]?.fingerprint };
  }

  /** fingerprint's statement (parameters: readRowsParams). */
  fingerprintSql(scope: CalendarScope): string {
    return `WITH r AS MATERIALIZED (SELECT ${VERSION_COLUMNS} FROM obligation o WHERE ${this.feedWhere(scope)})
       SELECT p.name, ${FINGERPRINT_OF_R} AS fingerprint FROM person p WHERE p.id = $1`;
  }

  /** readRows' statement and its parameters. */
  readRowsSql(scope: CalendarScope): string {
    return `WITH r AS MATERIALIZED (${this.feedRowsSql(scope)})
       SELECT r.*, (SELECT ${FINGERPRINT_OF_R}) AS fingerprint FROM r ORDER BY ${FEED_ORDER}`;
  }

  /** `today` (Europe/Copenhagen) sets the window and R6; one value per request, so key and rows agree across midnight. */
  readRowsParams(personId: string, today: LocalDate = this.clock.today()): unknown[] {
    return [personId, ...this.window(today)];
  }

  /**
   * render's text, from readRows' rows (pure), for reader `personId`: a follow-up's title names whom it is with as
   * that person sees it (followUpWith). The names and ids it reads are covered by the fingerprint (chef, leader,
   * subject person rows and the obligation row), and the reader is part of RenderedFeeds' key.
   */
  renderRows(rows: readonly ObligationRow[], scope: CalendarScope, name: string, personId: string): string {
    return writeCalendar({
      name: scope === 'enheder' ? `Kvalitetsloop – mine enheder (${name})` : `Kvalitetsloop – mine forpligtelser (${name})`,
      events: rows.map((r) => toCalendarEvent(toCalendarObligation(r, personId))),
    });
  }

  /**
   * The calendar of a person, or NotFoundError when the person does not exist
   * (uncached: one fingerprint and one render).
   */
  async calendarFor(personId: string, scope: CalendarScope = 'mine'): Promise<RenderedCalendar> {
    const today = this.clock.today();
    const { name } = await this.fingerprint(personId, scope, today);
    const { body, etag } = await this.render(personId, scope, name, today);
    return { body: body.toString('utf8'), etag };
  }

  /** The person a feed file name (`<token>.ics`) belongs to; 401 as calendarForFeed. */
  async feedOwner(file: string): Promise<string> {
    const token = file.endsWith('.ics') ? file.slice(0, -'.ics'.length) : '';
    if (!FEED_TOKEN_PATTERN.test(token)) throw invalidFeed();
    const [feed] = await this.db.query<{ person_id: string }[]>(`SELECT f.person_id FROM calendar_feed f JOIN person p ON p.id = f.person_id WHERE f.token_hash = $1`, [hashFeedToken(token)]);
    if (!feed) throw invalidFeed();
    return feed.person_id;
  }

  /**
   * Creates the person's feed, or replaces it: the new token is returned once
   * and only its hash is stored, so the old token stops working at once.
   */
  async createFeed(personId: string): Promise<CalendarFeedCreated> {
    const token = randomBytes(32).toString('base64url');
    await this.db.query(
      `INSERT INTO calendar_feed (person_id, token_hash) VALUES ($1, $2)
       ON CONFLICT (person_id) DO UPDATE SET token_hash = EXCLUDED.token_hash, created_at = now()`,
      [personId, hashFeedToken(token)],
    );
    const url = this.publicUrl.link(feedPath(token));
    return { url, unitsUrl: `${url}?omfang=enheder`, token };
  }

  /** When the person's current feed was made, or null when they have none (the address itself is never kept). */
  async feedCreatedAt(personId: string): Promise<Date | null> {
    const [row] = await this.db.query<{ created_at: Date }[]>(`SELECT created_at FROM calendar_feed WHERE person_id = $1`, [personId]);
    return row ? new Date(row.created_at) : null;
  }

  /** Disables the person's feed (idempotent). */
  async deleteFeed(personId: string): Promise<void> {
    await this.db.query(`DELETE FROM calendar_feed WHERE person_id = $1`, [personId]);
  }

  /**
   * The calendar behind a feed file name (`<token>.ics`). Anything that is not
   * a current token, malformed or not, is a 401 with the same message, so
   * the answer reveals nothing about which tokens exist.
   */
  async calendarForFeed(file: string, scope: CalendarScope = 'mine'): Promise<RenderedCalendar> {
    return this.calendarFor(await this.feedOwner(file), scope);
  }

}

function invalidFeed(): UnauthorizedException {
  return new UnauthorizedException('Ukendt eller udløbet kalenderlink; opret et nyt');
}

function toCalendarObligation(r: ObligationRow, reader: string): CalendarObligation {
  return {
    id: r.id,
    kind: r.kind,
    sequence: r.sequence,
    subjectKey: r.subject_key,
    subjectName: followUpWith(
      {
        kind: r.kind,
        chefPersonId: r.chef_person_id,
        chefName: r.chef_name,
        leaderPersonId: r.leader_person_id,
        leaderName: r.leader_name,
        naesteLedelseslagPersonId: r.subject_id,
        naesteLedelseslagName: r.subject_name,
      },
      reader,
    ),
    unitName: r.unit_name,
    enhedName: r.enhed_name,
    opensOn: r.opens_on,
    dueOn: r.due_on,
    state: r.state,
    scheduledOn: r.scheduled_on,
    completedOn: r.completed_on,
    startTime: r.start_time,
    endTime: r.end_time,
    location: r.location,
    chefName: r.chef_name,
    leaderName: r.leader_name,
    responsibleName: r.responsible_name,
    version: Number(r.version),
    updatedAt: new Date(r.updated_at),
  };
}
