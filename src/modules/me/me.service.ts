import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Clock } from '../../common/clock';
import type { Page } from '../../common/pagination';
import type { CurrentUser } from '../auth';
import type { UpcomingItem } from './dto/me.dto';
import { namedQuery } from '../../database/named-query';
import { upcomingPageSql, upcomingParams, upcomingWhere } from './upcoming.sql';

/** The caller's own view: who they are, and what is theirs to do next. */
@Injectable()
export class MeService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly clock: Clock,
  ) {}

  async whoAmI(user: CurrentUser) {
    const roles = await this.db.query(
      `SELECT a.role, a.unit_id AS "unitId", u.name AS "unitName", a.valid_from::text AS "validFrom", a.valid_to::text AS "validTo"
       FROM assignment a JOIN unit u ON u.id = a.unit_id
       WHERE a.person_id = $1 AND a.valid_from <= $2 AND (a.valid_to IS NULL OR a.valid_to >= $2) ORDER BY u.name, a.role`,
      [user.personId, this.clock.today()],
    );
    return { id: user.personId, name: user.name, admin: user.admin, roles };
  }

  /**
   * The caller's and their units' obligations that are open now, open or fall
   * due within `days`: overdue first, then by booked date or due date.
   * Administrators also get the administration's own (datapakker).
   */
  async upcoming(user: CurrentUser, days: number, limit: number, offset: number): Promise<Page<UpcomingItem>> {
    const params = upcomingParams(user, this.clock.today(), days);
    const where = upcomingWhere(user.admin);
    const rows = await namedQuery<UpcomingItem & { total?: string }>(this.db, upcomingPageSql(where, true), [...params, limit, offset]);
    // A page past the end has no row to carry the total: count on its own then.
    const [{ total }] = rows.length > 0 || offset === 0 ? [{ total: rows.length > 0 ? Number(rows[0]!.total) : 0 }] : await this.db.query(`SELECT count(*)::int AS total FROM obligation o WHERE ${where}`, params);
    const items = rows.map(({ total: _total, ...item }) => item as UpcomingItem);
    return { items, total };
  }
}
