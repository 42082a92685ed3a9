import type { EntityManager } from 'typeorm';

/**
 * Names who makes the organisation changes in this transaction and where they
 * come from; the database's organisation_trail() triggers write them into the
 * audit trail (R1, R81) with the rows before and after. Transaction-local:
 * call it inside the transaction that makes the change.
 */
export async function organisationChangeBy(em: EntityManager, actorPersonId: string | null | undefined, source: string): Promise<void> {
  await em.query(`SELECT set_config('kvalitetsloop.actor', $1, true), set_config('kvalitetsloop.source', $2, true)`, [actorPersonId ?? '', source]);
}
