import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Clock } from '../../common/clock';
import type { CurrentUser } from '../auth';
import type { UpcomingItem } from './dto/me.dto';
import { namedQuery } from '../../database/named-query';
import { upcomingPageSql, upcomingParams, upcomingWhere } from './upcoming.sql';

/**
 * The filters of Mit overblik, as SQL on obligation alias `o` with `$3` today.
 * One definition: the counts at the top and the page's rows use the same
 * fragment, so a count always equals the number of rows its link lists.
 * - overskredne: overdue;
 * - aabne (åbne nu): not overdue and its window has begun (opens on or before today);
 * - snart (åbner snart): its window opens after today, within the horizon;
 * - booket (med booket dato): a date is booked (state scheduled).
 */
export const OVERBLIK_FILTERS = {
  alle: 'TRUE',
  overskredne: `o.state = 'overdue'`,
  aabne: `o.state <> 'overdue' AND o.opens_on <= $3`,
  snart: `o.opens_on > $3`,
  booket: `o.state = 'scheduled'`,
} as const;
export type OverblikFilter = keyof typeof OVERBLIK_FILTERS;
export type OverblikCounts = Record<OverblikFilter, number>;

/**
 * Mit overblik at national scale: the same rows as GET /api/v1/me/upcoming
 * (visibleTo — the one visibility definition — open, overdue or within the
 * horizon), but counted per filter in SQL and read one page at a time, so a
 * chef with 100 units (2,000 rows in six weeks) costs one grouped count and
 * one page of rows rather than every row in Node. The rows and the page's SQL
 * are the API's own (upcoming.sql.ts), narrowed by the filter.
 */
@Injectable()
export class OverblikService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly clock: Clock,
  ) {}

  /** The count of every filter in one grouped statement over the visible rows. */
  async counts(user: CurrentUser, days: number): Promise<OverblikCounts> {
    const params = upcomingParams(user, this.clock.today(), days);
    const columns = Object.entries(OVERBLIK_FILTERS)
      .map(([key, sql]) => `count(*) FILTER (WHERE ${sql})::int AS "${key}"`)
      .join(', ');
    const [row] = await namedQuery<OverblikCounts>(this.db, `SELECT ${columns} FROM obligation o WHERE ${upcomingWhere(user.admin)}`, params);
    return row!;
  }

  /**
   * One page of the filter's rows in the API's order (overdue first, then by
   * booked or due date), `limit` rows from `offset`, joined to names for that
   * page only. Rows have the shape of GET /api/v1/me/upcoming's items.
   */
  async page(user: CurrentUser, days: number, filter: OverblikFilter, limit: number, offset: number): Promise<UpcomingItem[]> {
    const params = upcomingParams(user, this.clock.today(), days);
    return namedQuery<UpcomingItem>(this.db, upcomingPageSql(`${upcomingWhere(user.admin)} AND (${OVERBLIK_FILTERS[filter]})`, false), [...params, limit, offset]);
  }
}
