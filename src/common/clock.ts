import { Injectable } from '@nestjs/common';
import { serviceDateProblem } from '../../workflows/calendar/date-range';
import { todayInCopenhagen } from '../../workflows/calendar/local-date';
import type { LocalDate } from '../../workflows/domain';

/**
 * "Today" as a calendar date in Europe/Copenhagen (R72). Injected everywhere a
 * rule needs the date, so tests and demos can fix it.
 */
@Injectable()
export class Clock {
  private fixedToday?: LocalDate;

  constructor(fixedToday?: LocalDate) {
    this.setToday(fixedToday);
    // The machine's own clock is a source of dates too: refuse to start on one outside 1900–2999.
    if (fixedToday === undefined) checkToday(this.today(), 'Maskinens ur');
  }

  today(): LocalDate {
    return this.fixedToday ?? todayInCopenhagen(new Date());
  }

  /** For tests and demos: pin the date (undefined returns to the real one). */
  setToday(today: LocalDate | undefined): void {
    if (today !== undefined) checkToday(today, 'TODAY');
    this.fixedToday = today;
  }
}

/** Thrown at start when "today" lies outside the dates the service can work with. */
export class ClockError extends Error {
  readonly operatorError = true;
}

function checkToday(today: string, source: string): void {
  const problem = serviceDateProblem(today);
  if (problem) throw new ClockError(`${source} giver en dato, tjenesten ikke kan arbejde med: ${problem}`);
}
