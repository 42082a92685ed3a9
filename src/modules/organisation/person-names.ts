import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';

/** Person id → name, for the people an API answer names by id. */
export type PersonNames = ReadonlyMap<string, string>;

interface NamedObligation {
  kind: string;
  subjectKey: string;
  responsiblePersonId: string | null;
  chefPersonId: string | null;
  leaderPersonId: string | null;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The people named on obligations: responsible person (board contact for the board's duties), chef, leader, and the next-layer leader of an R51 follow-up. */
export function peopleOn(obligations: readonly NamedObligation[]): string[] {
  const ids = new Set<string>();
  for (const o of obligations) {
    for (const id of [o.responsiblePersonId, o.chefPersonId, o.leaderPersonId]) if (id) ids.add(id);
    if (o.kind === 'ledelsesopfoelgning' && UUID.test(o.subjectKey)) ids.add(o.subjectKey);
  }
  return [...ids];
}

/** One query for every name an answer needs. */
export async function loadPersonNames(db: DataSource | EntityManager, ids: readonly string[]): Promise<PersonNames> {
  if (ids.length === 0) return new Map();
  const rows: { id: string; name: string }[] = await db.query(`SELECT id, name FROM person WHERE id = ANY($1::uuid[])`, [ids]);
  return new Map(rows.map((r) => [r.id, r.name]));
}

export async function namesForObligations(db: DataSource | EntityManager, obligations: readonly NamedObligation[]): Promise<PersonNames> {
  return loadPersonNames(db, peopleOn(obligations));
}

/** The same, for controllers and services that hold no DataSource of their own. */
@Injectable()
export class PersonNamesService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  forObligations(obligations: readonly NamedObligation[]): Promise<PersonNames> {
    return namesForObligations(this.db, obligations);
  }
}
