import { Injectable } from '@nestjs/common';
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
    this.fixedToday = fixedToday;
  }

  today(): LocalDate {
    return this.fixedToday ?? todayInCopenhagen(new Date());
  }

  /** For tests and demos: pin the date (undefined returns to the real one). */
  setToday(today: LocalDate | undefined): void {
    this.fixedToday = today;
  }
}
