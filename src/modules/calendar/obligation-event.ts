/**
 * One obligation as one calendar event, in Danish. Pure: the service reads
 * the rows, this decides what a subscriber sees.
 */
import { localDateParts } from '../../../workflows/calendar/local-date';
import type { LocalDate, ObligationKind, ObligationState } from '../../../workflows/domain';
import { obligationName, STATE_LABELS } from '../../../workflows/labels';
import type { IcsEvent, IcsStatus } from './ics';

/** What the calendar needs of an obligation row (joined with its unit). */
export interface CalendarObligation {
  id: string;
  kind: ObligationKind;
  sequence: number;
  /** '' normally; the year of a tilsynsafrapportering; the next-layer leader's id of an R51 follow-up. */
  subjectKey: string;
  /** Whom a 1:1 follow-up is with, as the reader sees it (followUpWith in workflows/labels.ts: R50's chef or leader, R51's other party); null when nobody is named. */
  subjectName?: string | null;
  unitName: string;
  /** R4: the tilsynsenhed of a statutory obligation; null for the unit's implicit one and outside tilsyn. */
  enhedName?: string | null;
  opensOn: LocalDate;
  dueOn: LocalDate;
  state: ObligationState;
  scheduledOn: LocalDate | null;
  /** A booking's time of day ('HH:MM', Europe/Copenhagen) and place. */
  startTime?: string | null;
  endTime?: string | null;
  location?: string | null;
  completedOn: LocalDate | null;
  /** Names of the chef and leader on the due date and of the responsible person, when known. */
  chefName?: string | null;
  leaderName?: string | null;
  responsibleName?: string | null;
  /** The row's optimistic-lock version (starts at 1). */
  version: number;
  updatedAt: Date;
}

export const UID_DOMAIN = 'kvalitetsloop';

const MONTHS = ['januar', 'februar', 'marts', 'april', 'maj', 'juni', 'juli', 'august', 'september', 'oktober', 'november', 'december'];

/** `2020-08-01` → `1. august 2020`. */
export function danishDate(date: LocalDate): string {
  const { year, month, day } = localDateParts(date);
  return `${day}. ${MONTHS[month - 1]} ${year}`;
}

/**
 * The event's title without the unit: "Læringssamtale 2", "Tilsynsafrapportering 2021", … A statutory obligation
 * (a tilsyn visit, its documentation, dialogue, orientation, a handleplan, a tilsynsrapport, …) is named as the pages
 * name it, with its tilsynsenhed (R4), so a unit's visits per enhed are told apart in the calendar too.
 */
export function obligationTitle(o: Pick<CalendarObligation, 'kind' | 'sequence' | 'subjectKey' | 'subjectName' | 'enhedName'>): string {
  switch (o.kind) {
    case 'laeringssamtale':
      return `Læringssamtale ${o.sequence}`;
    case 'datapakke':
      return `Datapakke ${o.sequence}`;
    case 'ledelsesopfoelgning':
      // R50/R51: whom the follow-up is with, as the reader sees it (followUpWith), as Mit overblik names it.
      return o.subjectName ? `1:1 ledelsesopfølgning ${o.sequence} med ${o.subjectName}` : `1:1 ledelsesopfølgning ${o.sequence}`;
    case 'elevinput':
      return 'Input fra elevråd/senat';
    case 'bestyrelsesinput':
      return `Bestyrelsens input til læringssamtale ${o.sequence}`;
    case 'loopopsamling':
      return 'Loopopsamling';
    case 'tilsynsafrapportering':
      return `Tilsynsafrapportering ${/^\d{4}$/.test(o.subjectKey) ? o.subjectKey : o.sequence}`;
    case 'opfoelgningsmoede':
      return `Opfølgningsmøde ${o.sequence}`;
    default:
      return obligationName({ kind: o.kind, sequence: o.sequence, subjectKey: o.subjectKey, enhedName: o.enhedName });
  }
}

export function isBooked(o: Pick<CalendarObligation, 'scheduledOn'>): boolean {
  return o.scheduledOn !== null;
}

/**
 * Cancelled and waived obligations stay in the feed as CANCELLED, so a
 * subscribed calendar removes them; a booked (or already held) one is
 * CONFIRMED; anything else is TENTATIVE.
 */
export function eventStatus(o: Pick<CalendarObligation, 'state' | 'scheduledOn'>): IcsStatus {
  if (o.state === 'cancelled' || o.state === 'waived') return 'CANCELLED';
  if (isBooked(o) || o.state === 'completed') return 'CONFIRMED';
  return 'TENTATIVE';
}

/** A booking without an end time lasts an hour (not past midnight). */
export function defaultEndTime(start: string): string {
  const [h, m] = start.split(':').map(Number) as [number, number];
  return h >= 23 ? '23:59' : `${String(h + 1).padStart(2, '0')}:${String(m).padStart(2, '0')}`;
}

/**
 * Where the event sits: a completed obligation on the day it was held; a
 * booked one on its booked date, at its booked time when one was given; an
 * unbooked one all day on its due date (the last day on time, R72).
 */
export function eventPlacement(o: CalendarObligation): Pick<IcsEvent, 'date' | 'time'> {
  const timed = o.scheduledOn && o.startTime ? { start: o.startTime, end: o.endTime ?? defaultEndTime(o.startTime) } : undefined;
  if (o.state === 'completed' && o.completedOn) {
    return o.completedOn === o.scheduledOn && timed ? { date: o.completedOn, time: timed } : { date: o.completedOn };
  }
  if (isBooked(o)) return timed ? { date: o.scheduledOn!, time: timed } : { date: o.scheduledOn! };
  return { date: o.dueOn };
}

export function toCalendarEvent(o: CalendarObligation): IcsEvent {
  const booked = isBooked(o);
  const people = [
    ...(o.chefName ? [`Chef: ${o.chefName}`] : []),
    ...(o.leaderName ? [`Leder: ${o.leaderName}`] : []),
    ...(o.responsibleName && o.responsibleName !== o.chefName && o.responsibleName !== o.leaderName ? [`Ansvarlig: ${o.responsibleName}`] : []),
  ];
  const description = [
    `${obligationTitle(o)}, ${o.unitName}`,
    `Vindue: åbner ${danishDate(o.opensOn)}, frist ${danishDate(o.dueOn)}`,
    `Tilstand: ${STATE_LABELS[o.state] ?? o.state}`,
    // A held meeting that was never booked is not "Ikke booket": that line is for what is still to be arranged.
    ...(booked ? [`Booket: ${danishDate(o.scheduledOn!)}${o.startTime ? ` kl. ${o.startTime}` : ''}`] : o.completedOn ? [] : ['Ikke booket']),
    ...(o.completedOn ? [`Gennemført: ${danishDate(o.completedOn)}`] : []),
    ...people,
  ].join('\n');
  return {
    uid: `${o.id}@${UID_DOMAIN}`,
    ...eventPlacement(o),
    summary: `${obligationTitle(o)} – ${o.unitName}`,
    description,
    ...(o.location ? { location: o.location } : {}),
    status: eventStatus(o),
    sequence: Math.max(0, o.version - 1),
    // From the row, never from the clock: an unchanged obligation is an unchanged event (and an unchanged ETag).
    stamp: o.updatedAt,
    lastModified: o.updatedAt,
    categories: ['Kvalitetsloop'],
  };
}
