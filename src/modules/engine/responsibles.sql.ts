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
