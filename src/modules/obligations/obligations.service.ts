import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { boardReportTransition, BOARD_REPORT_MACHINE_VERSION, BOARD_REPORT_SNAPSHOTS } from '../../../workflows/board-report/board-report.machine';
import type { BoardReportDecision, BoardReportState } from '../../../workflows/board-report/board-report.machine';
import type { AgeArea, LocalDate, ObligationState, ParticipantRole } from '../../../workflows/domain';
import { checkSamtaleConfirmation, SamtaleConfirmation } from '../../../workflows/laeringssamtale/completion.rules';
import { settleConfirmation, type Deviation } from '../../../workflows/laeringssamtale/deviations.rules';
import { checkAgreementFollowUp } from '../../../workflows/laeringssamtale/agreement-followup.rules';
import { checkHeldOn, HELD_IN_WINDOW_KINDS } from '../../../workflows/laeringssamtale/held-on.rules';
import { learningLoopTransition, LearningLoopEvent, LearningLoopState } from '../../../workflows/learning-loop/learning-loop.machine';
import { OBLIGATION_MACHINE_VERSION, OBLIGATION_SNAPSHOTS, obligationTransition, ObligationEvent } from '../../../workflows/obligation/obligation.machine';
import { obligationBookingWarnings } from '../../../workflows/obligation/booking.rules';
import { isLocalDate } from '../../../workflows/calendar/local-date';
import { planOpfoelgningsmoede, planTilsynsgennemgang } from '../../../workflows/planning/obligation-plan';
import { rammeById, rammeInForce } from '../../../workflows/ramme';
import { checkSkoleudviklingConfirmation, schoolYearOf } from '../../../workflows/tilsyn/skoleudvikling';
import { Clock } from '../../common/clock';
import { BadInputError, crossFieldError, ConflictError, NotFoundError, RuleError } from '../../common/errors';
import type { Page } from '../../common/pagination';
import { Unit } from '../organisation';
import { CHEF, LEADER, refreshResponsiblesOfUnit, responsiblePerson, responsiblesJoin } from '../responsibles';
import { appendTransition } from './audit-trail';
import { BoardReportReview, LearningLoop, Obligation, QualityReport } from './obligation.entities';
import { refusalError } from './refusal';
import { CompletionHooks } from './completion-hooks';
import type { Actor, CompletionInput } from './completion-input';

export type { Actor, CompletionInput } from './completion-input';
import { useStoredSnapshot } from '../../common/stored-snapshot';


/** A booking's optional time of day ('HH:MM', Europe/Copenhagen) and place. */
export interface BookingSlot {
  startTime?: string;
  endTime?: string;
  location?: string;
}

/**
 * Booking outside the window or on a past date is allowed (a meeting may have
 * to move; one held is often booked on its day before it is confirmed) but
 * the answer warns, naming the window (workflows/obligation/booking.rules.ts, the
 * one definition the pages use too).
 */
export function bookingWarnings(o: Pick<Obligation, 'kind' | 'opensOn' | 'dueOn' | 'scheduledOn'>, today: LocalDate): { code: string; message: string }[] {
  return o.scheduledOn ? obligationBookingWarnings(o.scheduledOn, o, today) : [];
}

/** Units published per statement when a job publishes an age area's datapakker (its progress steps). */
const DATAPAKKE_BATCH_UNITS = 500;

/**
 * R40, R41: the datapakker publishing reaches, as one definition for the
 * publishing itself, the job's unit count and the page's counts: open
 * (unpublished, not waived) in a running loop, and its window opened on the
 * publishing date (`$4`, a Europe/Copenhagen date). A datapakke belongs to
 * its half-year's release (R40, R42) whatever the unit's progress:
 * - a unit that has not held samtale 3 still gets datapakke 4 once its window
 *   opens (it was stuck before: neither the age area nor the unit could
 *   publish it);
 * - a unit ahead of the plan, already in round 3 in November, does not get
 *   the spring's datapakke 3 before its window opens in January: its data is
 *   the next release's, which does not exist yet (a samtale that cannot wait
 *   has its datapakke waived, R41).
 */
const DUE_DATAPAKKE_SQL = `o.kind = 'datapakke' AND o.state IN ('planned', 'scheduled', 'overdue')
             AND l.state LIKE 'runde%'
             AND o.opens_on <= $4::date`;

/**
 * Every change to an obligation: one transaction per transition, the row
 * locked, the statechart deciding (R71), the audit trail appended in the same
 * transaction. Completing a læringssamtale is checked against R22–R28 and R41.
 */
/** A uuid, as peopleOn (organisation/person-names.ts) recognises an R51 subject. */
const UUID_SQL = '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$';

/** What the unit's list answers with (toObligationResponse's fields), read without TypeORM's hydration. */
export type ListedObligation = Pick<
  Obligation,
  | 'id' | 'unitId' | 'loopId' | 'kind' | 'sequence' | 'subjectKey' | 'opensOn' | 'dueOn' | 'responsibleRole' | 'responsiblePersonId' | 'chefPersonId'
  | 'leaderPersonId' | 'state' | 'version' | 'scheduledOn' | 'startTime' | 'endTime' | 'location' | 'completedOn' | 'reason' | 'enhedId'
  | 'secretUntilHeld' | 'inspectorPersonIds'
>;

interface ListedRow {
  id: string;
  unit_id: string;
  loop_id: string | null;
  kind: Obligation['kind'];
  sequence: number;
  subject_key: string;
  opens_on: LocalDate;
  due_on: LocalDate;
  responsible_role: Obligation['responsibleRole'];
  responsible_person_id: string | null;
  responsible_name: string | null;
  chef_person_id: string | null;
  chef_name: string | null;
  leader_person_id: string | null;
  leader_name: string | null;
  subject_person_id: string | null;
  subject_name: string | null;
  state: ObligationState;
  version: number;
  scheduled_on: LocalDate | null;
  start_time: string | null;
  end_time: string | null;
  location: string | null;
  completed_on: LocalDate | null;
  reason: string | null;
  enhed_id: string | null;
  secret_until_held: boolean;
  inspector_person_ids: string[];
  total: string;
}

@Injectable()
export class ObligationsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly clock: Clock,
    private readonly hooks: CompletionHooks = new CompletionHooks(),
  ) {}

  async get(id: string): Promise<Obligation> {
    const obligation = await this.db.getRepository(Obligation).findOneBy({ id });
    if (!obligation) throw new NotFoundError('Forpligtelsen findes ikke');
    return obligation;
  }

  /** A unit's obligations by due date, narrowed by `scopeSql` (who may see what; see AccessService.listFilter). */
  /**
   * A unit's obligations for the API list (R70) in ONE statement (issue 14:
   * a cheap miss): the page with `count(*) OVER ()` for the total and the
   * names joined, mapped by hand instead of TypeORM hydration. `scopeSql` is
   * AccessService.listFilter with `$2` the person and `$3` today. The people
   * named are exactly namesForObligations': responsible, chef, leader and an
   * R51 follow-up's next-layer leader. An empty page past the end costs one
   * more count.
   */
  async listForUnitNamed(
    unitId: string,
    query: { from?: LocalDate; to?: LocalDate; kind?: string; state?: string; limit: number; offset: number },
    scopeSql: string,
    personId: string,
  ): Promise<Page<ListedObligation> & { names: Map<string, string> }> {
    const params: unknown[] = [unitId, personId, this.clock.today()];
    let where = `o.unit_id = $1 AND (${scopeSql})`;
    if (query.from) where += ` AND o.due_on >= $${params.push(query.from)}`;
    if (query.to) where += ` AND o.due_on <= $${params.push(query.to)}`;
    if (query.kind) where += ` AND o.kind = $${params.push(query.kind)}`;
    if (query.state) where += ` AND o.state = $${params.push(query.state)}`;
    const filters = params.length;
    const rows = await this.db.query<ListedRow[]>(
      // The CTE only types $2 and $3 for an administrator, whose scope ('true') names neither; it is never evaluated.
      `WITH caller AS (SELECT $2::uuid AS person_id, $3::date AS today)
       SELECT o.id, o.unit_id, o.loop_id, o.kind, o.sequence, o.subject_key, o.opens_on::text, o.due_on::text, o.responsible_role,
              o.responsible_person_id, rp.name AS responsible_name, o.chef_person_id, cp.name AS chef_name, o.leader_person_id, lp.name AS leader_name,
              sp.id AS subject_person_id, sp.name AS subject_name,
              o.state, o.version, o.scheduled_on::text, o.start_time, o.end_time, o.location, o.completed_on::text, o.reason, o.enhed_id,
              o.secret_until_held, o.inspector_person_ids::text[] AS inspector_person_ids, o.total
         FROM (SELECT o.*, count(*) OVER () AS total FROM obligation o WHERE ${where}
                ORDER BY o.due_on, o.kind, o.sequence, o.id LIMIT $${filters + 1} OFFSET $${filters + 2}) o
         LEFT JOIN person rp ON rp.id = o.responsible_person_id
         LEFT JOIN person cp ON cp.id = o.chef_person_id
         LEFT JOIN person lp ON lp.id = o.leader_person_id
         LEFT JOIN person sp ON sp.id = (CASE WHEN o.kind = 'ledelsesopfoelgning' AND o.subject_key ~* '${UUID_SQL}' THEN o.subject_key::uuid END)
        ORDER BY o.due_on, o.kind, o.sequence, o.id`,
      [...params, query.limit, query.offset],
    );
    const names = new Map<string, string>();
    const items = rows.map((r): ListedObligation => {
      if (r.responsible_name !== null) names.set(r.responsible_person_id!, r.responsible_name);
      if (r.chef_name !== null) names.set(r.chef_person_id!, r.chef_name);
      if (r.leader_name !== null) names.set(r.leader_person_id!, r.leader_name);
      if (r.subject_name !== null) names.set(r.subject_person_id!, r.subject_name);
      return {
        id: r.id,
        unitId: r.unit_id,
        loopId: r.loop_id,
        kind: r.kind,
        sequence: r.sequence,
        subjectKey: r.subject_key,
        opensOn: r.opens_on,
        dueOn: r.due_on,
        responsibleRole: r.responsible_role,
        responsiblePersonId: r.responsible_person_id,
        chefPersonId: r.chef_person_id,
        leaderPersonId: r.leader_person_id,
        state: r.state,
        version: r.version,
        scheduledOn: r.scheduled_on,
        startTime: r.start_time,
        endTime: r.end_time,
        location: r.location,
        completedOn: r.completed_on,
        reason: r.reason,
        enhedId: r.enhed_id,
        secretUntilHeld: r.secret_until_held,
        inspectorPersonIds: r.inspector_person_ids,
      };
    });
    let total = rows.length > 0 ? Number(rows[0]!.total) : 0;
    if (rows.length === 0 && query.offset > 0) {
      [{ total }] = await this.db.query<{ total: number }[]>(
        `WITH caller AS (SELECT $2::uuid AS person_id, $3::date AS today) SELECT count(*)::int AS total FROM obligation o WHERE ${where}`,
        params,
      );
    }
    return { items, total, names };
  }

  async schedule(id: string, date: LocalDate, actor: Actor, expectedVersion?: number, slot: BookingSlot = {}): Promise<Obligation> {
    if (slot.endTime && !slot.startTime) throw crossFieldError('endTime', 'endTime kan kun angives sammen med startTime');
    if (slot.endTime && slot.startTime && slot.endTime <= slot.startTime) {
      throw crossFieldError('endTime', 'endTime skal ligge efter startTime');
    }
    return this.transition(id, { type: 'SCHEDULE', date }, actor, expectedVersion, async (em, o) => {
      const loop = await this.loopOf(em, o);
      if (loop && date < loop.startsOn) throw new BadInputError(`date ligger før læringsloopet begyndte (${loop.startsOn})`, [{ field: 'date', message: 'før loopets start' }]);
      o.scheduledOn = date;
      // A new booking replaces the old one whole: no time given means all day.
      o.startTime = slot.startTime ?? null;
      o.endTime = slot.endTime ?? null;
      o.location = slot.location ?? null;
    });
  }

  async cancel(id: string, reason: string, actor: Actor, expectedVersion?: number) {
    return this.transition(id, { type: 'CANCEL', actor: { admin: actor.admin }, reason }, actor, expectedVersion, async (_em, o) => {
      o.reason = reason.trim();
    });
  }

  async waive(id: string, reason: string, actor: Actor, expectedVersion?: number) {
    return this.transition(id, { type: 'WAIVE', actor: { admin: actor.admin }, reason }, actor, expectedVersion, async (_em, o) => {
      o.reason = reason.trim();
    });
  }

  async reopen(id: string, reason: string, actor: Actor, expectedVersion?: number) {
    const today = this.clock.today();
    return this.db.transaction(async (em) => {
      const o = await this.lock(em, id, expectedVersion, 'REOPEN');
      const result = obligationTransition(o.state, { type: 'REOPEN', actor: { admin: actor.admin }, reason, pastDue: o.dueOn < today });
      if (!result.ok) throw refusalError(result.refusal);
      const wasCompleted = o.state === 'completed';
      await this.save(em, o, result.state as ObligationState, 'REOPEN', actor, reason, undefined, () => {
        o.reason = reason.trim();
        o.completedOn = null;
      });
      if (wasCompleted && o.kind === 'laeringssamtale') {
        // R20: only the latest held samtale can be reopened; the loop steps back to it.
        await this.moveLoop(em, o, { type: 'SAMTALE_REOPENED', sequence: o.sequence }, actor, true);
      }
      return o;
    });
  }

  /** Confirms an obligation as held/done. Each kind brings the checks and follow-on effects it needs. */
  async complete(id: string, input: CompletionInput, actor: Actor, expectedVersion?: number): Promise<Obligation> {
    const today = this.clock.today();
    return this.db.transaction(async (em) => {
      const o = await this.lock(em, id, expectedVersion, 'COMPLETE');
      if (o.kind === 'datapakke' && !actor.admin) throw new RuleError('R41', 'Kun forvaltningen (en administrator) kan offentliggøre datapakker');
      if (o.kind === 'tilsynsgennemgang') {
        throw new RuleError('R63', 'Chefens vurdering af tilsynsafrapporteringen registreres med beslutningen (POST /api/v1/obligations/<tilsynsafrapportering>/review)');
      }
      if (o.kind === 'tilsynsbesoeg') {
        throw new RuleError('R92', 'Et tilsynsbesøg bekræftes med besøgets observationer, dialog, data og konklusion (POST /api/v1/tilsyn/visits/<id>/complete)');
      }
      const loop = await this.loopOf(em, o);
      const inWindowRule = HELD_IN_WINDOW_KINDS.includes(o.kind);
      if (inWindowRule && input.heldOn > today) {
        // R31: never in the future, and no exception makes it so.
        throw new RuleError('R31', `heldOn ${input.heldOn} ligger efter i dag (${today}); det, der ikke er sket endnu, kan ikke registreres som holdt`, { field: 'heldOn' });
      }
      if (input.heldOn > today) throw new BadInputError(`heldOn ${input.heldOn} ligger i fremtiden`, [{ field: 'heldOn', message: 'i fremtiden' }]);
      if (loop && !inWindowRule && input.heldOn < loop.startsOn) {
        throw new BadInputError(`heldOn ${input.heldOn} ligger før læringsloopet begyndte (${loop.startsOn})`, [{ field: 'heldOn', message: 'før loopets start' }]);
      }
      const attempt = obligationTransition(o.state, { type: 'COMPLETE', heldOn: input.heldOn });
      if (!attempt.ok) throw refusalError(attempt.refusal);
      let deviations: Deviation[] = [];
      if (o.kind === 'laeringssamtale' && loop) deviations = await this.checkSamtale(em, o, loop, input, actor, today);
      else if (inWindowRule) {
        const settled = settleConfirmation({
          violations: [],
          heldOnViolations: checkHeldOn(input.heldOn, { kind: o.kind, sequence: o.sequence, opensOn: o.opensOn, dueOn: o.dueOn, today }),
          admin: actor.admin,
          exceptionReason: input.exceptionReason,
        });
        if (settled.refusal) throw new RuleError(settled.refusal.rule, settled.refusal.message, { violations: settled.refusal.violations });
        deviations = settled.deviations;
      }
      // R94: the statutory samtale, or a school's læringssamtale that records its inputs.
      if (o.kind === 'skoleudviklingssamtale') await this.checkSkoleudvikling(em, o, o.sequence, input);
      if (o.kind === 'laeringssamtale' && input.skoleudvikling) await this.checkSkoleudviklingBySamtale(em, o, input);
      if (o.kind === 'bestyrelsesinput') checkBoardInput(o, input);
      const hook = this.hooks.of(o.kind);
      await hook?.check?.(em, o, input, actor);
      const { deviationReason: _d, exceptionReason: _e, ...confirmation } = input;
      const completion = deviations.length > 0 ? { ...confirmation, deviations } : confirmation;
      await this.save(em, o, 'completed', 'COMPLETE', actor, null, completion, () => {
        o.completedOn = input.heldOn;
        o.completion = { ...completion };
      });
      await recordPeopleInOffice(em, o);
      if (o.kind === 'laeringssamtale') await this.moveLoop(em, o, { type: 'SAMTALE_HELD', sequence: o.sequence }, actor, true);
      if (o.kind === 'laeringssamtale') await this.completeBoardInputBySamtale(em, o, input, actor);
      if (o.kind === 'laeringssamtale' && input.skoleudvikling) await this.completeSkoleudviklingBySamtale(em, o, input, actor);
      if (o.kind === 'loopopsamling') await this.moveLoop(em, o, { type: 'OPSAMLING_DONE' }, actor, false);
      if (o.kind === 'tilsynsafrapportering') await this.startBoardReview(em, o, actor);
      if (o.kind === 'opfoelgningsmoede') await this.finishBoardReview(em, o, actor);
      await hook?.completed?.(em, o, input, actor);
      return o;
    });
  }

  /**
   * R41: publishes the due datapakker (DUE_DATAPAKKE_SQL: their window has
   * opened) of one unit or a whole age area (admin only), dated `publishedOn`
   * (default today; never after it), so a unit behind in its loop gets the
   * latest release (R42). `variant` narrows an age area to specialtilbud
   * or FU units; `releaseId` records which release (R42) published it.
   */
  async publishDatapakker(
    scope: { unitId?: string; unitIds?: string[]; ageArea?: AgeArea; variant?: string; publishedOn?: LocalDate; releaseId?: string },
    actor: Actor,
    em?: EntityManager,
  ): Promise<{ published: number }> {
    if (!actor.admin) throw new RuleError('R41', 'Kun forvaltningen (en administrator) kan offentliggøre datapakker');
    const today = this.clock.today();
    const publishedOn = scope.publishedOn ?? today;
    if (publishedOn > today) throw new RuleError('R41', `En datapakke dateres, når den offentliggøres; ${publishedOn} ligger efter i dag (${today})`, { field: 'publishedOn' });
    const run = async (em: EntityManager) => {
      if (scope.unitId && !(await em.getRepository(Unit).existsBy({ id: scope.unitId }))) throw new NotFoundError('Enheden findes ikke');
      const [{ n }] = await em.query(
        `WITH due AS (
           SELECT o.id, o.unit_id, o.state FROM obligation o
           JOIN learning_loop l ON l.id = o.loop_id
           JOIN unit u ON u.id = o.unit_id
           WHERE ${DUE_DATAPAKKE_SQL}
             AND ($1::uuid IS NULL OR o.unit_id = $1) AND ($2::text IS NULL OR l.age_area = $2)
             AND ($6::text IS NULL OR $6 = '' OR ($6 = 'specialtilbud' AND u.special) OR ($6 = 'fu' AND u.type = 'fu'))
             AND ($8::uuid[] IS NULL OR o.unit_id = ANY($8::uuid[]))
           FOR UPDATE OF o),
         published AS (
           UPDATE obligation o SET state = 'completed', snapshot = $3::jsonb, completed_on = $4::date,
                  completion = jsonb_build_object('published', $4::date::text, 'releaseId', $7::text), version = o.version + 1, updated_at = now()
           FROM due WHERE o.id = due.id
           RETURNING o.id, o.unit_id, due.state AS from_state),
         audited AS (
           INSERT INTO transition (actor_person_id, unit_id, obligation_id, event, from_state, to_state, payload)
           SELECT $5, unit_id, id, 'COMPLETE', from_state, 'completed', jsonb_build_object('published', $4::date::text, 'releaseId', $7::text) FROM published)
         SELECT count(*)::int AS n FROM published`,
        [scope.unitId ?? null, scope.ageArea ?? null, JSON.stringify(OBLIGATION_SNAPSHOTS.completed), publishedOn, actor.personId, scope.variant ?? null, scope.releaseId ?? null, scope.unitIds ?? null],
      );
      return { published: n as number };
    };
    return em ? run(em) : this.db.transaction(run);
  }

  /**
   * The units with a datapakke publishDatapakker would publish for an age
   * area (and variant) on `publishedOn` (default today), in id order: a job publishes them
   * a batch at a time and counts them as its progress.
   */
  async dueDatapakkeUnits(scope: { ageArea: AgeArea; variant?: string; publishedOn?: LocalDate }, em: EntityManager): Promise<string[]> {
    const rows: { unit_id: string }[] = await em.query(
      `SELECT DISTINCT o.unit_id FROM obligation o
         JOIN learning_loop l ON l.id = o.loop_id
         JOIN unit u ON u.id = o.unit_id
        WHERE ${DUE_DATAPAKKE_SQL.replaceAll('$4', '$3')}
          AND l.age_area = $1
          AND ($2::text IS NULL OR $2 = '' OR ($2 = 'specialtilbud' AND u.special) OR ($2 = 'fu' AND u.type = 'fu'))
        ORDER BY o.unit_id`,
      [scope.ageArea, scope.variant ?? null, scope.publishedOn ?? this.clock.today()],
    );
    return rows.map((r) => r.unit_id);
  }

  /**
   * R40, R41: what publishing today would reach, per age area: datapakker
   * (of them overdue: due date before today) and units. The datapakker page
   * shows it, so the counts are the publishing's own (DUE_DATAPAKKE_SQL).
   */
  async dueDatapakkeCounts(): Promise<{ ageArea: AgeArea; datapakker: number; overdue: number; units: number }[]> {
    const today = this.clock.today();
    const rows: { age_area: AgeArea; datapakker: number; overdue: number; units: number }[] = await this.db.query(
      `SELECT l.age_area, count(*)::int AS datapakker, count(*) FILTER (WHERE o.due_on < $1::date)::int AS overdue, count(DISTINCT o.unit_id)::int AS units
         FROM obligation o JOIN learning_loop l ON l.id = o.loop_id
        WHERE ${DUE_DATAPAKKE_SQL.replaceAll('$4', '$1')}
        GROUP BY l.age_area ORDER BY l.age_area`,
      [today],
    );
    return rows.map((r) => ({ ageArea: r.age_area, datapakker: r.datapakker, overdue: r.overdue, units: r.units }));
  }

  /**
   * publishDatapakker for a whole age area, DATAPAKKE_BATCH_UNITS units at a
   * time inside `em`'s transaction, reporting units done of the units due
   * (the job's progress bar; one transaction, so a crash leaves nothing).
   */
  async publishDatapakkerByUnits(
    scope: { ageArea: AgeArea; variant?: string; publishedOn: LocalDate; releaseId?: string },
    actor: Actor,
    em: EntityManager,
    progress: (done: number, total: number) => Promise<void>,
  ): Promise<{ published: number }> {
    const units = await this.dueDatapakkeUnits(scope, em);
    await progress(0, units.length);
    let published = 0;
    for (let i = 0; i < units.length; i += DATAPAKKE_BATCH_UNITS) {
      const batch = units.slice(i, i + DATAPAKKE_BATCH_UNITS);
      published += (await this.publishDatapakker({ ...scope, unitIds: batch }, actor, em)).published;
      await progress(i + batch.length, units.length);
    }
    return { published };
  }

  /**
   * R27: the board's statement given on the samtale (or its representative
   * taking part) completes that round's bestyrelsesinput, on the held date.
   */
  private async completeBoardInputBySamtale(em: EntityManager, samtale: Obligation, input: CompletionInput, actor: Actor): Promise<void> {
    const boardTookPart = (input.participants ?? []).some((p) => p.role === 'bestyrelsesrepraesentant');
    if (!boardTookPart && !(input.boardStatement ?? '').trim()) return;
    const boardInput = await em.getRepository(Obligation).findOne({
      where: { loopId: samtale.loopId ?? undefined, kind: 'bestyrelsesinput', sequence: samtale.sequence },
      lock: { mode: 'pessimistic_write' },
    });
    if (!boardInput || !['planned', 'scheduled', 'overdue'].includes(boardInput.state)) return;
    const completion = {
      heldOn: input.heldOn,
      ...(input.boardStatement?.trim() && { boardStatement: input.boardStatement.trim() }),
      ...(boardTookPart && { participants: (input.participants ?? []).filter((p) => p.role === 'bestyrelsesrepraesentant') }),
      viaSamtale: samtale.id,
    };
    await this.save(em, boardInput, 'completed', 'COMPLETE', actor, null, completion, () => {
      boardInput.completedOn = input.heldOn;
      boardInput.completion = completion;
    });
  }

  /** R62/R63: the review of a tilsynsafrapportering, shown on the report. */
  /**
   * Completes a statutory obligation (R74) whose kind brings its own
   * confirmation (a tilsynsbesøg, R92): the same lifecycle (R71), lock, trail
   * and people in office as `complete`, with the caller's checks before and
   * follow-on effects after, all in one transaction. `check` refuses by
   * throwing; nothing is written then.
   */
  async completeStatutory(
    id: string,
    heldOn: LocalDate,
    completion: Record<string, unknown>,
    actor: Actor,
    hooks: { check: (em: EntityManager, o: Obligation) => Promise<void>; after: (em: EntityManager, o: Obligation) => Promise<void> },
    expectedVersion?: number,
  ): Promise<Obligation> {
    return this.db.transaction(async (em) => {
      const o = await this.lock(em, id, expectedVersion, 'COMPLETE');
      const attempt = obligationTransition(o.state, { type: 'COMPLETE', heldOn });
      if (!attempt.ok) throw refusalError(attempt.refusal);
      await hooks.check(em, o);
      await this.save(em, o, 'completed', 'COMPLETE', actor, null, completion, () => {
        o.completedOn = heldOn;
        o.completion = { ...completion };
      });
      await recordPeopleInOffice(em, o);
      await hooks.after(em, o);
      return o;
    });
  }

  async reviewOf(obligationId: string): Promise<BoardReportReview | null> {
    return this.db.getRepository(BoardReportReview).findOneBy({ obligationId });
  }

  /** R62: the chef reviews a completed tilsynsafrapportering; a follow-up meeting becomes an obligation. */
  async reviewBoardReport(id: string, decision: BoardReportDecision, actor: Actor & { chef: boolean }): Promise<BoardReportReview> {
    const today = this.clock.today();
    return this.db.transaction(async (em) => {
      let review = await em.getRepository(BoardReportReview).findOne({ where: { obligationId: id }, lock: { mode: 'pessimistic_write' } });
      if (!review) {
        const o = await em.getRepository(Obligation).findOneBy({ id });
        if (!o || o.kind !== 'tilsynsafrapportering') throw new NotFoundError('Tilsynsafrapporteringen findes ikke');
        if (o.state !== 'completed') throw new ConflictError('Bestyrelsens tilsynsafrapportering er ikke modtaget endnu', { state: o.state, event: 'REVIEWED' });
        // R63: a report received without its review started (recorded before the review existed) starts it now.
        await this.startBoardReview(em, o, actor);
        review = await em.getRepository(BoardReportReview).findOneOrFail({ where: { obligationId: id }, lock: { mode: 'pessimistic_write' } });
      }
      useStoredSnapshot('boardReport', review);
      const result = boardReportTransition(review.state as BoardReportState, { type: 'REVIEWED', decision, actor: { chef: actor.chef } });
      if (!result.ok) throw refusalError(result.refusal);
      const o = await em.getRepository(Obligation).findOneByOrFail({ id });
      const fromState = review.state;
      Object.assign(review, { state: result.state, snapshot: result.snapshot, decision, decidedBy: actor.personId, decidedOn: today });
      if (decision === 'opfoelgningsmoede') {
        const loop = await this.requiredLoop(em, o);
        const planned = planOpfoelgningsmoede(rammeById(loop.rammeId), today, o.id);
        const [row] = await em.query(
          `INSERT INTO obligation (unit_id, loop_id, kind, sequence, subject_key, opens_on, due_on, responsible_role,
                                   chef_person_id, leader_person_id, responsible_person_id, state, snapshot, machine_version)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $9, 'planned', $11::jsonb, $12)
           ON CONFLICT (loop_id, kind, sequence, subject_key) DO UPDATE SET updated_at = now() RETURNING id`,
          [o.unitId, o.loopId, planned.kind, planned.sequence, planned.subjectKey, planned.opensOn, planned.dueOn, planned.responsibleRole,
           o.chefPersonId, o.leaderPersonId, JSON.stringify(OBLIGATION_SNAPSHOTS.planned), OBLIGATION_MACHINE_VERSION],
        );
        review.followupObligationId = row.id;
        await refreshResponsiblesOfUnit(em, o.unitId, today); // R3: the chef on the meeting's own due date
      }
      await em.getRepository(BoardReportReview).save(review);
      await appendTransition(em, { actorPersonId: actor.personId, unitId: o.unitId, obligationId: o.id, event: 'REVIEWED', fromState, toState: review.state, payload: { decision } });
      await this.completeReviewObligation(em, o, decision, today, actor);
      return review;
    });
  }

  // ---- internals -------------------------------------------------------------

  private async transition(
    id: string,
    event: ObligationEvent,
    actor: Actor,
    expectedVersion: number | undefined,
    apply: (em: EntityManager, o: Obligation) => Promise<void>,
  ): Promise<Obligation> {
    return this.db.transaction(async (em) => {
      const o = await this.lock(em, id, expectedVersion, event.type);
      const result = obligationTransition(o.state, event);
      if (!result.ok) throw refusalError(result.refusal);
      await apply(em, o);
      const reason = 'reason' in event ? event.reason ?? null : null;
      const payload = event.type === 'SCHEDULE' ? { date: event.date, ...(o.startTime && { startTime: o.startTime }), ...(o.endTime && { endTime: o.endTime }), ...(o.location && { location: o.location }) } : undefined;
      await this.save(em, o, result.state as ObligationState, event.type, actor, reason, payload, () => undefined);
      return o;
    });
  }

  private async lock(em: EntityManager, id: string, expectedVersion: number | undefined, event: string): Promise<Obligation> {
    const o = await em.getRepository(Obligation).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
    if (!o) throw new NotFoundError('Forpligtelsen findes ikke');
    if (expectedVersion !== undefined && expectedVersion !== o.version) {
      throw new ConflictError(`Forpligtelsen er ændret siden version ${expectedVersion} (nu ${o.version})`, { state: o.state, event });
    }
    useStoredSnapshot('obligation', o);
    return o;
  }

  private async save(
    em: EntityManager,
    o: Obligation,
    to: ObligationState,
    event: string,
    actor: Actor,
    reason: string | null,
    payload: unknown,
    mutate: () => void,
  ): Promise<void> {
    const from = o.state;
    mutate();
    o.state = to;
    o.snapshot = OBLIGATION_SNAPSHOTS[to];
    o.updatedAt = new Date();
    await em.getRepository(Obligation).save(o);
    await appendTransition(em, { actorPersonId: actor.personId, unitId: o.unitId, obligationId: o.id, loopId: o.loopId, event, fromState: from, toState: to, reason, payload });
  }

  /** The obligation's learning loop; null for a statutory obligation (R74), which has none. */
  private async loopOf(em: EntityManager, o: Obligation): Promise<LearningLoop | null> {
    return o.loopId ? em.getRepository(LearningLoop).findOneByOrFail({ id: o.loopId }) : null;
  }

  /** For the kinds that exist only inside a loop (R62, R63). */
  private async requiredLoop(em: EntityManager, o: Obligation): Promise<LearningLoop> {
    const loop = await this.loopOf(em, o);
    if (!loop) throw new Error(`obligation ${o.id} (${o.kind}) has no learning loop`);
    return loop;
  }

  /**
   * R94: the confirmation of school year `schoolYear`'s skoleudviklingssamtale
   * of the obligation's school: participants, the obligatory tests, the
   * handlingsplaner (by the law version on the held date, R74), the previous
   * year's agreements followed up, at least one agreement. Refuses 422 R94
   * with every violation.
   */
  private async checkSkoleudvikling(em: EntityManager, o: Obligation, schoolYear: number, input: CompletionInput): Promise<void> {
    const [previous] = await em.query(
      `SELECT completion FROM obligation WHERE unit_id = $1 AND kind = 'skoleudviklingssamtale' AND sequence = $2 AND state = 'completed'`,
      [o.unitId, schoolYear - 1],
    );
    const unit = await em.getRepository(Unit).findOneByOrFail({ id: o.unitId });
    const violations = checkSkoleudviklingConfirmation(
      { heldOn: input.heldOn, participants: input.participants ?? [], agreements: input.agreements ?? [], ...input.skoleudvikling },
      {
        schoolYear,
        previousAgreements: previous ? ((previous.completion?.agreements as string[] | undefined) ?? []) : null,
        leaderRoles: rammeInForce(input.heldOn).leaderParticipantRoles[unit.type],
      },
    );
    if (violations.length > 0) {
      throw new RuleError('R94', violations.map((v) => v.message).join('; '), { field: violations[0]!.field, violations });
    }
  }

  /** R94: a school's læringssamtale that records the statutory inputs must meet them in full for its school year. */
  private async checkSkoleudviklingBySamtale(em: EntityManager, samtale: Obligation, input: CompletionInput): Promise<void> {
    const unit = await em.getRepository(Unit).findOneByOrFail({ id: samtale.unitId });
    if (unit.type !== 'skole') throw new RuleError('R94', 'Kun en folkeskoles læringssamtale kan dække skoleudviklingssamtalen', { field: 'skoleudvikling' });
    await this.checkSkoleudvikling(em, samtale, schoolYearOf(input.heldOn), input);
  }

  /** R94: the læringssamtale completes its school year's open skoleudviklingssamtale, on its held date. */
  private async completeSkoleudviklingBySamtale(em: EntityManager, samtale: Obligation, input: CompletionInput, actor: Actor): Promise<void> {
    const target = await em.getRepository(Obligation).findOne({
      where: { unitId: samtale.unitId, kind: 'skoleudviklingssamtale', sequence: schoolYearOf(input.heldOn) },
      lock: { mode: 'pessimistic_write' },
    });
    if (!target || !['planned', 'scheduled', 'overdue'].includes(target.state)) return;
    const completion = {
      heldOn: input.heldOn,
      participants: input.participants ?? [],
      agreements: input.agreements ?? [],
      skoleudvikling: input.skoleudvikling,
      viaSamtale: samtale.id,
    };
    await this.save(em, target, 'completed', 'COMPLETE', actor, null, completion, () => {
      target.completedOn = input.heldOn;
      target.completion = { ...completion };
    });
    await recordPeopleInOffice(em, target);
  }

  /**
   * R22–R28, R31, R41 against the submitted confirmation. Content and
   * preconditions refuse (every violation returned, the first names the rule);
   * participation (R27, R28) and an admin's R31 exception become deviations (R75).
   */
  /**
   * The framework rules a samtale's confirmation breaks besides its shape, read-only: what the page shows beside
   * the DTO's refusals (a missing date) so that an empty form names every missing field at once. `input.heldOn`
   * may be empty or invalid: the rules about the date are then left to the DTO's message. Never writes; [] for
   * any other kind, or when the input cannot be checked.
   */
  async samtaleProblems(id: string, input: CompletionInput, actor: Actor): Promise<{ rule: string; message: string; field?: string }[]> {
    const o = await this.db.getRepository(Obligation).findOneBy({ id });
    if (!o || o.kind !== 'laeringssamtale') return [];
    const loop = await this.loopOf(this.db.manager, o);
    if (!loop) return [];
    try {
      await this.checkSamtale(this.db.manager, o, loop, input, actor, this.clock.today());
      return [];
    } catch (error) {
      if (error instanceof RuleError) return (error.details.violations as { rule: string; message: string }[] | undefined) ?? [{ rule: error.rule, message: error.message }];
      return [];
    }
  }

  private async checkSamtale(em: EntityManager, o: Obligation, loop: LearningLoop, input: CompletionInput, actor: Actor, today: LocalDate): Promise<Deviation[]> {
    const unit = await em.getRepository(Unit).findOneByOrFail({ id: o.unitId });
    const report = await em.getRepository(QualityReport).findOneByOrFail({ id: loop.qualityReportId });
    const ramme = rammeById(loop.rammeId);
    const [datapakke] = await em.query(
      `SELECT state, completed_on::text FROM obligation WHERE loop_id = $1 AND kind = 'datapakke' AND sequence = $2`,
      [loop.id, o.sequence],
    );
    const neighbours: { sequence: number; state: string; completed_on: string | null; completion: { agreements?: string[] } | null }[] = await em.query(
      `SELECT sequence, state, completed_on::text, completion FROM obligation WHERE loop_id = $1 AND kind = 'laeringssamtale' AND sequence IN ($2, $3)`,
      [loop.id, o.sequence - 1, o.sequence + 1],
    );
    const previous = neighbours.find((n) => n.sequence === o.sequence - 1);
    const next = neighbours.find((n) => n.sequence === o.sequence + 1 && n.state === 'completed');
    const earlier = await em.getRepository(Obligation).find({ where: { loopId: loop.id, kind: 'laeringssamtale', state: 'completed' } });
    const confirmation: SamtaleConfirmation = {
      sequence: o.sequence,
      heldOn: input.heldOn,
      participants: input.participants ?? [],
      agreements: input.agreements ?? [],
      focusAreas: input.focusAreas,
      childrenPerspective: input.childrenPerspective,
      dataInputs: input.dataInputs ?? [],
      boardStatement: input.boardStatement,
    };
    const pakkeState = datapakke?.state === 'completed' ? 'published' : datapakke?.state === 'waived' ? 'waived' : 'pending';
    const violations = checkSamtaleConfirmation(confirmation, {
      unitType: unit.type,
      governance: unit.governance,
      reportThemes: report.themes,
      datapakke: { state: pakkeState, publishedOn: pakkeState === 'published' ? datapakke.completed_on : null },
      earlierSamtaler: earlier
        .filter((s) => s.id !== o.id)
        .map((s) => ({ sequence: s.sequence, participants: ((s.completion?.participants as { role: ParticipantRole }[]) ?? []) })),
      youthEverySamtaler: ramme.fuYouthParticipationEverySamtaler,
      afdelingslederAtEverySamtale: ramme.fuAfdelingslederAtEverySamtale,
      leaderRoles: ramme.leaderParticipantRoles[unit.type],
      boardRequiredAt: ramme.boardParticipationRequiredAtSamtaler,
      boardStatementFrom: ramme.bestyrelsesinput.fromSamtale,
      samtaleCount: ramme.samtaleCount,
    });
    // R32: what became of the previous samtale's agreements (when it was held).
    violations.push(
      ...checkAgreementFollowUp(
        o.sequence,
        previous?.state === 'completed' ? (previous.completion?.agreements ?? []) : null,
        input.agreementFollowUp ?? [],
      ),
    );
    // Only samtaleProblems (the page's preview) passes a missing date; its refusal is then the DTO's.
    const heldOnViolations = !isLocalDate(input.heldOn) ? [] : checkHeldOn(input.heldOn, {
      kind: o.kind,
      sequence: o.sequence,
      opensOn: o.opensOn,
      dueOn: o.dueOn,
      today,
      // In an open loop the loop's statechart keeps the order of confirmation (R20); a closed one has only R31.
      previousSamtale: previous && (loop.state === 'lukket' || previous.state === 'completed') ? { state: previous.state, heldOn: previous.completed_on } : null,
      nextSamtaleHeldOn: next?.completed_on ?? null,
    });
    const settled = settleConfirmation({ violations, heldOnViolations, admin: actor.admin, deviationReason: input.deviationReason, exceptionReason: input.exceptionReason });
    if (settled.refusal) throw new RuleError(settled.refusal.rule, settled.refusal.message, { violations: settled.refusal.violations });
    return settled.deviations;
  }

  /**
   * Pushes the unit's learning loop along; when `required`, a refusal there
   * refuses the whole transition. A closed loop (R30) stays closed: what is
   * left of it can still be completed, and is reported late (R71).
   */
  private async moveLoop(em: EntityManager, o: Obligation, event: LearningLoopEvent, actor: Actor, required: boolean): Promise<void> {
    if (!o.loopId) return;
    const loop = await em.getRepository(LearningLoop).findOne({ where: { id: o.loopId }, lock: { mode: 'pessimistic_write' } });
    if (!loop) return;
    useStoredSnapshot('learningLoop', loop);
    if (loop.state === 'lukket') return;
    const result = learningLoopTransition(loop.state as LearningLoopState, event, rammeById(loop.rammeId).samtaleCount);
    if (!result.ok) {
      if (required) throw refusalError(result.refusal);
      return;
    }
    const from = loop.state;
    Object.assign(loop, { state: result.state, snapshot: result.snapshot, updatedAt: new Date() });
    await em.getRepository(LearningLoop).save(loop);
    await appendTransition(em, { actorPersonId: actor.personId, unitId: loop.unitId, loopId: loop.id, obligationId: o.id, event: event.type, fromState: from, toState: loop.state, payload: event });
  }

  /** R62: the follow-up meeting with the board is held; the review is done. */
  private async finishBoardReview(em: EntityManager, meeting: Obligation, actor: Actor): Promise<void> {
    const review = await em.getRepository(BoardReportReview).findOne({ where: { followupObligationId: meeting.id }, lock: { mode: 'pessimistic_write' } });
    if (!review) return;
    useStoredSnapshot('boardReport', review);
    const result = boardReportTransition(review.state as BoardReportState, { type: 'FOLLOWUP_HELD' });
    if (!result.ok) return;
    const fromState = review.state;
    Object.assign(review, { state: result.state, snapshot: result.snapshot });
    await em.getRepository(BoardReportReview).save(review);
    await appendTransition(em, { actorPersonId: actor.personId, unitId: meeting.unitId, obligationId: review.obligationId, event: 'FOLLOWUP_HELD', fromState, toState: review.state });
  }

  /** R63: the decision completes the review obligation (late when after its due date). */
  private async completeReviewObligation(em: EntityManager, report: Obligation, decision: string, today: LocalDate, actor: Actor): Promise<void> {
    const [review] = await em.query(
      `SELECT id, state FROM obligation WHERE loop_id = $1 AND kind = 'tilsynsgennemgang' AND subject_key = $2 AND state IN ('planned', 'scheduled', 'overdue') FOR UPDATE`,
      [report.loopId, report.id],
    );
    if (!review) return;
    const o = await em.getRepository(Obligation).findOneByOrFail({ id: review.id });
    const completion = { heldOn: today, decision };
    await this.save(em, o, 'completed', 'COMPLETE', actor, null, completion, () => {
      o.completedOn = today;
      o.completion = completion;
    });
  }

  /**
   * R63: reports received without their review started (recorded in bulk, or
   * before R63) get it now. Returns how many were started.
   */
  async startMissingBoardReviews(outer?: EntityManager): Promise<number> {
    const run = async (em: EntityManager) => {
      const missing = await em.getRepository(Obligation).query(
        `SELECT o.id FROM obligation o LEFT JOIN board_report_review r ON r.obligation_id = o.id
         WHERE o.kind = 'tilsynsafrapportering' AND o.state = 'completed' AND r.obligation_id IS NULL`,
      );
      for (const { id } of missing as { id: string }[]) {
        await this.startBoardReview(em, await em.getRepository(Obligation).findOneByOrFail({ id }), { personId: null, admin: true });
      }
      return missing.length as number;
    };
    return outer ? run(outer) : this.db.transaction(run);
  }

  private async startBoardReview(em: EntityManager, o: Obligation, actor: Actor): Promise<void> {
    const submitted = boardReportTransition('afventer_rapport', { type: 'REPORT_SUBMITTED' });
    if (!submitted.ok) return;
    await em.query(
      `INSERT INTO board_report_review (obligation_id, state, snapshot, machine_version) VALUES ($1, $2, $3::jsonb, $4)
       ON CONFLICT (obligation_id) DO UPDATE SET state = EXCLUDED.state, snapshot = EXCLUDED.snapshot, decision = NULL, decided_by = NULL,
         decided_on = NULL, version = board_report_review.version + 1, updated_at = now()`,
      [o.id, submitted.state, JSON.stringify(BOARD_REPORT_SNAPSHOTS[submitted.state as BoardReportState]), BOARD_REPORT_MACHINE_VERSION],
    );
    await appendTransition(em, { actorPersonId: actor.personId, unitId: o.unitId, obligationId: o.id, event: 'REPORT_SUBMITTED', fromState: 'afventer_rapport', toState: submitted.state });
    // R63: the chef's review is an obligation of its own, due six weeks after receipt.
    const loop = await this.requiredLoop(em, o);
    const planned = planTilsynsgennemgang(rammeById(loop.rammeId), o.completedOn ?? this.clock.today(), o.id);
    const [row] = await em.query(
      `INSERT INTO obligation (unit_id, loop_id, kind, sequence, subject_key, opens_on, due_on, responsible_role,
                               chef_person_id, leader_person_id, responsible_person_id, state, snapshot, machine_version)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $9, 'planned', $11::jsonb, $12)
       ON CONFLICT (loop_id, kind, sequence, subject_key) DO NOTHING RETURNING id`,
      [o.unitId, o.loopId, planned.kind, planned.sequence, planned.subjectKey, planned.opensOn, planned.dueOn, planned.responsibleRole,
       o.chefPersonId, o.leaderPersonId, JSON.stringify(OBLIGATION_SNAPSHOTS.planned), OBLIGATION_MACHINE_VERSION],
    );
    if (row) {
      await appendTransition(em, { actorPersonId: actor.personId, unitId: o.unitId, obligationId: row.id, loopId: o.loopId, event: 'CREATED', fromState: null, toState: 'planned', reason: 'R63: tilsynsafrapporteringen er modtaget' });
      await refreshResponsiblesOfUnit(em, o.unitId, this.clock.today()); // R3: the chef on the review's own due date
    }
  }
}

/**
 * R6: a completed obligation records the chef, leader and responsible person
 * in office on the day it was held (where the unit had one), so an audit shows
 * who actually held it; one never completed keeps the due-date people (R3).
 */
async function recordPeopleInOffice(em: EntityManager, o: Obligation): Promise<void> {
  const [row] = await em.query(
    `WITH x AS (
       SELECT o.id, ${CHEF} AS chef, ${LEADER} AS leader, ${responsiblePerson('o.responsible_role')} AS responsible
       FROM obligation o ${responsiblesJoin('o.unit_id', 'o.completed_on', 'o.responsible_role')}
       WHERE o.id = $1)
     UPDATE obligation o SET chef_person_id = coalesce(x.chef, o.chef_person_id), leader_person_id = coalesce(x.leader, o.leader_person_id),
            responsible_person_id = CASE WHEN o.responsible_role = 'admin' THEN o.responsible_person_id ELSE coalesce(x.responsible, o.responsible_person_id) END
     FROM x WHERE o.id = x.id
     RETURNING o.chef_person_id, o.leader_person_id, o.responsible_person_id`,
    [o.id],
  ).then((r: [unknown[], number] | unknown[]) => (Array.isArray(r[0]) ? r[0] : r) as { chef_person_id: string | null; leader_person_id: string | null; responsible_person_id: string | null }[]);
  if (row) Object.assign(o, { chefPersonId: row.chef_person_id, leaderPersonId: row.leader_person_id, responsiblePersonId: row.responsible_person_id });
}

/** R27: the board's input to samtale n is its written statement, or its representative taking part. */
function checkBoardInput(o: Obligation, input: CompletionInput): void {
  const present = (input.participants ?? []).some((p) => p.role === 'bestyrelsesrepraesentant');
  if (!present && !(input.boardStatement ?? '').trim()) {
    throw new RuleError('R27', `Bestyrelsens input til læringssamtale ${o.sequence} er en skriftlig udtalelse (boardStatement) eller en deltagende repræsentant`);
  }
}
