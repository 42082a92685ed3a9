import type { EntityManager } from 'typeorm';
import type { LocalDate, ObligationKind, ResponsibleRole } from '../../../workflows/domain';
import { OBLIGATION_MACHINE_VERSION, OBLIGATION_SNAPSHOTS } from '../../../workflows/obligation/obligation.machine';
import { appendTransition } from '../obligations';
import { CHEF, LEADER, responsiblePerson, responsiblesJoin } from '../responsibles';
import { NotFoundError } from '../../common/errors';

export interface StatutoryObligation {
  unitId: string;
  kind: ObligationKind;
  sequence: number;
  /** What it concerns: a skærpet tilsyn's id, an enhed's key. */
  subjectKey: string;
  /** R4: the registered enhed; null for a school or a dagtilbud's implicit enhed. */
  enhedId: string | null;
  opensOn: LocalDate;
  dueOn: LocalDate;
  responsibleRole: ResponsibleRole;
}

/**
 * Creates one statutory obligation (R74: no learning loop) with the chef,
 * leader and responsible person on its due date (R3), once: a second call
 * with the same unit, kind, sequence and subject returns null. The creation
 * enters the audit trail with `reason`.
 */
export async function createStatutoryObligation(em: EntityManager, o: StatutoryObligation, actorPersonId: string | null, reason: string): Promise<string | null> {
  const [row] = await em.query(
    `INSERT INTO obligation (unit_id, loop_id, kind, sequence, subject_key, opens_on, due_on, responsible_role,
                             chef_person_id, leader_person_id, responsible_person_id, state, snapshot, machine_version, enhed_id)
     SELECT $1, NULL, $2, $3, $4, $5::date, $6::date, $7, ${CHEF}, ${LEADER}, ${responsiblePerson('$7')}, 'planned', $8::jsonb, $9, $10::uuid
     FROM (SELECT $1::uuid AS unit_id, $6::date AS due_on) t ${responsiblesJoin('t.unit_id', 't.due_on', '$7')}
     ON CONFLICT DO NOTHING RETURNING id`,
    [o.unitId, o.kind, o.sequence, o.subjectKey, o.opensOn, o.dueOn, o.responsibleRole, JSON.stringify(OBLIGATION_SNAPSHOTS.planned), OBLIGATION_MACHINE_VERSION, o.enhedId],
  );
  if (!row) return null;
  await appendTransition(em, { actorPersonId, unitId: o.unitId, obligationId: row.id, event: 'CREATED', fromState: null, toState: 'planned', reason });
  return row.id as string;
}

/** An enhed as the statutory rules see it: a registered one, or a dagtilbud's implicit one (R4, then `enhedId` is null). */
export interface EnhedRef {
  /** The id the API uses: the enhed's, or for the implicit enhed the unit's. */
  key: string;
  enhedId: string | null;
  unitId: string;
  name: string;
  validFrom: LocalDate;
  validTo: LocalDate | null;
}

/**
 * R4: an enhed by its API id; a dagtilbud registered without enheder is its
 * own implicit enhed, addressed by the unit's id. 404 for anything else.
 */
export async function enhedByKey(em: EntityManager, key: string): Promise<EnhedRef> {
  const [row] = await em.query(
    `SELECT e.id AS key, e.id AS enhed_id, e.unit_id, e.name, e.valid_from::text, e.valid_to::text
     FROM enhed e JOIN unit u ON u.id = e.unit_id WHERE e.id = $1 AND u.type = 'dagtilbud'
     UNION ALL
     SELECT u.id, NULL, u.id, u.name, u.valid_from::text, u.valid_to::text FROM unit u
     WHERE u.id = $1 AND u.type = 'dagtilbud' AND NOT EXISTS (SELECT 1 FROM enhed e WHERE e.unit_id = u.id)`,
    [key],
  );
  if (!row) throw new NotFoundError('Enheden (tilsynsenheden) findes ikke');
  return { key: row.key, enhedId: row.enhed_id, unitId: row.unit_id, name: row.name, validFrom: row.valid_from, validTo: row.valid_to };
}
