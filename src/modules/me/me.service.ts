import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { addDays } from '../../../workflows/calendar/local-date';
import { Clock } from '../../common/clock';
import type { Page } from '../../common/pagination';
import type { CurrentUser } from '../auth';
import type { UpcomingItem } from './dto/me.dto';
import { plannedColumn, visibleTo } from '../obligations';

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
    const today = this.clock.today();
    // `o.state IN (open)` on its own (the same rows as before) lets every index arm of visibleTo stay on open obligations.
    const where = `(${visibleTo('o', '$1', '$3')} OR ($2 AND o.responsible_role = 'admin'))
      AND o.state IN ('planned', 'scheduled', 'overdue')
      AND (o.state = 'overdue' OR (o.opens_on <= $4 AND o.due_on >= $3))`;
    const params = [user.personId, user.admin, today, addDays(today, days)];
    // The page is chosen on `obligation` alone and only its rows are joined to names (not every visible row). Its total
    // comes from the same scan (count(*) OVER (), before LIMIT): one pass over the caller's rows instead of two (issue 14).
    const rows: (UpcomingItem & { total?: string })[] = await this.db.query(
      `SELECT o.id, o.unit_id AS "unitId", u.name AS "unitName", o.kind, o.sequence, o.subject_key AS "subjectKey", o.opens_on::text AS "opensOn",
              o.due_on::text AS "dueOn", ${plannedColumn('o', 'scheduled_on', '$1', '$2')}::text AS "scheduledOn", o.state, o.responsible_role AS "responsibleRole", o.version,
              o.responsible_person_id AS "responsiblePersonId", rp.name AS "responsiblePersonName",
              o.chef_person_id AS "chefPersonId", cp.name AS "chefPersonName", o.leader_person_id AS "leaderPersonId", lp.name AS "leaderPersonName",
              sp.id AS "naesteLedelseslagPersonId", sp.name AS "naesteLedelseslagPersonName", o.total
       FROM (SELECT o.*, count(*) OVER () AS total FROM obligation o WHERE ${where}
             ORDER BY (o.state = 'overdue') DESC, coalesce(o.scheduled_on, o.due_on), o.kind, o.sequence, o.id
             LIMIT $5 OFFSET $6) o
       JOIN unit u ON u.id = o.unit_id
       LEFT JOIN person rp ON rp.id = o.responsible_person_id
       LEFT JOIN person cp ON cp.id = o.chef_person_id
       LEFT JOIN person lp ON lp.id = o.leader_person_id
       LEFT JOIN person sp ON o.kind = 'ledelsesopfoelgning' AND o.subject_key <> '' AND sp.id::text = o.subject_key
       ORDER BY (o.state = 'overdue') DESC, coalesce(o.scheduled_on, o.due_on), o.kind, o.sequence, o.id`,
      [...params, limit, offset],
    );
    // A page past the end has no row to carry the total: count on its own then.
    const [{ total }] = rows.length > 0 || offset === 0 ? [{ total: rows.length > 0 ? Number(rows[0]!.total) : 0 }] : await this.db.query(`SELECT count(*)::int AS total FROM obligation o WHERE ${where}`, params);
    const items = rows.map(({ total: _total, ...item }) => item as UpcomingItem);
    return { items, total };
  }
}
