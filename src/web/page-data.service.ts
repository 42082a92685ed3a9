import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
import type { ObligationKind } from '../../workflows/domain';
import { Clock } from '../common/clock';
import { obligationName } from './labels';
import type { CurrentUser } from '../modules/auth';
import { Obligation } from '../modules/obligations';

export interface UnitPerson {
  role: 'chef' | 'leader' | 'subLeader' | 'board';
  personId: string;
  name: string;
  email: string;
}

/**
 * Read-only lookups the pages need beside the services' answers: the names of
 * the people an obligation concerns, a unit's people today, the chef's board
 * reports awaiting review. No rule is decided here; visibility comes from the
 * engine's own visibleTo/canSeeObligation.
 */
@Injectable()
export class PageDataService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly clock: Clock,
  ) {}

  /** The full rows behind a list of obligation ids (kept in the given order). */
  async obligations(ids: string[]): Promise<Obligation[]> {
    if (ids.length === 0) return [];
    const rows = await this.db.getRepository(Obligation).findBy({ id: In(ids) });
    const byId = new Map(rows.map((o) => [o.id, o]));
    return ids.map((id) => byId.get(id)).filter((o): o is Obligation => Boolean(o));
  }

  /**
   * The names of obligations by id, as lists write them ("Læringssamtale 2",
   * "Anmeldt tilsynsbesøg 2026–2027"): a trail row says which obligation it is
   * about. Only ids the caller's trail already returned (visibility applied).
   */
  async obligationNames(ids: (string | null | undefined)[]): Promise<Map<string, string>> {
    const wanted = [...new Set(ids.filter((id): id is string => typeof id === 'string'))];
    if (wanted.length === 0) return new Map();
    // The enhed (R4) and R51's next-layer leader are part of the name: they tell a unit's rows apart.
    const rows: { id: string; kind: ObligationKind; sequence: number; subject_key: string; enhed_name: string | null; subject_name: string | null }[] = await this.db.query(
      `SELECT o.id, o.kind, o.sequence, o.subject_key, e.name AS enhed_name, sp.name AS subject_name
       FROM obligation o
       LEFT JOIN enhed e ON e.id = o.enhed_id
       LEFT JOIN person sp ON o.kind = 'ledelsesopfoelgning' AND o.subject_key ~ '^[0-9a-fA-F-]{36}$' AND sp.id = (CASE WHEN o.subject_key ~ '^[0-9a-fA-F-]{36}$' THEN o.subject_key::uuid END)
       WHERE o.id = ANY($1::uuid[])`,
      [wanted],
    );
    return new Map(rows.map((r) => [r.id, obligationName({ kind: r.kind, sequence: r.sequence, subjectKey: r.subject_key, enhedName: r.enhed_name, subjectName: r.subject_name })]));
  }

  /** Names of people by id (obligations carry ids: chef, leader, responsible, R51 subject). */
  async personNames(ids: (string | null | undefined)[]): Promise<Map<string, string>> {
    const wanted = [...new Set(ids.filter((id): id is string => typeof id === 'string' && /^[0-9a-f-]{36}$/i.test(id)))];
    if (wanted.length === 0) return new Map();
    const rows: { id: string; name: string }[] = await this.db.query(`SELECT id, name FROM person WHERE id = ANY($1::uuid[])`, [wanted]);
    return new Map(rows.map((r) => [r.id, r.name]));
  }

  /** Who holds which role at the unit today. */
  async unitPeople(unitId: string): Promise<UnitPerson[]> {
    return this.db.query(
      `SELECT a.role, p.id AS "personId", p.name, p.email
       FROM assignment a JOIN person p ON p.id = a.person_id
       WHERE a.unit_id = $1 AND a.valid_from <= $2 AND (a.valid_to IS NULL OR a.valid_to >= $2)
       ORDER BY CASE a.role WHEN 'chef' THEN 0 WHEN 'leader' THEN 1 WHEN 'subLeader' THEN 2 ELSE 3 END, p.name`,
      [unitId, this.clock.today()],
    );
  }

  /** The units of the caller's chef/leader/board roles today, for the overview's unit links. */
  async unitNames(ids: string[]): Promise<Map<string, string>> {
    if (ids.length === 0) return new Map();
    const rows: { id: string; name: string }[] = await this.db.query(`SELECT id, name FROM unit WHERE id = ANY($1::uuid[])`, [ids]);
    return new Map(rows.map((r) => [r.id, r.name]));
  }

  /**
   * R62/R63: board reports received and waiting for the chef's review, with
   * the review's version. Only those the caller may see (their own as chef;
   * everything for administrators).
   */
  async boardReportsAwaitingReview(user: CurrentUser): Promise<{ obligationId: string; unitId: string; unitName: string; completedOn: string; dueOn: string; reviewState: string; leaderName: string | null }[]> {
    return this.db.query(
      `SELECT o.id AS "obligationId", o.unit_id AS "unitId", u.name AS "unitName", o.completed_on::text AS "completedOn",
              o.due_on::text AS "dueOn", r.state AS "reviewState", lp.name AS "leaderName"
       FROM board_report_review r
       JOIN obligation o ON o.id = r.obligation_id
       JOIN unit u ON u.id = o.unit_id
       LEFT JOIN person lp ON lp.id = o.leader_person_id
       WHERE r.state = 'afventer_vurdering' AND ($2 OR o.chef_person_id = $1)
       ORDER BY o.completed_on, u.name`,
      [user.personId, user.admin],
    );
  }
}
