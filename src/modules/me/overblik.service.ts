import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { addDays } from '../../../workflows/calendar/local-date';
import { Clock } from '../../common/clock';
import type { CurrentUser } from '../auth';
import type { UpcomingItem } from './dto/me.dto';
import { plannedColumn, visibleTo } from '../obligations';

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
 * one page of rows rather than every row in Node. Kept beside MeService.upcoming
 * (not inside it) so the API's query can change on its own.
 */
@Injectable()
export class OverblikService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly clock: Clock,
  ) {}

  /** `days`: the horizon in calendar days from today (Europe/Copenhagen). Params $1 person, $2 admin, $3 today, $4 horizon end. */
  private where(user: CurrentUser, days: number): { where: string; params: unknown[] } {
    const today = this.clock.today();
    return {
      where: `(${visibleTo('o', '$1', '$3')} OR ($2 AND o.responsible_role = 'admin'))
        AND o.state IN ('planned', 'scheduled', 'overdue')
        AND (o.state = 'overdue' OR (o.opens_on <= $4 AND o.due_on >= $3))`,
      params: [user.personId, user.admin, today, addDays(today, days)],
    };
  }

  /** The count of every filter in one grouped statement over the visible rows. */
  async counts(user: CurrentUser, days: number): Promise<OverblikCounts> {
    const { where, params } = this.where(user, days);
    const columns = Object.entries(OVERBLIK_FILTERS)
      .map(([key, sql]) => `count(*) FILTER (WHERE ${sql})::int AS "${key}"`)
      .join(', ');
    const [row] = await this.db.query(`SELECT ${columns} FROM obligation o WHERE ${where}`, params);
    return row as OverblikCounts;
  }

  /**
   * One page of the filter's rows in the API's order (overdue first, then by
   * booked or due date), `limit` rows from `offset`, joined to names for that
   * page only. Rows have the shape of GET /api/v1/me/upcoming's items.
   */
  async page(user: CurrentUser, days: number, filter: OverblikFilter, limit: number, offset: number): Promise<UpcomingItem[]> {
    const { where, params } = this.where(user, days);
    return this.db.query(
      `SELECT o.id, o.unit_id AS "unitId", u.name AS "unitName", o.kind, o.sequence, o.subject_key AS "subjectKey", o.opens_on::text AS "opensOn",
              o.due_on::text AS "dueOn", ${plannedColumn('o', 'scheduled_on', '$1', '$2')}::text AS "scheduledOn", o.state, o.responsible_role AS "responsibleRole", o.version,
              o.responsible_person_id AS "responsiblePersonId", rp.name AS "responsiblePersonName",
              o.chef_person_id AS "chefPersonId", cp.name AS "chefPersonName", o.leader_person_id AS "leaderPersonId", lp.name AS "leaderPersonName",
              sp.id AS "naesteLedelseslagPersonId", sp.name AS "naesteLedelseslagPersonName"
       FROM (SELECT o.* FROM obligation o WHERE ${where} AND (${OVERBLIK_FILTERS[filter]})
             ORDER BY (o.state = 'overdue') DESC, coalesce(o.scheduled_on, o.due_on), o.kind, o.sequence, o.id
             LIMIT $5 OFFSET $6) o
       JOIN unit u ON u.id = o.unit_id
       LEFT JOIN person rp ON rp.id = o.responsible_person_id
       LEFT JOIN person cp ON cp.id = o.chef_person_id
       LEFT JOIN person lp ON lp.id = o.leader_person_id
       -- R51's subject is a person id kept as text: compared as uuid, so it is a primary-key lookup per row of the page
       -- (comparing sp.id::text hashed all persons: 60 ms at 10,000 units).
       LEFT JOIN person sp ON sp.id = (CASE WHEN o.kind = 'ledelsesopfoelgning' AND o.subject_key ~ '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$'
                                            THEN o.subject_key::uuid END)
       ORDER BY (o.state = 'overdue') DESC, coalesce(o.scheduled_on, o.due_on), o.kind, o.sequence, o.id`,
      [...params, limit, offset],
    );
  }
}
