import type { EntityManager } from 'typeorm';

export interface TransitionRecord {
  actorPersonId: string | null;
  unitId?: string | null;
  obligationId?: string | null;
  loopId?: string | null;
  qualityReportId?: string | null;
  event: string;
  fromState: string | null;
  toState: string;
  reason?: string | null;
  payload?: unknown;
}

/** Appends to the audit trail (R71) inside the caller's transaction; the table itself refuses UPDATE and DELETE. */
export async function appendTransition(em: EntityManager, t: TransitionRecord): Promise<void> {
  await em.query(
    `INSERT INTO transition (actor_person_id, unit_id, obligation_id, loop_id, quality_report_id, event, from_state, to_state, reason, payload)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
    [
      t.actorPersonId,
      t.unitId ?? null,
      t.obligationId ?? null,
      t.loopId ?? null,
      t.qualityReportId ?? null,
      t.event,
      t.fromState,
      t.toState,
      t.reason ?? null,
      t.payload === undefined ? null : JSON.stringify(t.payload),
    ],
  );
}
