import { Injectable } from '@nestjs/common';
import type { LocalDate } from '../../../workflows/domain';
import { addWorkingDays, tilsynsrammeInForce } from '../../../workflows/tilsyn';
import type { SkaerpetDeadlines } from '../../../workflows/tilsyn/skaerpet';

/**
 * The tilsynsramme's R95/R96 deadlines (R97) and its working days (no
 * weekends, no Danish public holidays) as one injectable, so the pure rules
 * receive them as plain values and a function.
 */
@Injectable()
export class TilsynCalendar {
  /** The deadlines of the tilsynsramme in force on `date` (R74: by the case's own date). */
  skaerpetDeadlinesOn(date: LocalDate): SkaerpetDeadlines {
    const d = tilsynsrammeInForce(date).deadlines;
    return {
      decisionWithinWorkingDays: d.skaerpetDecisionWorkingDays,
      followUpMonthsWithHandleplan: d.followUpMonthsWithHandleplan,
      followUpMonthsWithoutHandleplan: d.followUpMonthsWithoutHandleplan,
      handleplanWorkingDays: d.handleplanWorkingDays,
      orientationWorkingDays: d.bestyrelsesorienteringHandleplanWorkingDays,
      commentWindowDays: d.commentWindowDays,
    };
  }

  readonly addWorkingDays = (date: LocalDate, n: number): LocalDate => addWorkingDays(date, n);
}
