import { OBLIGATION_TRAIL_EVENTS } from '../../workflows/audit/coverage';
import { OBLIGATION_STATES } from '../../workflows/domain';
import type { TestApp } from './test-app';

/**
 * R81: rows where obligation_trail_head and the trail itself disagree — the
 * audit's definition before the index (`DISTINCT ON` over the trail), either
 * side missing or different. Empty when the index is right.
 */
export function trailHeadDisagreements(t: TestApp): Promise<unknown[]> {
  return t.query(
    `WITH trail AS (
       SELECT DISTINCT ON (tr.obligation_id) tr.obligation_id, tr.id AS transition_id, tr.to_state
       FROM transition tr
       WHERE tr.obligation_id IS NOT NULL AND tr.event = ANY($1::text[]) AND tr.to_state = ANY($2::text[])
       ORDER BY tr.obligation_id, tr.id DESC)
     SELECT * FROM trail FULL JOIN obligation_trail_head h USING (obligation_id)
     WHERE trail.transition_id IS DISTINCT FROM h.transition_id OR trail.to_state IS DISTINCT FROM h.to_state`,
    [OBLIGATION_TRAIL_EVENTS, OBLIGATION_STATES],
  );
}
