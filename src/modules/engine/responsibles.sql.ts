/**
 * R3 in SQL, in one place: who held the chef, leader and board role at a unit
 * on a date, and who therefore answers for an obligation with a given
 * responsible role. Used when obligations are generated and when the
 * scheduler re-resolves them after assignments change.
 */

/** A LATERAL join exposing `r.chef`, `r.leader`, `r.board` for the unit and date expressions given. */
export function responsiblesJoin(unit: string, date: string): string {
  const holder = (role: string, order = '') =>
    `(SELECT a.person_id FROM assignment a WHERE a.unit_id = ${unit} AND a.role = '${role}'
        AND a.valid_from <= ${date} AND (a.valid_to IS NULL OR a.valid_to >= ${date})${order} LIMIT 1)`;
  return `LEFT JOIN LATERAL (
    SELECT ${holder('chef')} AS chef, ${holder('leader')} AS leader, ${holder('board', ' ORDER BY a.valid_from, a.id')} AS board
  ) r ON true`;
}

/** The responsible person for role expression `role`; a board duty falls to the leader when no board contact is registered. */
export function responsiblePerson(role: string): string {
  return `CASE ${role} WHEN 'chef' THEN r.chef WHEN 'leader' THEN r.leader WHEN 'board' THEN coalesce(r.board, r.leader) END`;
}
