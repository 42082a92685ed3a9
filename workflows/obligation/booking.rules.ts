/**
 * Booking a date for an obligation (planned → scheduled): one definition for
 * the API, the general obligation page and the tilsyn visit page. Pure.
 *
 * - A date before today is accepted with a warning, not refused: the
 *   rulebook refuses only a held date in the future (R31), and a meeting
 *   confirmed after the fact is often booked on the day it was held first
 *   (the API's and the visit's flow); the warning says to confirm it — but
 *   only when the date could be confirmed: a past date before the window
 *   opens gets one warning naming both and asking for a date in the window
 *   (a held date before the window is refused, R31, R90/R97), never the
 *   invitation to confirm it.
 * - A date outside the obligation's window (opensOn … dueOn, both inclusive,
 *   Europe/Copenhagen calendar dates) is accepted — a meeting may have to move,
 *   and the rulebook refuses only the held date (R31, R90/R97) — but warned,
 *   naming the window.
 */
import type { LocalDate } from '../domain';
import { compareLocalDate, danishDate } from '../calendar/local-date';

export { danishDate };

/** 'before' the window opens, 'after' its due date, or null inside it. */
export function outsideWindow(date: LocalDate, opensOn: LocalDate, dueOn: LocalDate): 'before' | 'after' | null {
  if (compareLocalDate(date, opensOn) < 0) return 'before';
  if (compareLocalDate(date, dueOn) > 0) return 'after';
  return null;
}

export interface BookingWarning {
  /**
   * `foer_i_dag` (a date already past, inside the window or after it: confirm it if it was held),
   * `foer_vindue` (before the window opens, past or coming: choose a date in the window) or
   * `efter_frist` (after the due date: it will be late).
   */
  code: 'foer_i_dag' | 'foer_vindue' | 'efter_frist';
  message: string;
}

/** What is booked: a tilsyn visit (`besoeg`) or any other obligation (`forpligtelse`, held as a meeting). */
export type BookedKind = 'forpligtelse' | 'besoeg';

/** The words the warnings use for what is booked: its subject and what "was held". */
const WORDS: Record<BookedKind, { subject: string; held: string }> = {
  forpligtelse: { subject: 'Forpligtelsen', held: 'mødet' },
  besoeg: { subject: 'Besøget', held: 'besøget' },
};

/**
 * The warnings for a booked date on `today` (all Europe/Copenhagen calendar
 * dates): a date already past (confirm it if held), and a date outside the
 * window (naming it); none for a coming date inside the window. A past date
 * before the window gets the one `foer_vindue` warning, saying both. `kind`
 * names the thing booked, `rules` the rule ids the window comes from, if any.
 */
export function bookingWarnings(date: LocalDate, window: { opensOn: LocalDate; dueOn: LocalDate }, today: LocalDate, kind: BookedKind = 'forpligtelse', rules?: string): BookingWarning[] {
  const words = WORDS[kind];
  const past = compareLocalDate(date, today) < 0;
  const side = outsideWindow(date, window.opensOn, window.dueOn);
  const span = `${danishDate(window.opensOn)} – ${danishDate(window.dueOn)}`;
  const source = rules ? ` (${rules})` : '';
  const booked = `Den bookede dato ${danishDate(date)}`;
  if (side === 'before') {
    // Past or not, a date before the window cannot be confirmed as held: never invite it.
    return [
      past
        ? { code: 'foer_vindue', message: `${booked} ligger før i dag (${danishDate(today)}) og før vinduet åbner: vinduet er ${span}${source}. ${words.subject} kan ikke holdes før vinduet; vælg en dato i vinduet.` }
        : { code: 'foer_vindue', message: `${booked} ligger før vinduet åbner: vinduet er ${span}${source}. ${words.subject} kan først holdes, når vinduet er åbnet; vælg en dato i vinduet.` },
    ];
  }
  const warnings: BookingWarning[] = [];
  if (past) {
    warnings.push({ code: 'foer_i_dag', message: `${booked} ligger før i dag (${danishDate(today)}). Er ${words.held} holdt, så bekræft det med den dato, det blev holdt.` });
  }
  if (side === 'after') {
    warnings.push({ code: 'efter_frist', message: `${booked} ligger efter fristen: vinduet er ${span}${source}. ${words.subject} bliver gennemført for sent; vælg en dato i vinduet, hvis det er muligt.` });
  }
  return warnings;
}

/**
 * The warnings for booking `date` on an obligation of `kind`: a tilsyn visit's
 * name its window's source (the tilsynsramme, R90/R97), any other obligation's
 * do not. One wording for the general booking endpoint, the tilsyn API and the
 * pages.
 */
export function obligationBookingWarnings(date: LocalDate, o: { kind: string; opensOn: LocalDate; dueOn: LocalDate }, today: LocalDate): BookingWarning[] {
  return o.kind === 'tilsynsbesoeg' ? bookingWarnings(date, o, today, 'besoeg', 'tilsynsrammen, R90/R97') : bookingWarnings(date, o, today, 'forpligtelse');
}
