import { Injectable, UnauthorizedException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash, randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { addYears } from '../../../workflows/calendar/local-date';
import type { LocalDate, ObligationKind, ObligationState } from '../../../workflows/domain';
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

interface ObligationRow {
  id: string;
  kind: ObligationKind;
  sequence: number;
  subject_key: string;
  subject_name: string | null;
  unit_name: string;
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
   * The calendar of a person, or NotFoundError when the person does not exist.
   * Everything in it comes from stored rows (DTSTAMP, LAST-MODIFIED and
   * SEQUENCE included), so an unchanged calendar is byte for byte the same and
   * keeps its ETag. Cancelled and waived obligations leave it.
   */
  async calendarFor(personId: string, scope: CalendarScope = 'mine'): Promise<RenderedCalendar> {
    const [person] = await this.db.query<{ name: string }[]>(`SELECT name FROM person WHERE id = $1`, [personId]);
    if (!person) throw new NotFoundError('Personen findes ikke');
    const today = this.clock.today();
    // R91: a held unannounced visit's booked date and times stay with the coordinators and its inspectors.
    const planned = (column: string) => plannedColumn('o', column, '$1', `EXISTS (SELECT 1 FROM person pa WHERE pa.id = $1 AND pa.admin)`);
    const rows = await this.db.query<ObligationRow[]>(
      `SELECT o.id, o.kind, o.sequence, o.subject_key, sp.name AS subject_name, u.name AS unit_name,
              to_char(o.opens_on, 'YYYY-MM-DD') AS opens_on, to_char(o.due_on, 'YYYY-MM-DD') AS due_on,
              o.state, to_char(${planned('scheduled_on')}, 'YYYY-MM-DD') AS scheduled_on, to_char(o.completed_on, 'YYYY-MM-DD') AS completed_on,
              ${planned('start_time')} AS start_time, ${planned('end_time')} AS end_time, o.location, cp.name AS chef_name, lp.name AS leader_name, rp.name AS responsible_name,
              o.version, o.updated_at
         FROM obligation o
         JOIN unit u ON u.id = o.unit_id
         LEFT JOIN person sp ON o.kind = 'ledelsesopfoelgning' AND o.subject_key <> '' AND sp.id::text = o.subject_key
         LEFT JOIN person cp ON cp.id = o.chef_person_id
         LEFT JOIN person lp ON lp.id = o.leader_person_id
         LEFT JOIN person rp ON rp.id = o.responsible_person_id
        WHERE ${scope === 'enheder' ? visibleTo('o', '$1', '$4') : participatesIn('o', '$1', '$4')}
          AND o.state NOT IN ('cancelled', 'waived')
          AND o.due_on BETWEEN $2::date AND $3::date
        ORDER BY o.due_on, u.name, o.kind, o.sequence, o.id`,
      [personId, addYears(today, -CALENDAR_YEARS_BACK), addYears(today, CALENDAR_YEARS_AHEAD), today],
    );
    const body = writeCalendar({
      name: scope === 'enheder' ? `Kvalitetsloop – mine enheder (${person.name})` : `Kvalitetsloop – mine forpligtelser (${person.name})`,
      events: rows.map((r) => toCalendarEvent(toCalendarObligation(r))),
    });
    return { body, etag: `"${createHash('sha256').update(body, 'utf8').digest('base64url')}"` };
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
    const token = file.endsWith('.ics') ? file.slice(0, -'.ics'.length) : '';
    if (!FEED_TOKEN_PATTERN.test(token)) throw invalidFeed();
    const [feed] = await this.db.query<{ person_id: string }[]>(`SELECT f.person_id FROM calendar_feed f JOIN person p ON p.id = f.person_id WHERE f.token_hash = $1`, [hashFeedToken(token)]);
    if (!feed) throw invalidFeed();
    return this.calendarFor(feed.person_id, scope);
  }
}

function invalidFeed(): UnauthorizedException {
  return new UnauthorizedException('Ukendt eller udløbet kalenderlink; opret et nyt');
}

function toCalendarObligation(r: ObligationRow): CalendarObligation {
  return {
    id: r.id,
    kind: r.kind,
    sequence: r.sequence,
    subjectKey: r.subject_key,
    subjectName: r.subject_name,
    unitName: r.unit_name,
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
