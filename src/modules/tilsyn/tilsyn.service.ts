import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { randomUUID } from 'node:crypto';
import { compareLocalDate } from '../../../workflows/calendar/local-date';
import { obligationBookingWarnings } from '../../../workflows/obligation/booking.rules';
import type { LocalDate, ObligationState } from '../../../workflows/domain';
import { OBLIGATION_MACHINE_VERSION, OBLIGATION_SNAPSHOTS } from '../../../workflows/obligation/obligation.machine';
import {
  describeConflict,
  dutiesAfterVisit,
  impartialityConflicts,
  outcomeConsequence,
  plannedCycleVisits,
  tilsynCycleOf,
  TILSYNSRAMME_VERSIONS,
  tilsynsrammeInForce,
  visitCompletionProblems,
  type ImpartialityTie,
  type VisitCompletionInput,
} from '../../../workflows/tilsyn';
import { Clock } from '../../common/clock';
import { BadInputError, crossFieldError, NotFoundError, RuleError } from '../../common/errors';
import type { Page } from '../../common/pagination';
import type { CurrentUser } from '../auth';
import { AccessService, appendTransition, Obligation, ObligationsService, seesPlannedDate, visibleTo } from '../obligations';
import { EnhederService } from '../organisation';
import { CHEF, LEADER, responsiblesJoin } from '../responsibles';
import type { CompleteVisitDto, CreateVisitDto, ListVisitsQuery, ScheduledVisitResponse, VisitDetailResponse, VisitResponse } from './dto/visit.dto';
import { SkaerpetTilsynHook } from './skaerpet-tilsyn.hook';

/** Who answers for each duty a held visit creates (R92). */
const DUTY_ROLES = { tilsynsdokumentation: 'admin', tilsynsdialog: 'leader', bestyrelsesorientering: 'leader' } as const;

interface VisitRow {
  id: string;
  unit_id: string;
  enhed_id: string | null;
  announcement: VisitResponse['announcement'];
  trigger: VisitResponse['trigger'];
  statutory_cycle: string | null;
  opens_on: LocalDate;
  due_on: LocalDate;
  scheduled_on: LocalDate | null;
  completed_on: LocalDate | null;
  state: ObligationState;
  inspector_person_ids: string[];
  outcome: VisitResponse['outcome'];
  version: number;
  secret_until_held: boolean;
  completion?: Record<string, unknown> | null;
}

const VISIT_COLUMNS = `o.id, o.unit_id, o.enhed_id, v.announcement, v.trigger, o.statutory_cycle, o.opens_on::text AS opens_on, o.due_on::text AS due_on,
  o.scheduled_on::text AS scheduled_on, o.completed_on::text AS completed_on, o.state, o.inspector_person_ids, v.outcome, o.version, o.secret_until_held`;

/**
 * Statutory tilsyn visits (R90–R92) as obligations of kind `tilsynsbesoeg`
 * (R74): generated per enhed and cycle, staffed with impartial inspectors,
 * booked and confirmed through the obligation lifecycle (R71). Every read
 * goes through the one visibility rule, so an unannounced visit is absent for
 * the unit's people until held (R91).
 */
@Injectable()
export class TilsynService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly clock: Clock,
    private readonly access: AccessService,
    private readonly obligations: ObligationsService,
    private readonly enheder: EnhederService,
    private readonly skaerpet: SkaerpetTilsynHook,
  ) {}

  /**
   * R74/R90: the ordinary visits of the statutory cycle containing `today` for
   * every enhed of every dagtilbud (registered, or the implicit one, R4),
   * set-based and idempotent (unique key; ON CONFLICT DO NOTHING). Returns how
   * many visits were created.
   */
  async generateCycleVisits(em: EntityManager, today: LocalDate): Promise<number> {
    // The duties start with the law (dagtilbudsloven §§ 5–5 b, 1 January 2022), not earlier.
    if (compareLocalDate(today, TILSYNSRAMME_VERSIONS[0]!.effectiveFrom) < 0) return 0;
    const cycle = tilsynCycleOf(today);
    const plan = plannedCycleVisits(cycle, { validFrom: cycle.startsOn, validTo: null });
    const [{ n }] = await em.query(
      `WITH targets AS (
         SELECT e.unit_id, e.id AS enhed_id,
                greatest($1::date, e.valid_from, u.valid_from) AS opens_on,
                least($2::date, coalesce(e.valid_to, $2::date), coalesce(u.valid_to, $2::date)) AS due_on
         FROM enhed e JOIN unit u ON u.id = e.unit_id
         WHERE u.type = 'dagtilbud' AND e.valid_from <= $2 AND (e.valid_to IS NULL OR e.valid_to >= $1)
         UNION ALL
         SELECT u.id, NULL, greatest($1::date, u.valid_from), least($2::date, coalesce(u.valid_to, $2::date))
         FROM unit u
         WHERE u.type = 'dagtilbud' AND u.valid_from <= $2 AND (u.valid_to IS NULL OR u.valid_to >= $1)
           AND NOT EXISTS (SELECT 1 FROM enhed e WHERE e.unit_id = u.id)),
       inserted AS (
         INSERT INTO obligation (unit_id, loop_id, kind, sequence, subject_key, opens_on, due_on, responsible_role,
                                 chef_person_id, leader_person_id, responsible_person_id, state, snapshot, machine_version,
                                 enhed_id, statutory_cycle, secret_until_held)
         SELECT t.unit_id, NULL, 'tilsynsbesoeg', p.sequence, $3 || ':' || p.announcement, t.opens_on, t.due_on, 'admin',
                ${CHEF}, ${LEADER}, NULL, 'planned', $6::jsonb, $7, t.enhed_id, $3, p.announcement = 'uanmeldt'
         FROM targets t
         CROSS JOIN unnest($4::text[], $5::int[]) AS p(announcement, sequence)
         ${responsiblesJoin('t.unit_id', 't.due_on', `'admin'`)}
         WHERE t.opens_on <= t.due_on
         ON CONFLICT (unit_id, (coalesce(enhed_id::text, '')), kind, sequence, subject_key) WHERE loop_id IS NULL DO NOTHING
         RETURNING id, unit_id, enhed_id, subject_key),
       visits AS (
         INSERT INTO tilsyn_visit (obligation_id, unit_id, enhed_id, announcement, trigger, tilsynsramme_id)
         SELECT id, unit_id, enhed_id, split_part(subject_key, ':', 2), 'ordinaer', $8 FROM inserted
         RETURNING 1)
       SELECT count(*)::int AS n FROM visits`,
      [cycle.startsOn, cycle.endsOn, cycle.key, plan.map((p) => p.announcement), plan.map((p) => p.sequence),
        JSON.stringify(OBLIGATION_SNAPSHOTS.planned), OBLIGATION_MACHINE_VERSION, cycle.rammeId],
    );
    return n;
  }

  /** The visits the user may see (R91: one predicate, visibility.ts), by due date. */
  async list(q: ListVisitsQuery, user: CurrentUser): Promise<Page<VisitResponse>> {
    const params: unknown[] = user.admin ? [] : [user.personId, this.clock.today()];
    const where = [`o.kind = 'tilsynsbesoeg'`, user.admin ? 'true' : visibleTo('o', '$1', '$2')];
    const add = (sql: (p: string) => string, value: unknown) => {
      params.push(value);
      where.push(sql(`$${params.length}`));
    };
    if (q.unitId) add((p) => `o.unit_id = ${p}`, q.unitId);
    if (q.enhedId) add((p) => `(o.enhed_id = ${p} OR (o.enhed_id IS NULL AND o.unit_id = ${p}))`, q.enhedId);
    if (q.announcement) add((p) => `v.announcement = ${p}`, q.announcement);
    if (q.state) add((p) => `o.state = ${p}`, q.state);
    if (q.from) add((p) => `o.due_on >= ${p}`, q.from);
    if (q.to) add((p) => `o.due_on <= ${p}`, q.to);
    const from = `FROM obligation o JOIN tilsyn_visit v ON v.obligation_id = o.id WHERE ${where.join(' AND ')}`;
    const [{ total }] = await this.db.query(`SELECT count(*)::int AS total ${from}`, params);
    const rows: VisitRow[] = await this.db.query(
      `SELECT ${VISIT_COLUMNS} ${from} ORDER BY o.due_on, o.unit_id, o.enhed_id NULLS FIRST, v.announcement, o.sequence, o.id
       LIMIT ${q.limit} OFFSET ${q.offset}`,
      params,
    );
    return { items: rows.map((r) => toVisit(r, user)), total };
  }

  /** One visit; 404 exactly like a missing id when the user may not see it (R91). */
  async get(id: string, user: CurrentUser): Promise<VisitDetailResponse> {
    const o = await this.loadVisitObligation(id, user);
    const [row]: VisitRow[] = await this.db.query(
      `SELECT ${VISIT_COLUMNS}, o.completion FROM obligation o JOIN tilsyn_visit v ON v.obligation_id = o.id WHERE o.id = $1`,
      [o.id],
    );
    return { ...toVisit(row!, user), completion: row!.completion ?? null };
  }

  /** An extra visit (e.g. on a concern, R90 trigger `bekymring`); coordinators only. */
  async create(dto: CreateVisitDto, user: CurrentUser): Promise<VisitDetailResponse> {
    const today = this.clock.today();
    const opensOn = dto.opensOn ?? today;
    if (compareLocalDate(dto.dueOn, opensOn) < 0) throw crossFieldError('dueOn', 'dueOn skal ligge på eller efter opensOn');
    const enhed = await this.enhedOfUnit(dto.unitId, dto.enhedId);
    const ramme = tilsynsrammeInForce(dto.dueOn);
    const cycle = tilsynCycleOf(dto.dueOn);
    const id = await this.db.transaction(async (em) => {
      const [row] = await em.query(
        `INSERT INTO obligation (unit_id, loop_id, kind, sequence, subject_key, opens_on, due_on, responsible_role,
                                 chef_person_id, leader_person_id, responsible_person_id, state, snapshot, machine_version,
                                 enhed_id, statutory_cycle, secret_until_held)
         SELECT $1, NULL, 'tilsynsbesoeg', 1, $2, $3::date, $4::date, 'admin', ${CHEF}, ${LEADER}, NULL, 'planned', $5::jsonb, $6, $7::uuid, $8, $9
         FROM (SELECT 1) one ${responsiblesJoin('$1::uuid', '$4::date', `'admin'`)}
         RETURNING id`,
        [dto.unitId, `ekstra:${randomUUID()}`, opensOn, dto.dueOn, JSON.stringify(OBLIGATION_SNAPSHOTS.planned), OBLIGATION_MACHINE_VERSION,
          enhed.implicit ? null : enhed.id, cycle.key, dto.announcement === 'uanmeldt'],
      );
      await em.query(
        `INSERT INTO tilsyn_visit (obligation_id, unit_id, enhed_id, announcement, trigger, tilsynsramme_id) VALUES ($1, $2, $3, $4, $5, $6)`,
        [row.id, dto.unitId, enhed.implicit ? null : enhed.id, dto.announcement, dto.trigger, ramme.id],
      );
      await appendTransition(em, {
        actorPersonId: user.personId, unitId: dto.unitId, obligationId: row.id, event: 'VISIT_CREATED', fromState: null, toState: 'planned',
        reason: dto.reason?.trim() || null, payload: { announcement: dto.announcement, trigger: dto.trigger },
      });
      return row.id as string;
    });
    return this.get(id, user);
  }

  /** R90: assigns an inspector, refused with 422 R90 when not a tilsynsførende or not impartial on the visit date. */
  async assignInspector(id: string, personId: string, user: CurrentUser): Promise<VisitDetailResponse> {
    await this.db.transaction(async (em) => {
      const o = await em.getRepository(Obligation).findOne({ where: { id, kind: 'tilsynsbesoeg' }, lock: { mode: 'pessimistic_write' } });
      if (!o) throw new NotFoundError('Tilsynsbesøget findes ikke');
      if (!['planned', 'scheduled', 'overdue'].includes(o.state)) {
        throw new RuleError('R90', 'Der kan kun tilknyttes tilsynsførende til et besøg, der ikke er afsluttet', { field: 'personId' });
      }
      await this.assertImpartial(em, o, personId, o.scheduledOn ?? o.dueOn, 'personId');
      if (o.inspectorPersonIds.includes(personId)) return;
      o.inspectorPersonIds = [...o.inspectorPersonIds, personId];
      o.updatedAt = new Date();
      await em.getRepository(Obligation).save(o);
      await appendTransition(em, {
        actorPersonId: user.personId, unitId: o.unitId, obligationId: o.id, event: 'INSPECTOR_ASSIGNED', fromState: o.state, toState: o.state, payload: { personId },
      });
    });
    return this.get(id, user);
  }

  /** R71: books the visit's date; coordinators and its inspectors. */
  async schedule(id: string, date: LocalDate, user: CurrentUser): Promise<ScheduledVisitResponse> {
    const o = await this.loadVisitObligation(id, user);
    await this.access.assertCanAct(user, o);
    await this.obligations.schedule(id, date, { personId: user.personId, admin: user.admin });
    const visit = await this.get(id, user);
    // The same warnings as any booking (booking.rules.ts), naming the visit's window and where it comes from; only
    // the visit's insiders may book (assertCanAct), so naming its window reveals nothing R91 hides.
    return { ...visit, warnings: obligationBookingWarnings(date, { kind: 'tilsynsbesoeg', opensOn: visit.opensOn, dueOn: visit.dueOn }, this.clock.today()) };
  }

  /**
   * R92: confirms the visit as held. Refuses with 422 R92 (content) or R90
   * (an inspector not impartial on the held date). Creates the enhed's
   * tilsynsdokumentation, tilsynsdialog and bestyrelsesorientering, records the
   * outcome and hands a skærpet-tilsyn outcome to its hook (R95/R96).
   */
  async complete(id: string, dto: CompleteVisitDto, user: CurrentUser): Promise<VisitDetailResponse> {
    const o = await this.loadVisitObligation(id, user);
    await this.access.assertCanAct(user, o);
    const input: VisitCompletionInput = { ...dto, followUpPoints: dto.followUpPoints ?? [] };
    const problems = visitCompletionProblems(input, this.clock.today());
    if (problems.length > 0) throw new RuleError('R92', problems[0]!.message, { field: problems[0]!.field, violations: problems });
    const inspectorIds = [...new Set(dto.inspectorIds)];
    const actor = { personId: user.personId, admin: user.admin };
    await this.obligations.completeStatutory(id, dto.heldOn, {}, actor, {
      check: async (em, locked) => {
        for (const personId of inspectorIds) await this.assertImpartial(em, locked, personId, dto.heldOn, 'inspectorIds');
      },
      after: async (em, done) => {
        const [previous] = await em.query(
          `SELECT o.id FROM obligation o WHERE o.kind = 'tilsynsbesoeg' AND o.state = 'completed' AND o.id <> $1 AND o.unit_id = $2
             AND o.enhed_id IS NOT DISTINCT FROM $3 AND o.completed_on <= $4 ORDER BY o.completed_on DESC, o.id LIMIT 1`,
          [done.id, done.unitId, done.enhedId, dto.heldOn],
        );
        const completion = {
          heldOn: dto.heldOn,
          inspectorIds,
          observations: input.observations.map((x) => x.trim()).filter(Boolean),
          participants: input.participants,
          dataUsed: input.dataUsed.map((x) => x.trim()).filter(Boolean),
          outcome: dto.outcome,
          followUpPoints: input.followUpPoints,
          // § 5 a stk. 4: linked to the previous visit's documentation.
          previousVisitId: previous?.id ?? null,
        };
        await em.query(`UPDATE obligation SET completion = $2::jsonb, inspector_person_ids = $3::uuid[] WHERE id = $1`, [done.id, JSON.stringify(completion), inspectorIds]);
        Object.assign(done, { completion, inspectorPersonIds: inspectorIds });
        await em.query(`UPDATE tilsyn_visit SET outcome = $2, updated_at = now() WHERE obligation_id = $1`, [done.id, dto.outcome]);
        await this.createDuties(em, done, dto.heldOn, inspectorIds);
        const consequence = outcomeConsequence(dto.outcome);
        if (consequence.skaerpetTilsyn) {
          await this.skaerpet.visitFoundConcern(em, {
            visitId: done.id, unitId: done.unitId, enhedId: done.enhedId, heldOn: dto.heldOn,
            outcome: dto.outcome as 'skaerpet_tilsyn' | 'skaerpet_tilsyn_handleplan', actorPersonId: user.personId,
          });
        }
      },
    });
    return this.get(id, user);
  }

  /** R92: the three duties, each once per visit (subject key = the visit's id). */
  private async createDuties(em: EntityManager, visit: Obligation, heldOn: LocalDate, inspectorIds: string[]): Promise<void> {
    for (const duty of dutiesAfterVisit(heldOn)) {
      const role = DUTY_ROLES[duty.kind];
      const [row] = await em.query(
        `INSERT INTO obligation (unit_id, loop_id, kind, sequence, subject_key, opens_on, due_on, responsible_role,
                                 chef_person_id, leader_person_id, responsible_person_id, state, snapshot, machine_version,
                                 enhed_id, statutory_cycle, inspector_person_ids)
         SELECT $1, NULL, $2, 1, $3, $4::date, $5::date, $6::text, ${CHEF}, ${LEADER}, CASE WHEN $6::text = 'leader' THEN ${LEADER} END,
                'planned', $7::jsonb, $8, $9::uuid, $10, $11::uuid[]
         FROM (SELECT 1) one ${responsiblesJoin('$1::uuid', '$5::date', '$6::text')}
         ON CONFLICT (unit_id, (coalesce(enhed_id::text, '')), kind, sequence, subject_key) WHERE loop_id IS NULL DO NOTHING
         RETURNING id`,
        [visit.unitId, duty.kind, visit.id, heldOn, duty.dueOn, role, JSON.stringify(OBLIGATION_SNAPSHOTS.planned), OBLIGATION_MACHINE_VERSION,
          visit.enhedId, visit.statutoryCycle, duty.kind === 'tilsynsdokumentation' ? inspectorIds : []],
      );
      if (row) {
        await appendTransition(em, {
          actorPersonId: null, unitId: visit.unitId, obligationId: row.id, event: 'CREATED_BY_VISIT', fromState: null, toState: 'planned',
          reason: `R92: følger af tilsynsbesøget ${heldOn}`, payload: { visitId: visit.id, rammeId: duty.rammeId },
        });
      }
    }
  }

  /** The visit's obligation as the user may see it; 404 otherwise (R91: the same answer as an unknown id). */
  private async loadVisitObligation(id: string, user: CurrentUser): Promise<Obligation> {
    const o = await this.db.getRepository(Obligation).findOneBy({ id, kind: 'tilsynsbesoeg' });
    if (!o) throw new NotFoundError('Tilsynsbesøget findes ikke');
    try {
      await this.access.assertCanSee(user, o);
    } catch (e) {
      if (e instanceof NotFoundError) throw new NotFoundError('Tilsynsbesøget findes ikke');
      throw e;
    }
    return o;
  }

  private async enhedOfUnit(unitId: string, enhedId: string | undefined) {
    const all = await this.enheder.enhederOf(unitId).catch((e: unknown) => {
      if (e instanceof NotFoundError) throw new BadInputError('Enheden findes ikke', [{ field: 'unitId', message: 'ukendt enhed' }]);
      throw e;
    });
    if (all.length === 0) throw new RuleError('R90', 'Pædagogisk tilsyn med tilsynsbesøg gælder dagtilbud', { field: 'unitId' });
    const enhed = enhedId ? all.find((e) => e.id === enhedId) : all.length === 1 ? all[0] : undefined;
    if (!enhed) {
      throw new BadInputError(enhedId ? 'Tilsynsenheden hører ikke til enheden' : 'Angiv tilsynsenheden (enhedId): enheden har flere', [{ field: 'enhedId', message: 'ukendt eller mangler' }]);
    }
    return enhed;
  }

  /** R90: a registered tilsynsførende without a tie to the unit or enhed on `date` or in the lookback before it. */
  private async assertImpartial(em: EntityManager, o: Obligation, personId: string, date: LocalDate, field: string): Promise<void> {
    const [person] = await em.query(`SELECT id, name, tilsynsfoerende FROM person WHERE id = $1`, [personId]);
    if (!person) throw new BadInputError('Personen findes ikke', [{ field, message: 'ukendt person' }]);
    if (!person.tilsynsfoerende) throw new RuleError('R90', `${person.name} er ikke registreret som tilsynsførende`, { field });
    const conflicts = impartialityConflicts(personId, date, await impartialityTies(em, o.unitId, [personId]));
    if (conflicts.length > 0) {
      throw new RuleError('R90', `${person.name} kan ikke være tilsynsførende her (upartiskhed): ${conflicts.map(describeConflict).join('; ')}`, { field });
    }
  }

  /**
   * R90 for the coordinator's dropdown: every tilsynsførende not yet on the
   * visit, each with why assignInspector would refuse them on the visit's
   * date (null: assignable). The same ties and the same rule function
   * (impartialityConflicts) as the refusal, so the list never offers someone
   * the rule turns away. Administrators only (coordinators assign); 404 as
   * GET of the visit for anyone who may not see it.
   */
  async inspectorCandidates(id: string, user: CurrentUser): Promise<{ id: string; name: string; conflict: string | null }[]> {
    const o = await this.loadVisitObligation(id, user);
    if (!user.admin) return [];
    const people: { id: string; name: string }[] = await this.db.query(
      `SELECT id, name FROM person WHERE tilsynsfoerende AND NOT (id = ANY($1::uuid[])) ORDER BY name, id`,
      [o.inspectorPersonIds],
    );
    const ties = await impartialityTies(this.db.manager, o.unitId, people.map((p) => p.id));
    const date = o.scheduledOn ?? o.dueOn;
    return people.map((p) => {
      const conflicts = impartialityConflicts(p.id, date, ties.filter((t) => t.personId === p.id));
      return { ...p, conflict: conflicts.length > 0 ? conflicts.map(describeConflict).join('; ') : null };
    });
  }
}

/** R90: the roles `personIds` hold or held at the unit (assignments and the next layer of its enheder), for impartialityConflicts. */
async function impartialityTies(em: EntityManager, unitId: string, personIds: string[]): Promise<ImpartialityTie[]> {
  return em.query(
    `SELECT a.person_id AS "personId", a.role, a.valid_from::text AS "validFrom", a.valid_to::text AS "validTo"
       FROM assignment a WHERE a.unit_id = $1 AND a.person_id = ANY($2::uuid[])
     UNION ALL
     SELECT e.next_layer_leader_person_id, 'nextLayerLeader', e.valid_from::text, e.valid_to::text
       FROM enhed e WHERE e.unit_id = $1 AND e.next_layer_leader_person_id = ANY($2::uuid[])`,
    [unitId, personIds],
  );
}

/** R91: the planned date of an unannounced visit stays with the coordinators and inspectors. */
function toVisit(r: VisitRow, user: CurrentUser): VisitResponse {
  return {
    id: r.id,
    unitId: r.unit_id,
    enhedId: r.enhed_id ?? r.unit_id,
    announcement: r.announcement,
    trigger: r.trigger,
    cycle: r.statutory_cycle,
    opensOn: r.opens_on,
    dueOn: r.due_on,
    scheduledOn: seesPlannedDate(user, { secretUntilHeld: r.secret_until_held, inspectorPersonIds: r.inspector_person_ids }) ? r.scheduled_on : null,
    heldOn: r.completed_on,
    state: r.state,
    inspectorIds: r.inspector_person_ids,
    outcome: r.outcome,
    version: r.version,
  };
}
