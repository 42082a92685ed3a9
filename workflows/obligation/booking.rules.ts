/**
 * Booking a date for an obligation (planned → scheduled): one definition for
 * the API, the general obligation page and the tilsyn visit page. Pure.
 *
 * - A date before today is accepted with a warning, not refused: the
 *   rulebook refuses only a held date in the future (R31), and a meeting
 *   confirmed after the fact is often booked on the day it was held first
 *   (the API's and the visit's flow); the warning says to confirm it.
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
  /** `foer_i_dag` (a date already past), `foer_vindue` (before the window opens) or `efter_frist` (after the due date: it will be late). */
  code: 'foer_i_dag' | 'foer_vindue' | 'efter_frist';
  message: string;
}

/**
 * The warnings for a booked date on `today`: a date already past, and a date
 * outside the window (naming it); none for a coming date inside the window.
 * `what` names the thing booked ("Besøget", "Forpligtelsen"), `rules` the rule
 * ids the window comes from, if any.
 */
export function bookingWarnings(date: LocalDate, window: { opensOn: LocalDate; dueOn: LocalDate }, today: LocalDate, what = 'Forpligtelsen', rules?: string): BookingWarning[] {
  const warnings: BookingWarning[] = [];
  if (compareLocalDate(date, today) < 0) {
    warnings.push({ code: 'foer_i_dag', message: `Den bookede dato ${danishDate(date)} ligger før i dag (${danishDate(today)}). Er mødet holdt, så bekræft det med den dato, det blev holdt.` });
  }
  const side = outsideWindow(date, window.opensOn, window.dueOn);
  if (!side) return warnings;
  const span = `${danishDate(window.opensOn)} – ${danishDate(window.dueOn)}`;
  const source = rules ? ` (${rules})` : '';
  return [
    ...warnings,
    side === 'before'
      ? { code: 'foer_vindue', message: `Den bookede dato ${danishDate(date)} ligger før vinduet åbner: vinduet er ${span}${source}. ${what} kan først holdes, når vinduet er åbnet; vælg en dato i vinduet.` }
      : { code: 'efter_frist', message: `Den bookede dato ${danishDate(date)} ligger efter fristen: vinduet er ${span}${source}. ${what} bliver gennemført for sent; vælg en dato i vinduet, hvis det er muligt.` },
  ];
}
