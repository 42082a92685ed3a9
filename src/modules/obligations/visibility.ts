/**
 * Who sees an obligation, in one place (SQL for lists, a function for single
 * rows), derived from the people recorded on it (R3): the chef and leader on
 * its due date (on a completed one: on the day it was held), its responsible
 * person (a board contact for the board's obligations) and, for R51
 * follow-ups, the next-layer leader it concerns. Administrators see
 * everything. A chef therefore sees the units they were chef for, for the
 * dates concerned, and nothing after they left.
 *
 * R6: an open obligation is also seen, and acted on, by those who hold the
 * role at its unit today, so a handover registered in advance never hides
 * open work from the chef or leader still in office.
 *
 * R90/R91: a visit's inspectors see it; an unannounced visit is absent for
 * everybody else but administrators until it is held (completed). That is one
 * more AND-term (`notSecret`) on the rule above, so every read path that asks
 * "may this person see this obligation" hides it alike, and nothing about it
 * (row, count, total, ETag, trail row) reaches the unit's people.
 */
import type { CurrentUser } from '../auth';

/** The roles that see a unit's open obligations on the day they hold them (R6). */
export const ROLES_IN_OFFICE = ['chef', 'leader', 'board'] as const;
export type RoleInOffice = (typeof ROLES_IN_OFFICE)[number];

const OPEN = `('planned', 'scheduled', 'overdue')`;

/**
 * R90: person `param` is one of the visit's inspectors. Written as the partial
 * GIN index `obligation_inspectors` is defined (`<> '{}'`, `@>`), so it is one
 * more index arm of visibleTo's BitmapOr rather than a filter on every row.
 */
function inspectorOf(alias: string, param: string): string {
  return `(${alias}.inspector_person_ids <> '{}' AND ${alias}.inspector_person_ids @> ARRAY[${param}]::uuid[])`;
}

/**
 * R91 as an AND-term: the row is not an unannounced visit still secret, or the
 * person is one of its inspectors. Held (completed) reveals it; cancelled,
 * waived, postponed and overdue never do. Administrators skip every filter.
 */
export function notSecret(alias: string, param: string): string {
  return `(NOT ${alias}.secret_until_held OR ${alias}.state = 'completed' OR ${inspectorOf(alias, param)})`;
}

/**
 * The units where `param` holds one of `roles` on `today` (R6), as an array
 * PostgreSQL computes once per statement (an InitPlan), so `unit_id = ANY(…)`
 * is an index condition rather than a subquery run for every obligation.
 */
function unitsInOffice(param: string, today: string, roles: string): string {
  return `ARRAY(SELECT r6.unit_id FROM assignment r6 WHERE r6.person_id = ${param} AND r6.role IN (${roles})
        AND r6.valid_from <= ${today}::date AND (r6.valid_to IS NULL OR r6.valid_to >= ${today}::date))`;
}

/**
 * SQL predicate on obligation alias `o` for person parameter `$n` (a uuid);
 * with `today` (a parameter or date expression), R6's people in office today
 * too.
 *
 * Shape, for speed at national scale (README, performance): an OR of arms
 * that each match one index on `obligation` (chef, leader, responsible
 * person, the R51 subject, the open obligations of the units held today), so
 * PostgreSQL answers it with a BitmapOr of index scans — the rows of this
 * person — instead of testing every obligation. Further conditions (a date
 * window, R91's secrecy) are ANDed onto the whole predicate; the planner
 * pushes plain column conditions such as `o.due_on` into every arm.
 */
export function visibleTo(alias: string, param: string, today?: string): string {
  const recorded = `${alias}.responsible_person_id = ${param} OR ${alias}.chef_person_id = ${param} OR ${alias}.leader_person_id = ${param}
    OR (${alias}.kind = 'ledelsesopfoelgning' AND ${alias}.subject_key = ${param}::text) OR ${inspectorOf(alias, param)}`;
  if (today === undefined) return `((${recorded}) AND ${notSecret(alias, param)})`;
  // R6: chef and leader in office see the unit's open obligations; the board contact in office its open board duties.
  const inOffice = `(${alias}.state IN ${OPEN} AND ${alias}.unit_id = ANY(${unitsInOffice(param, today, `'chef', 'leader'`)}))
    OR (${alias}.state IN ${OPEN} AND ${alias}.responsible_role = 'board' AND ${alias}.unit_id = ANY(${unitsInOffice(param, today, `'board'`)}))`;
  return `((${recorded} OR ${inOffice}) AND ${notSecret(alias, param)})`;
}

type Visible = {
  kind: string;
  responsiblePersonId: string | null;
  chefPersonId: string | null;
  leaderPersonId: string | null;
  subjectKey: string;
  state?: string;
  responsibleRole?: string;
  /** R91; absent means a row that is never secret. */
  secretUntilHeld?: boolean;
  inspectorPersonIds?: readonly string[];
};

/** R91 for one row: see notSecret. */
function secretFrom(user: CurrentUser, o: Visible): boolean {
  return !user.admin && o.secretUntilHeld === true && o.state !== 'completed' && !(o.inspectorPersonIds ?? []).includes(user.personId);
}

const isOpen = (o: { state?: string }) => o.state === 'planned' || o.state === 'scheduled' || o.state === 'overdue';

/** R6: the roles the user holds at the obligation's unit today that reach this open obligation. */
function inOfficeFor(o: Visible, rolesToday: readonly RoleInOffice[]): RoleInOffice[] {
  if (!isOpen(o)) return [];
  return rolesToday.filter((r) => r !== 'board' || o.responsibleRole === 'board');
}

/** `rolesToday`: the roles the user holds at the obligation's unit today (R6). */
export function canSeeObligation(user: CurrentUser, o: Visible, rolesToday: readonly RoleInOffice[] = []): boolean {
  if (secretFrom(user, o)) return false;
  return (
    user.admin ||
    (o.inspectorPersonIds ?? []).includes(user.personId) ||
    o.responsiblePersonId === user.personId ||
    o.chefPersonId === user.personId ||
    o.leaderPersonId === user.personId ||
    (o.kind === 'ledelsesopfoelgning' && o.subjectKey === user.personId) ||
    inOfficeFor(o, rolesToday).length > 0
  );
}

type Actable = Parameters<typeof canSeeObligation>[1] & { responsibleRole: string };

/**
 * Booking and confirming (R71), by who answers for the obligation: the
 * administration's datapakker only by an administrator; the board's duties by
 * the board contact (or the leader); the chef's by chef or leader; the
 * leader's by the leader or the next-layer leader concerned. So a chef cannot
 * confirm the board's own tilsynsafrapportering and then review it (R62).
 */
export function canActOn(user: CurrentUser, o: Actable, rolesToday: readonly RoleInOffice[] = []): boolean {
  if (user.admin) return true;
  const me = user.personId;
  // R6: holding the role today counts as being recorded in it, for open work.
  const today = inOfficeFor(o, rolesToday);
  const chef = o.chefPersonId === me || today.includes('chef');
  const leader = o.leaderPersonId === me || today.includes('leader');
  switch (o.responsibleRole) {
    case 'board':
      return o.responsiblePersonId === me || leader || today.includes('board');
    case 'chef':
      return chef || leader || o.responsiblePersonId === me;
    case 'leader':
      return leader || o.responsiblePersonId === me || (o.kind === 'ledelsesopfoelgning' && o.subjectKey === me);
    case 'admin':
      // R90/R92: a visit and its documentation are the inspectors' to book and confirm, beside the coordinators.
      return (o.kind === 'tilsynsbesoeg' || o.kind === 'tilsynsdokumentation') && (o.inspectorPersonIds ?? []).includes(me);
    default:
      return false;
  }
}

/**
 * Who takes part in an obligation, a subset of who sees it: its responsible
 * person always; the chef and the leader where they meet (a læringssamtale,
 * R26; a chef–leader follow-up, R50; the follow-up meeting with a board, R62);
 * the leader and the next-layer leader in an R51 follow-up, without the chef;
 * the leader recorded on a tilsyn visit, whose dialogue with the inspectors
 * is part of the visit (R92) — an unannounced one only once held (R91, the
 * notSecret term on the whole predicate). A person's calendar holds these by
 * default.
 */
export function participatesIn(alias: string, param: string, today?: string): string {
  const recorded = `${alias}.responsible_person_id = ${param}
    OR (${alias}.chef_person_id = ${param} AND (${alias}.kind IN ('laeringssamtale', 'opfoelgningsmoede') OR (${alias}.kind = 'ledelsesopfoelgning' AND ${alias}.subject_key = '')))
    OR (${alias}.leader_person_id = ${param} AND ${alias}.kind IN ('laeringssamtale', 'opfoelgningsmoede', 'ledelsesopfoelgning', 'tilsynsbesoeg'))
    OR (${alias}.kind = 'ledelsesopfoelgning' AND ${alias}.subject_key = ${param}::text)
    OR (${alias}.kind = 'tilsynsbesoeg' AND ${inspectorOf(alias, param)})`;
  if (today === undefined) return `((${recorded}) AND ${notSecret(alias, param)})`;
  // R6: the chef or leader in office today takes part in the open samtaler and chef↔leader follow-ups of the unit.
  const inOffice = `(${alias}.state IN ${OPEN}
      AND (${alias}.kind IN ('laeringssamtale', 'opfoelgningsmoede') OR (${alias}.kind = 'ledelsesopfoelgning' AND ${alias}.subject_key = ''))
      AND ${alias}.unit_id = ANY(${unitsInOffice(param, today, `'chef', 'leader'`)}))`;
  return `((${recorded} OR ${inOffice}) AND ${notSecret(alias, param)})`;
}

/**
 * Who gets a reminder of the obligations in CTE `candidates` (columns `id`,
 * `responsible_person_id`, `responsible_role`), as `SELECT id, person_id`:
 * its responsible person; every administrator for the administration's own;
 * the inspectors of a visit and of its documentation (R90/R92: theirs to book
 * and confirm). Each recipient must see the obligation by the one rule above
 * (visibleTo; administrators see everything), so R91's secret visit never
 * reaches the unit's people in a reminder or an e-mail, while its inspectors
 * and the coordinators are reminded of it.
 */
export function reminderRecipients(candidates: string): string {
  return `SELECT rr.id, rr.person_id FROM (
      SELECT id, responsible_person_id AS person_id FROM ${candidates} WHERE responsible_person_id IS NOT NULL
      UNION
      SELECT c.id, p.id FROM ${candidates} c JOIN person p ON p.admin WHERE c.responsible_role = 'admin'
      UNION
      SELECT c.id, unnest(ro.inspector_person_ids) FROM ${candidates} c JOIN obligation ro ON ro.id = c.id
       WHERE ro.kind IN ('tilsynsbesoeg', 'tilsynsdokumentation') AND ro.inspector_person_ids <> '{}') rr
    JOIN obligation o ON o.id = rr.id JOIN person rp ON rp.id = rr.person_id
    WHERE rp.admin OR ${visibleTo('o', 'rr.person_id')}`;
}

/**
 * R91 "once held it becomes visible with its held date (the planned date stays
 * with the coordinators)": whether the viewer may read an obligation's booked
 * date and times. Only an unannounced visit keeps them back, from everybody
 * but administrators and its inspectors; before it is held such a visit is
 * not visible to the others at all (notSecret), so this matters once held.
 */
export function seesPlannedDate(user: CurrentUser | undefined, o: { secretUntilHeld?: boolean; inspectorPersonIds?: readonly string[] }): boolean {
  if (o.secretUntilHeld !== true) return true;
  return user !== undefined && (user.admin || (o.inspectorPersonIds ?? []).includes(user.personId));
}

/**
 * seesPlannedDate in SQL: `column` of obligation `alias` (scheduled_on,
 * start_time, end_time …) or NULL, for person parameter `param`; `admin` is a
 * boolean SQL expression (a parameter or a constant subquery).
 */
export function plannedColumn(alias: string, column: string, param: string, admin: string): string {
  return `(CASE WHEN ${seesPlannedDateSql(alias, param, admin)} THEN ${alias}.${column} END)`;
}

/** seesPlannedDate as an SQL condition on obligation `alias` (see plannedColumn). */
export function seesPlannedDateSql(alias: string, param: string, admin: string): string {
  return `(${admin} OR NOT ${alias}.secret_until_held OR ${inspectorOf(alias, param)})`;
}
