import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { LocalDate } from '../../../workflows/domain';
import { OBLIGATION_SNAPSHOTS } from '../../../workflows/obligation/obligation.machine';
import { LoopGroup, ObligationGenerator, planGroup } from './obligation-generator';
import { refreshResponsibles } from '../responsibles';

/** The reason recorded on an open obligation its re-planned loop no longer has (R33: never silently). */
export const NO_LONGER_PLANNED = 'ikke længere i loopets plan';

/**
 * R11/R13/R33: when the dates a loop was planned from change (a corrected
 * treatment date, an expected treatment recorded in advance, a treatment
 * earlier or later than expected), its open obligations are planned again:
 * moved to their new windows with the move in the audit trail, new windows
 * added, and those the new plan no longer has cancelled with a stated reason.
 * Completed, cancelled and waived obligations are history and stay as they are.
 */
@Injectable()
export class LoopReplanner {
  constructor(private readonly generator: ObligationGenerator) {}

  /** Re-plans the loops `loopIds` from their current starts_on and expected_end_on. */
  async replan(em: EntityManager, loopIds: string[], actorId: string | null, reason: string, today: LocalDate): Promise<number> {
    if (loopIds.length === 0) return 0;
    const groups: LoopGroup[] = await em.query(
      `SELECT l.ramme_id, l.starts_on::text, l.expected_end_on::text, array_agg(DISTINCT u.type || '/' || u.governance) AS variants
       FROM learning_loop l JOIN unit u ON u.id = l.unit_id WHERE l.id = ANY($1) GROUP BY 1, 2, 3`,
      [loopIds],
    );
    let moved = 0;
    for (const group of groups) {
      const { base, subLeader } = planGroup(group);
      const rows = [
        ...base.map((r) => ({ ...r, variant: `${r.unitType}/${r.governance}`, sub: false })),
        ...group.variants.flatMap((variant) => subLeader.filter((r) => variant.startsWith(`${r.unitType}/`)).map((r) => ({ ...r, variant, sub: true }))),
      ];
      const [{ n }] = await em.query(
        `WITH plan AS (
           SELECT * FROM unnest($4::text[], $5::text[], $6::int[], $7::date[], $8::date[], $9::bool[])
             AS t(variant, kind, sequence, opens_on, due_on, sub)),
         target AS (
           SELECT o.id, o.unit_id, o.loop_id, o.state, o.opens_on AS old_opens, o.due_on AS old_due,
                  greatest(p.opens_on, u.valid_from) AS opens_on, greatest(p.due_on, u.valid_from) AS due_on,
                  -- R71: an overdue obligation moved to a due date not yet passed is open again.
                  CASE WHEN o.state = 'overdue' AND greatest(p.due_on, u.valid_from) >= $11
                       THEN (CASE WHEN o.scheduled_on IS NULL THEN 'planned' ELSE 'scheduled' END) ELSE o.state END AS new_state
           FROM obligation o
           JOIN learning_loop l ON l.id = o.loop_id
           JOIN unit u ON u.id = o.unit_id
           JOIN plan p ON p.variant = u.type || '/' || u.governance AND p.kind = o.kind AND p.sequence = o.sequence
                      AND p.sub = (o.subject_key <> '' AND o.kind = 'ledelsesopfoelgning')
           WHERE o.loop_id = ANY($10) AND l.ramme_id = $1 AND l.starts_on = $2 AND l.expected_end_on = $3
             AND o.state IN ('planned', 'scheduled', 'overdue')
             AND o.kind NOT IN ('opfoelgningsmoede', 'ekstra', 'tilsynsgennemgang')
             AND (o.opens_on, o.due_on) IS DISTINCT FROM (greatest(p.opens_on, u.valid_from), greatest(p.due_on, u.valid_from))
           FOR UPDATE OF o),
         updated AS (
           UPDATE obligation o SET opens_on = target.opens_on, due_on = target.due_on,
                  state = target.new_state, snapshot = ($14::jsonb) -> target.new_state,
                  version = o.version + 1, updated_at = now()
           FROM target WHERE o.id = target.id
           RETURNING o.id, o.unit_id, o.loop_id, o.state, target.state AS from_state, target.old_opens, target.old_due, target.opens_on, target.due_on)
         INSERT INTO transition (actor_person_id, unit_id, obligation_id, loop_id, event, from_state, to_state, reason, payload)
         SELECT $12, unit_id, id, loop_id, 'REPLANNED', from_state, state, $13,
                jsonb_build_object('opensOn', old_opens::text, 'dueOn', old_due::text, 'newOpensOn', opens_on::text, 'newDueOn', due_on::text)
         FROM updated
         RETURNING 1`,
        [
          group.ramme_id, group.starts_on, group.expected_end_on,
          rows.map((r) => r.variant), rows.map((r) => r.kind), rows.map((r) => r.sequence), rows.map((r) => r.opensOn), rows.map((r) => r.dueOn), rows.map((r) => r.sub),
          loopIds, today, actorId, reason, JSON.stringify(OBLIGATION_SNAPSHOTS),
        ],
      ).then((r: unknown[]) => [{ n: r.length }]);
      moved += n;
      // Open obligations the new plan has no window for.
      await em.query(
        `WITH plan AS (
           SELECT * FROM unnest($4::text[], $5::text[], $6::int[], $7::bool[]) AS t(variant, kind, sequence, sub)),
         gone AS (
           SELECT o.id, o.unit_id, o.loop_id, o.state FROM obligation o
           JOIN learning_loop l ON l.id = o.loop_id
           JOIN unit u ON u.id = o.unit_id
           WHERE o.loop_id = ANY($8) AND l.ramme_id = $1 AND l.starts_on = $2 AND l.expected_end_on = $3
             AND o.state IN ('planned', 'scheduled', 'overdue')
             AND o.kind NOT IN ('opfoelgningsmoede', 'ekstra', 'tilsynsgennemgang')
             AND NOT EXISTS (SELECT 1 FROM plan p WHERE p.variant = u.type || '/' || u.governance AND p.kind = o.kind AND p.sequence = o.sequence
                               AND p.sub = (o.subject_key <> '' AND o.kind = 'ledelsesopfoelgning'))
           FOR UPDATE OF o),
         cancelled AS (
           UPDATE obligation o SET state = 'cancelled', snapshot = $9::jsonb, reason = $10, version = o.version + 1, updated_at = now()
           FROM gone WHERE o.id = gone.id RETURNING o.id, o.unit_id, o.loop_id, gone.state AS from_state)
         INSERT INTO transition (actor_person_id, unit_id, obligation_id, loop_id, event, from_state, to_state, reason)
         SELECT $11, unit_id, id, loop_id, 'CANCEL', from_state, 'cancelled', $10 FROM cancelled`,
        [
          group.ramme_id, group.starts_on, group.expected_end_on,
          rows.map((r) => r.variant), rows.map((r) => r.kind), rows.map((r) => r.sequence), rows.map((r) => r.sub),
          loopIds, JSON.stringify(OBLIGATION_SNAPSHOTS.cancelled), `${NO_LONGER_PLANNED}: ${reason}`, actorId,
        ],
      );
    }
    // New windows (an earlier start, a later end) come from the generator, which plans loops with planned_at NULL.
    await em.query(`UPDATE learning_loop SET planned_at = NULL, version = version + 1, updated_at = now() WHERE id = ANY($1) AND state <> 'lukket'`, [loopIds]);
    await this.generator.generate(em);
    // R3: a moved due date may have other people responsible.
    await refreshResponsibles(em, `SELECT DISTINCT unit_id FROM learning_loop WHERE id = ANY($1)`, [loopIds], today);
    return moved;
  }
}
