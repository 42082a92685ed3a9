import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { LocalDate } from '../../../workflows/domain';
import { OBLIGATION_MACHINE_VERSION, OBLIGATION_SNAPSHOTS } from '../../../workflows/obligation/obligation.machine';
import { checkEkstra, EKSTRA_KIND, planEkstra } from '../../../workflows/planning/ekstra.rules';
import { Clock } from '../../common/clock';
import { NotFoundError, RuleError } from '../../common/errors';
import type { CurrentUser } from '../auth';
import { appendTransition } from './audit-trail';
import { Obligation } from './obligation.entities';
import { CHEF, LEADER, responsiblePerson, responsiblesJoin } from '../responsibles';

/** R53: extra 1:1 follow-ups, recorded by the unit's chef or leader when held. */
@Injectable()
export class EkstraOpfoelgningService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly clock: Clock,
  ) {}

  async record(unitId: string, input: { heldOn: LocalDate; note?: string }, user: CurrentUser): Promise<Obligation> {
    const today = this.clock.today();
    return this.db.transaction(async (em) => {
      const [unit] = await em.query(`SELECT id FROM unit WHERE id = $1`, [unitId]);
      if (!unit) throw new NotFoundError('Enheden findes ikke');
      if (!user.admin) {
        // The chef or the leader: in office on the held date or today (R6).
        const [role] = await em.query(
          `SELECT 1 FROM assignment WHERE unit_id = $1 AND person_id = $2 AND role IN ('chef', 'leader')
             AND ((valid_from <= $3 AND (valid_to IS NULL OR valid_to >= $3)) OR (valid_from <= $4 AND (valid_to IS NULL OR valid_to >= $4)))`,
          [unitId, user.personId, input.heldOn, today],
        );
        if (!role) throw new RuleError('R53', 'Kun enhedens Børn og Unge-chef eller leder kan registrere en ekstra ledelsesopfølgning');
      }
      const [loop] = await em.query(
        `SELECT id, starts_on::text FROM learning_loop WHERE unit_id = $1 AND starts_on <= $2 AND (ended_on IS NULL OR ended_on > $2)
         ORDER BY starts_on DESC LIMIT 1 FOR UPDATE`,
        [unitId, input.heldOn],
      );
      const refused = checkEkstra({ heldOn: input.heldOn, today, loopStart: loop?.starts_on ?? null });
      if (refused) throw new RuleError(refused.rule, refused.message, { field: 'heldOn' });
      const [{ next }] = await em.query(`SELECT coalesce(max(sequence), 0) + 1 AS next FROM obligation WHERE loop_id = $1 AND kind = $2`, [loop.id, EKSTRA_KIND]);
      const planned = planEkstra(input.heldOn, Number(next));
      const completion = { heldOn: input.heldOn, ...(input.note?.trim() && { note: input.note.trim() }) };
      const [{ id }] = await em.query(
        `INSERT INTO obligation (unit_id, loop_id, kind, sequence, subject_key, opens_on, due_on, responsible_role,
                                 chef_person_id, leader_person_id, responsible_person_id, state, snapshot, machine_version, completed_on, completion)
         SELECT $1, $2, $3, $4, '', $5::date, $5::date, $6, ${CHEF}, ${LEADER}, ${responsiblePerson('$6::text')}, 'completed', $7::jsonb, $8, $5::date, $9::jsonb
         FROM (SELECT 1) one ${responsiblesJoin('$1::uuid', '$5::date', '$6::text')}
         RETURNING id`,
        [unitId, loop.id, planned.kind, planned.sequence, planned.dueOn, planned.responsibleRole, JSON.stringify(OBLIGATION_SNAPSHOTS.completed), OBLIGATION_MACHINE_VERSION, JSON.stringify(completion)],
      );
      await appendTransition(em, { actorPersonId: user.personId, unitId, obligationId: id, loopId: loop.id, event: 'RECORDED', fromState: null, toState: 'planned', reason: 'R53: ekstra ledelsesopfølgning' });
      await appendTransition(em, { actorPersonId: user.personId, unitId, obligationId: id, loopId: loop.id, event: 'COMPLETE', fromState: 'planned', toState: 'completed', payload: completion });
      return em.getRepository(Obligation).findOneByOrFail({ id });
    });
  }
}
