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
export async function refreshResponsibles(
  em: { query(sql: string, params?: unknown[]): Promise<{ n: number }[]> },
  unitsSql: string,
  params: unknown[],
): Promise<number> {
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

/** The same for one unit, inside the transaction that changed its assignments: scope follows at once. */
export function refreshResponsiblesOfUnit(em: Parameters<typeof refreshResponsibles>[0], unitId: string): Promise<number> {
  return refreshResponsibles(em, `SELECT $1::uuid AS unit_id`, [unitId]);
}
