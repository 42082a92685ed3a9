import type { LocalDate } from '../../../workflows/domain';
import { OBLIGATION_SNAPSHOTS } from '../../../workflows/obligation/obligation.machine';

/**
 * R3 in SQL, in one place: who held the chef, leader and board role at a unit
 * on a date, and who therefore answers for an obligation with a given
 * responsible role. Used when obligations are generated and when the
 * scheduler re-resolves them after assignments change.
 *
 * Chef and leader are plain joins: the exclusion constraint
 * assignment_r1_one_chef_one_leader allows at most one of each per unit and
 * date, so a join cannot multiply rows, and the planner may hash it. A unit
 * may have several board contacts, so that one takes the longest-serving, and
 * is only looked up for the board's own duties.
 */
export function responsiblesJoin(unit: string, date: string, role: string): string {
  const during = (alias: string) => `${alias}.valid_from <= ${date} AND (${alias}.valid_to IS NULL OR ${alias}.valid_to >= ${date})`;
  return `
    LEFT JOIN assignment rc ON rc.unit_id = ${unit} AND rc.role = 'chef' AND ${during('rc')}
    LEFT JOIN assignment rl ON rl.unit_id = ${unit} AND rl.role = 'leader' AND ${during('rl')}
    LEFT JOIN LATERAL (
      SELECT a.person_id FROM assignment a
      WHERE ${role} = 'board' AND a.unit_id = ${unit} AND a.role = 'board' AND ${during('a')}
      ORDER BY a.valid_from, a.id LIMIT 1
    ) rb ON true`;
}

export const CHEF = 'rc.person_id';
export const LEADER = 'rl.person_id';

/** The responsible person for role expression `role`; a board duty falls to the leader when no board contact is registered. */
export function responsiblePerson(role: string): string {
  return `CASE ${role} WHEN 'chef' THEN rc.person_id WHEN 'leader' THEN rl.person_id WHEN 'board' THEN coalesce(rb.person_id, rl.person_id) END`;
}

/**
 * Re-resolves the open obligations of the units selected by `unitsSql` (a
 * query returning `unit_id`) to the people holding the roles on each due
 * date. Idempotent; returns how many obligations changed hands.
 */
export async function refreshResponsibles(em: Queryable, unitsSql: string, params: unknown[], today: LocalDate): Promise<number> {
  await cancelDepartedSubLeaderFollowUps(em, unitsSql, params);
  await reinstateReturnedSubLeaderFollowUps(em, unitsSql, params, today);
  const [{ n }] = await em.query(
    `WITH changed AS (${unitsSql}),
     resolved AS (
       SELECT o.id, ${CHEF} AS chef, ${LEADER} AS leader, ${responsiblePerson('o.responsible_role')} AS responsible
       FROM obligation o JOIN changed c ON c.unit_id = o.unit_id
       ${responsiblesJoin('o.unit_id', 'o.due_on', 'o.responsible_role')}
       WHERE o.state IN ('planned', 'scheduled', 'overdue')),
     updated AS (
       UPDATE obligation o SET chef_person_id = x.chef, leader_person_id = x.leader, responsible_person_id = x.responsible, updated_at = now()
       FROM resolved x WHERE o.id = x.id
         AND (o.chef_person_id, o.leader_person_id, o.responsible_person_id) IS DISTINCT FROM (x.chef, x.leader, x.responsible)
       RETURNING 1)
     SELECT count(*)::int AS n FROM updated`,
    params,
  );
  return n;
}

type Queryable = { query(sql: string, params?: unknown[]): Promise<{ n: number }[]> };

/**
 * R51: follow-ups with a next-layer leader who no longer holds that role on
 * the due date are cancelled, with the reason in the audit trail.
 */
async function cancelDepartedSubLeaderFollowUps(em: Queryable, unitsSql: string, params: unknown[]): Promise<void> {
  await em.query(
    `WITH changed AS (${unitsSql}),
     departed AS (
       SELECT o.id, o.unit_id, o.loop_id, o.state FROM obligation o JOIN changed c ON c.unit_id = o.unit_id
       WHERE o.kind = 'ledelsesopfoelgning' AND o.subject_key <> '' AND o.state IN ('planned', 'scheduled', 'overdue')
         AND NOT EXISTS (
           SELECT 1 FROM assignment s
           WHERE s.unit_id = o.unit_id AND s.role = 'subLeader' AND s.person_id::text = o.subject_key
             AND s.valid_from <= o.due_on AND (s.valid_to IS NULL OR s.valid_to >= o.due_on))
       FOR UPDATE OF o),
     cancelled AS (
       UPDATE obligation o SET state = 'cancelled', snapshot = '${JSON.stringify(OBLIGATION_SNAPSHOTS.cancelled)}'::jsonb,
              reason = '${SUB_LEADER_LEFT}', version = o.version + 1, updated_at = now()
       FROM departed WHERE o.id = departed.id
       RETURNING o.id, o.unit_id, o.loop_id, departed.state AS from_state)
     INSERT INTO transition (unit_id, obligation_id, loop_id, event, from_state, to_state, reason)
     SELECT unit_id, id, loop_id, 'CANCEL', from_state, 'cancelled', '${SUB_LEADER_LEFT}' FROM cancelled`,
    params,
  );
}

const SUB_LEADER_LEFT = 'næste ledelseslag har ikke længere rollen';
const SUB_LEADER_BACK = 'næste ledelseslag har rollen igen';

/**
 * R51: a next-layer leader who holds the role again gets back the follow-ups
 * cancelled when they left, for the windows due in the new period (the
 * unique key keeps one row per window, so they are reinstated, not re-made).
 */
async function reinstateReturnedSubLeaderFollowUps(em: Queryable, unitsSql: string, params: unknown[], today: LocalDate): Promise<void> {
  await em.query(
    `WITH changed AS (${unitsSql}),
     returned AS (
       SELECT o.id, o.unit_id, o.loop_id, CASE WHEN o.due_on < $${params.length + 2}::date THEN 'overdue' ELSE 'planned' END AS to_state
       FROM obligation o JOIN changed c ON c.unit_id = o.unit_id
       JOIN learning_loop l ON l.id = o.loop_id AND l.state <> 'lukket'
       WHERE o.kind = 'ledelsesopfoelgning' AND o.state = 'cancelled' AND o.reason = '${SUB_LEADER_LEFT}'
         AND EXISTS (
           SELECT 1 FROM assignment s
           WHERE s.unit_id = o.unit_id AND s.role = 'subLeader' AND s.person_id::text = o.subject_key
             AND s.valid_from <= o.due_on AND (s.valid_to IS NULL OR s.valid_to >= o.due_on))
       FOR UPDATE OF o),
     reinstated AS (
       UPDATE obligation o SET state = returned.to_state, snapshot = ($${params.length + 1}::jsonb) -> returned.to_state,
              reason = NULL, version = o.version + 1, updated_at = now()
       FROM returned WHERE o.id = returned.id
       RETURNING o.id, o.unit_id, o.loop_id, o.state)
     INSERT INTO transition (unit_id, obligation_id, loop_id, event, from_state, to_state, reason)
     SELECT unit_id, id, loop_id, 'REOPEN', 'cancelled', state, '${SUB_LEADER_BACK}' FROM reinstated`,
    [...params, JSON.stringify(OBLIGATION_SNAPSHOTS), today],
  );
}

/** The same for one unit, inside the transaction that changed its assignments: scope follows at once. */
export function refreshResponsiblesOfUnit(em: Queryable, unitId: string, today: LocalDate): Promise<number> {
  return refreshResponsibles(em, `SELECT $1::uuid AS unit_id`, [unitId], today);
}
