import { addDays, type LocalDate } from '../../../workflows/calendar/local-date';
import type { CurrentUser } from '../auth';
import { plannedColumn, visibleTo } from '../obligations';

/**
 * What "upcoming" means, in one place for GET /api/v1/me/upcoming and Mit
 * overblik: the obligations the caller may see (visibleTo, R3/R6/R91; an
 * administrator also the administration's own, e.g. datapakker) that are open
 * and overdue, or whose window has begun or begins within the horizon and
 * that are not yet past due. Parameters: `$1` person id, `$2` admin,
 * `$3` today, `$4` the horizon's last day (Europe/Copenhagen dates).
 * `o.state IN (open)` stands on its own so every index arm of visibleTo stays
 * on open obligations.
 */
export const UPCOMING_WHERE = `(${visibleTo('o', '$1', '$3')} OR ($2 AND o.responsible_role = 'admin'))
  AND o.state IN ('planned', 'scheduled', 'overdue')
  AND (o.state = 'overdue' OR (o.opens_on <= $4 AND o.due_on >= $3))`;

/** `$1`–`$4` of UPCOMING_WHERE for `user`, today and a horizon of `days` calendar days. */
export function upcomingParams(user: CurrentUser, today: LocalDate, days: number): unknown[] {
  return [user.personId, user.admin, today, addDays(today, days)];
}

/**
 * The list's one total order, over the paged subquery's columns (upcomingPageSql): overdue first, then by booked or
 * due date, kind and round; ties (the same window for several units, a unit's R50 and R51 follow-ups, a unit's
 * tilsynsenheder) by what the reader sees — the unit's name, R50's own chef/leader follow-up before R51's and those
 * by the next-layer leader's name, then the enhed's name (the unit's implicit enhed first) — and last the id, so
 * every row has one place. Pages cut this order, so a page boundary never splits a tie differently from how a page
 * reads it, and the order is the same after the demo is loaded again (new random ids). Names compare in the `dansk`
 * collation of their columns.
 */
const UPCOMING_ORDER = `(o.state = 'overdue') DESC, coalesce(o.scheduled_on, o.due_on), o.kind, o.sequence,
       o.unit_name, (o.subject_person_id IS NOT NULL), o.subject_name, o.enhed_name NULLS FIRST, o.id`;

/**
 * One page of the rows `where` selects (UPCOMING_WHERE, possibly narrowed) in
 * the list's order (UPCOMING_ORDER) `$5` rows from offset `$6`, shaped as
 * UpcomingItem. The names the order reads (unit, R51's next-layer leader,
 * enhed: primary-key look-ups) are joined before the page is cut; the other
 * people's names only for the page's rows. With `withTotal`, each row
 * also carries `total`, the count of all rows before LIMIT (count(*) OVER ():
 * one pass over the caller's rows instead of two, issue 14).
 */
export function upcomingPageSql(where: string, withTotal: boolean): string {
  return `SELECT o.id, o.unit_id AS "unitId", o.unit_name AS "unitName", o.kind, o.sequence, o.subject_key AS "subjectKey", o.opens_on::text AS "opensOn",
              o.due_on::text AS "dueOn", ${plannedColumn('o', 'scheduled_on', '$1', '$2')}::text AS "scheduledOn", o.state, o.responsible_role AS "responsibleRole", o.version,
              o.responsible_person_id AS "responsiblePersonId", rp.name AS "responsiblePersonName",
              o.chef_person_id AS "chefPersonId", cp.name AS "chefPersonName", o.leader_person_id AS "leaderPersonId", lp.name AS "leaderPersonName",
              o.subject_person_id AS "naesteLedelseslagPersonId", o.subject_name AS "naesteLedelseslagPersonName", o.enhed_id AS "enhedId", o.enhed_name AS "enhedName"${withTotal ? ', o.total' : ''}
       FROM (SELECT o.*${withTotal ? ', count(*) OVER () AS total' : ''}
             FROM (SELECT o.*, u.name AS unit_name, sp.id AS subject_person_id, sp.name AS subject_name, e.name AS enhed_name
                   FROM obligation o
                   JOIN unit u ON u.id = o.unit_id
                   -- R51's subject is a person id kept as text: compared as uuid, so it is a primary-key lookup per row
                   -- (comparing sp.id::text hashed all persons: 60 ms at 10,000 units).
                   LEFT JOIN person sp ON sp.id = (CASE WHEN o.kind = 'ledelsesopfoelgning' AND o.subject_key ~ '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$'
                                                  THEN o.subject_key::uuid END)
                   -- R4: the tilsynsenhed a statutory row belongs to (none for the unit's implicit enhed, whose id is the unit's).
                   LEFT JOIN enhed e ON e.id = o.enhed_id
                   WHERE ${where}) o
             ORDER BY ${UPCOMING_ORDER}
             LIMIT $5 OFFSET $6) o
       LEFT JOIN person rp ON rp.id = o.responsible_person_id
       LEFT JOIN person cp ON cp.id = o.chef_person_id
       LEFT JOIN person lp ON lp.id = o.leader_person_id
       ORDER BY ${UPCOMING_ORDER}`;
}
