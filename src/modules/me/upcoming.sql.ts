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
 *
 * One text for administrators and one for everyone else, each gated by `$2`
 * (so a text run with the other flag selects nothing rather than the wrong
 * rows): the administration's arm is then not a parameter's OR arm, and
 * PostgreSQL can keep one generic plan per text (namedQuery). With the arm
 * behind `$2` a generic plan scanned every administration obligation for
 * everybody (61 ms instead of 5 for a chef of 100 units).
 */
export function upcomingWhere(admin: boolean): string {
  const visible = admin ? `(${visibleTo('o', '$1', '$3')} OR o.responsible_role = 'admin')` : visibleTo('o', '$1', '$3');
  return `${admin ? '' : 'NOT '}$2::boolean AND ${visible}
  AND o.state IN ('planned', 'scheduled', 'overdue')
  AND (o.state = 'overdue' OR (o.opens_on <= $4 AND o.due_on >= $3))`;
}

/** `$1`–`$4` of upcomingWhere for `user`, today and a horizon of `days` calendar days. */
export function upcomingParams(user: CurrentUser, today: LocalDate, days: number): unknown[] {
  return [user.personId, user.admin, today, addDays(today, days)];
}

/**
 * R51's subject, a person id kept as text: compared as uuid, so it is a primary-key lookup per row (comparing
 * sp.id::text hashed all persons: 60 ms at 10,000 units); null for anything else.
 */
const R51_SUBJECT = `(CASE WHEN o.kind = 'ledelsesopfoelgning' AND o.subject_key ~ '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$'
                                THEN o.subject_key::uuid END)`;

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

/** The order's first keys, cheap (columns of `obligation`): UPCOMING_ORDER up to the round, all ascending. */
const HEAD = [`(o.state <> 'overdue')`, 'coalesce(o.scheduled_on, o.due_on)', 'o.kind', 'o.sequence'];

/**
 * One page of the rows `where` selects (upcomingWhere, possibly narrowed) in
 * the list's order (UPCOMING_ORDER) `$5` rows from offset `$6`, shaped as
 * UpcomingItem. The names the order's tie-breakers read are looked up only
 * for the rows whose first keys (HEAD) lie between those of the page's first
 * and last row: every row before them is before the page and every row after
 * them after it, so sorting just those by the whole order and skipping the
 * ones before the page's start gives exactly the page (looking the names up
 * for every candidate row made a chef's page 4× slower at 10,000 units).
 * With `withTotal`, each row also carries `total`, the count of all rows
 * (one pass over the caller's rows instead of two, issue 14).
 */
export function upcomingPageSql(where: string, withTotal: boolean): string {
  return `WITH c AS MATERIALIZED (SELECT o.id, ${HEAD.map((k, i) => `${k} AS k${i + 1}`).join(', ')} FROM obligation o WHERE ${where}),
       lo AS (SELECT k1, k2, k3, k4 FROM c ORDER BY k1, k2, k3, k4 OFFSET $6::int LIMIT 1),
       hi AS (SELECT k1, k2, k3, k4 FROM c ORDER BY k1, k2, k3, k4 OFFSET $6::int + $5::int - 1 LIMIT 1),
       b AS (SELECT c.id FROM c, lo WHERE (c.k1, c.k2, c.k3, c.k4) >= (lo.k1, lo.k2, lo.k3, lo.k4)
               AND NOT EXISTS (SELECT 1 FROM hi WHERE (c.k1, c.k2, c.k3, c.k4) > (hi.k1, hi.k2, hi.k3, hi.k4))),
       before AS (SELECT count(*)::int AS n FROM c, lo WHERE (c.k1, c.k2, c.k3, c.k4) < (lo.k1, lo.k2, lo.k3, lo.k4))
       SELECT o.id, o.unit_id AS "unitId", o.unit_name AS "unitName", o.kind, o.sequence, o.subject_key AS "subjectKey", o.opens_on::text AS "opensOn",
              o.due_on::text AS "dueOn", ${plannedColumn('o', 'scheduled_on', '$1', '$2')}::text AS "scheduledOn", o.state, o.responsible_role AS "responsibleRole", o.version,
              o.responsible_person_id AS "responsiblePersonId", rp.name AS "responsiblePersonName",
              o.chef_person_id AS "chefPersonId", cp.name AS "chefPersonName", o.leader_person_id AS "leaderPersonId", lp.name AS "leaderPersonName",
              o.subject_person_id AS "naesteLedelseslagPersonId", o.subject_name AS "naesteLedelseslagPersonName", o.enhed_id AS "enhedId", o.enhed_name AS "enhedName"${withTotal ? ', (SELECT count(*) FROM c) AS total' : ''}
       FROM (SELECT o.*
             FROM (SELECT o.*, u.name AS unit_name, sp.id AS subject_person_id, sp.name AS subject_name, e.name AS enhed_name
                   FROM b JOIN obligation o ON o.id = b.id
                   JOIN unit u ON u.id = o.unit_id
                   LEFT JOIN person sp ON sp.id = ${R51_SUBJECT}
                   -- R4: the tilsynsenhed a statutory row belongs to (none for the unit's implicit enhed, whose id is the unit's).
                   LEFT JOIN enhed e ON e.id = o.enhed_id) o
             ORDER BY ${UPCOMING_ORDER}
             OFFSET (SELECT $6::int - n FROM before) LIMIT $5::int) o
       LEFT JOIN person rp ON rp.id = o.responsible_person_id
       LEFT JOIN person cp ON cp.id = o.chef_person_id
       LEFT JOIN person lp ON lp.id = o.leader_person_id
       ORDER BY ${UPCOMING_ORDER}`;
}
