import { Injectable } from '@nestjs/common';
import type { LocalDate } from '../../../workflows/domain';
import { addDays, toUtcDate } from '../../../workflows/calendar/local-date';
import { DEFAULT_SKAERPET_DEADLINES, type SkaerpetDeadlines } from '../../../workflows/tilsyn/skaerpet';

/**
 * The tilsynsramme's deadlines (R97) and working-day arithmetic as one
 * injectable, so the rules receive them as plain values and functions.
 */
@Injectable()
export class TilsynCalendar {
  /** R95/R96 deadlines of the tilsynsramme in force on `date` (R74: by the case's own date). */
  skaerpetDeadlinesOn(_date: LocalDate): SkaerpetDeadlines {
    return DEFAULT_SKAERPET_DEADLINES;
  }

  /** Adds `n` working days; weekends only until the tilsynsramme's holiday calendar is merged. */
  readonly addWorkingDays = (date: LocalDate, n: number): LocalDate => {
    let d = date;
    let left = n;
    while (left > 0) {
      d = addDays(d, 1);
      const weekday = toUtcDate(d).getUTCDay();
      if (weekday !== 0 && weekday !== 6) left -= 1;
    }
    return d;
  };
}
