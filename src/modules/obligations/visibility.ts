/**
 * Who sees an obligation, in one place (SQL for lists, a function for single
 * rows), derived from the people recorded on it (R3): the chef and leader on
 * its due date, its responsible person (a board contact for the board's
 * obligations) and, for R51 follow-ups, the next-layer leader it concerns.
 * Administrators see everything. A chef therefore sees the units they were
 * chef for, for the dates concerned, and nothing after they left.
 */
import type { CurrentUser } from '../auth';

/** SQL predicate on obligation alias `o` for person parameter `$n`. */
export function visibleTo(alias: string, param: string): string {
  return `(${alias}.responsible_person_id = ${param} OR ${alias}.chef_person_id = ${param} OR ${alias}.leader_person_id = ${param}
    OR (${alias}.kind = 'ledelsesopfoelgning' AND ${alias}.subject_key = ${param}::text))`;
}

export function canSeeObligation(
  user: CurrentUser,
  o: { kind: string; responsiblePersonId: string | null; chefPersonId: string | null; leaderPersonId: string | null; subjectKey: string },
): boolean {
  return (
    user.admin ||
    o.responsiblePersonId === user.personId ||
    o.chefPersonId === user.personId ||
    o.leaderPersonId === user.personId ||
    (o.kind === 'ledelsesopfoelgning' && o.subjectKey === user.personId)
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
export function canActOn(user: CurrentUser, o: Actable): boolean {
  if (user.admin) return true;
  const me = user.personId;
  switch (o.responsibleRole) {
    case 'board':
      return o.responsiblePersonId === me || o.leaderPersonId === me;
    case 'chef':
      return o.chefPersonId === me || o.leaderPersonId === me || o.responsiblePersonId === me;
    case 'leader':
      return o.leaderPersonId === me || o.responsiblePersonId === me || (o.kind === 'ledelsesopfoelgning' && o.subjectKey === me);
    default:
      return false;
  }
}

/**
 * Who takes part in an obligation, a subset of who sees it: its responsible
 * person always; the chef and the leader where they meet (a læringssamtale,
 * R26; a chef–leader follow-up, R50; the follow-up meeting with a board, R62);
 * the leader and the next-layer leader in an R51 follow-up, without the chef.
 * A person's calendar holds these by default.
 */
export function participatesIn(alias: string, param: string): string {
  return `(${alias}.responsible_person_id = ${param}
    OR (${alias}.chef_person_id = ${param} AND (${alias}.kind IN ('laeringssamtale', 'opfoelgningsmoede') OR (${alias}.kind = 'ledelsesopfoelgning' AND ${alias}.subject_key = '')))
    OR (${alias}.leader_person_id = ${param} AND ${alias}.kind IN ('laeringssamtale', 'opfoelgningsmoede', 'ledelsesopfoelgning'))
    OR (${alias}.kind = 'ledelsesopfoelgning' AND ${alias}.subject_key = ${param}::text))`;
}
