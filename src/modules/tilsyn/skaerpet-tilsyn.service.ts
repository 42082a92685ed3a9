import { ForbiddenException, Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { LocalDate } from '../../../workflows/domain';
import { daysBetween } from '../../../workflows/calendar/local-date';
import { rammeInForce } from '../../../workflows/ramme';
import {
  boardCommentStatus,
  checkBoardComment,
  checkEnding,
  checkHandleplan,
  checkOpening,
  commentWindow,
  followUpVisitWindow,
  handleplanDueOn,
  orientationDueOn,
  type BoardCommentStatus,
  type SkaerpetState,
  type SkaerpetTrigger,
} from '../../../workflows/tilsyn/skaerpet';
import { Clock } from '../../common/clock';
import { BadInputError, NotFoundError, RuleError } from '../../common/errors';
import type { CurrentUser } from '../auth';
import { appendTransition, CompletionHooks, type Actor, type CompletionInput, type Obligation } from '../obligations';
import { createStatutoryObligation, enhedByKey, type EnhedRef } from './statutory-obligations';
import { SkaerpetTilsynHook } from './skaerpet-tilsyn.hook';
import { CHEF, LEADER, responsiblesJoin } from '../responsibles';
import { OBLIGATION_MACHINE_VERSION, OBLIGATION_SNAPSHOTS } from '../../../workflows/obligation/obligation.machine';
import { tilsynCycleOf, tilsynsrammeInForce } from '../../../workflows/tilsyn';
import { TilsynCalendar } from './tilsyn-calendar';

export interface OpenSkaerpetInput {
  decidedOn: LocalDate;
  reason: string;
  trigger: SkaerpetTrigger;
  visitId?: string;
  /** The day of the finding (default: the visit's held date, else the decision's date). */
  foundOn?: LocalDate;
  /** R96: with a handleplan (alvorlig bekymring, § 5 b stk. 4); a visit's outcome decides when given. */
  handleplan?: boolean;
  /** R95: the follow-up visit's announcement (default anmeldt; uanmeldt is secret until held, R91). */
  followUpAnnouncement?: 'anmeldt' | 'uanmeldt';
}

export interface SkaerpetTilsynView {
  id: string;
  unitId: string;
  enhedId: string;
  enhedName: string;
  state: SkaerpetState;
  trigger: SkaerpetTrigger;
  visitId: string | null;
  withHandleplan: boolean;
  foundOn: LocalDate;
  decidedOn: LocalDate;
  decidedBy: string | null;
  reason: string;
  endedOn: LocalDate | null;
  endReason: string | null;
  /** R95: days since the decision (to the end, or to today while open). */
  ageDays: number;
  handleplan: { obligationId: string; state: string; dueOn: LocalDate; completedOn: LocalDate | null; plan: string | null } | null;
  /** R95: the follow-up visit the case generated (its id is the visit's id); absent for those who may not see it yet (R91). */
  followUpVisitId: string | null;
  bestyrelsesorientering: { obligationId: string; state: string; dueOn: LocalDate; completedOn: LocalDate | null } | null;
  /** R96: the board's comment window (both ends inclusive) and where it stands. */
  commentWindow: { opensOn: LocalDate; closesOn: LocalDate } | null;
  commentStatus: BoardCommentStatus;
  comments: { id: string; receivedOn: LocalDate; text: string }[];
}

interface CaseRow {
  id: string;
  unit_id: string;
  enhed_id: string | null;
  state: SkaerpetState;
  trigger: SkaerpetTrigger;
  visit_id: string | null;
  with_handleplan: boolean;
  found_on: string;
  decided_on: string;
  decided_by: string | null;
  reason: string;
  ended_on: string | null;
  end_reason: string | null;
  comment_window_opens_on: string | null;
  comment_window_closes_on: string | null;
}

const caseColumns = (a: string) =>
  `${a}.id, ${a}.unit_id, ${a}.enhed_id, ${a}.state, ${a}.trigger, ${a}.visit_id, ${a}.with_handleplan, ${a}.found_on::text, ${a}.decided_on::text,
   ${a}.decided_by, ${a}.reason, ${a}.ended_on::text, ${a}.end_reason, ${a}.comment_window_opens_on::text, ${a}.comment_window_closes_on::text`;

/**
 * R95 skærpet tilsyn of an enhed and R96 its handleplan, the board's
 * orientation and the board's comments. Every change is one transaction with
 * its audit-trail row; the handleplan and the orientation are statutory
 * obligations (R74) confirmed through the obligations' own /complete, whose
 * hooks this service registers.
 */
@Injectable()
export class SkaerpetTilsynService implements OnModuleInit {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly clock: Clock,
    private readonly calendar: TilsynCalendar,
    private readonly hooks: CompletionHooks,
    private readonly visitHook: SkaerpetTilsynHook,
  ) {}

  onModuleInit(): void {
    // R95/R96: a visit's outcome skaerpet_tilsyn(_handleplan) opens the case inside the visit's own completion.
    this.visitHook.handleWith(async (em, visit) => {
      await this.open(
        visit.enhedId ?? visit.unitId,
        { decidedOn: this.clock.today(), reason: `Tilsynsbesøgets udfald: ${visit.outcome === 'skaerpet_tilsyn_handleplan' ? 'alvorlig bekymring' : 'bekymring'}`, trigger: 'tilsynsbesoeg', visitId: visit.visitId },
        { personId: visit.actorPersonId, admin: false } as CurrentUser,
        em,
        { byVisitOutcome: true },
      );
    });
    this.hooks.register('handleplan', {
      check: async (_em, o, input) => this.checkHandleplan(o, input),
      completed: async (em, o, input, actor) => this.handleplanCompleted(em, o, input, actor),
    });
    this.hooks.register('bestyrelsesorientering_handleplan', {
      completed: async (em, o, input, actor) => this.orientationCompleted(em, o, input, actor),
    });
  }

  /**
   * R95: records the decision to put an enhed under skærpet tilsyn (admin or
   * the unit's chef), within the tilsynsramme's working days of the finding;
   * with a handleplan (R96) its obligation is created, due 10 working days
   * after the decision. 422 R95 when refused; nothing is written then.
   */
  async open(enhedKey: string, input: OpenSkaerpetInput, user: CurrentUser, em?: EntityManager, how: { byVisitOutcome?: boolean } = {}): Promise<SkaerpetTilsynView> {
    const run = async (em: EntityManager) => {
      const enhed = await enhedByKey(em, enhedKey);
      // The inspector's recorded outcome is the decision (R95); otherwise the administration or the chef decides.
      if (!how.byVisitOutcome) await this.assertMayDecide(em, user, enhed.unitId);
      if (input.trigger === 'tilsynsbesoeg' && !input.visitId) throw new BadInputError('visitId kræves, når trigger er tilsynsbesoeg', [{ field: 'visitId', message: 'mangler' }]);
      if (input.trigger !== 'tilsynsbesoeg' && input.visitId) throw new BadInputError('visitId hører kun til trigger tilsynsbesoeg', [{ field: 'visitId', message: 'kun ved tilsynsbesoeg' }]);
      const visit = input.visitId ? await this.visitOf(em, input.visitId, enhed) : null;
      const foundOn = input.foundOn ?? visit?.heldOn ?? input.decidedOn;
      const withHandleplan = visit?.outcome ? visit.outcome === 'skaerpet_tilsyn_handleplan' : input.handleplan ?? false;
      const deadlines = this.calendar.skaerpetDeadlinesOn(input.decidedOn);
      await em.query(`SELECT pg_advisory_xact_lock(hashtext('skaerpet_tilsyn:' || $1))`, [enhed.key]);
      const [open] = await em.query(`SELECT 1 FROM skaerpet_tilsyn WHERE unit_id = $1 AND coalesce(enhed_id, unit_id) = $2 AND state = 'aaben'`, [enhed.unitId, enhed.key]);
      const violations = checkOpening({ decidedOn: input.decidedOn, foundOn, today: this.clock.today(), alreadyOpen: !!open }, deadlines, this.calendar.addWorkingDays);
      if (violations.length > 0) throw new RuleError('R95', violations.map((v) => v.message).join('; '), { field: 'decidedOn', violations });
      const [row] = await em.query(
        `INSERT INTO skaerpet_tilsyn (unit_id, enhed_id, trigger, visit_id, with_handleplan, found_on, decided_on, decided_by, reason)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
        [enhed.unitId, enhed.enhedId, input.trigger, input.visitId ?? null, withHandleplan, foundOn, input.decidedOn, user.personId, input.reason.trim()],
      );
      await appendTransition(em, {
        actorPersonId: user.personId,
        unitId: enhed.unitId,
        event: 'SKAERPET_TILSYN_OPENED',
        fromState: null,
        toState: 'aaben',
        reason: input.reason.trim(),
        payload: { skaerpetTilsynId: row.id, enhedId: enhed.key, trigger: input.trigger, visitId: input.visitId ?? null, withHandleplan, decidedOn: input.decidedOn, foundOn },
      });
      if (withHandleplan) {
        await createStatutoryObligation(
          em,
          { unitId: enhed.unitId, enhedId: enhed.enhedId, kind: 'handleplan', sequence: 1, subjectKey: row.id, opensOn: input.decidedOn, dueOn: handleplanDueOn(input.decidedOn, deadlines, this.calendar.addWorkingDays), responsibleRole: 'chef' },
          user.personId,
          'R96: skærpet tilsyn med handleplan',
        );
      }
      await this.createFollowUpVisit(em, row.id, enhed, input.decidedOn, withHandleplan, input.followUpAnnouncement ?? 'anmeldt', user.personId);
      return this.view(em, row.id);
    };
    return em ? run(em) : this.db.transaction(run);
  }

  /** R95: ends a case by a recorded decision after a held follow-up visit; 422 R95 otherwise, 409 when already ended. */
  async end(id: string, input: { decidedOn: LocalDate; reason: string }, user: CurrentUser): Promise<SkaerpetTilsynView> {
    return this.db.transaction(async (em) => {
      const c = await this.lockCase(em, id);
      await this.assertMayDecide(em, user, c.unit_id);
      if (c.state !== 'aaben') throw new RuleError('R95', `Skærpet tilsyn blev afsluttet ${c.ended_on}`);
      const violations = checkEnding({
        state: c.state,
        openedOn: c.decided_on,
        decidedOn: input.decidedOn,
        today: this.clock.today(),
        followUpHeldOn: await this.followUpHeldOn(em, c, input.decidedOn),
      });
      if (violations.length > 0) throw new RuleError('R95', violations.map((v) => v.message).join('; '), { field: 'decidedOn', violations });
      await em.query(
        `UPDATE skaerpet_tilsyn SET state = 'afsluttet', ended_on = $2, ended_by = $3, end_reason = $4, updated_at = now() WHERE id = $1`,
        [id, input.decidedOn, user.personId, input.reason.trim()],
      );
      await appendTransition(em, {
        actorPersonId: user.personId,
        unitId: c.unit_id,
        event: 'SKAERPET_TILSYN_ENDED',
        fromState: 'aaben',
        toState: 'afsluttet',
        reason: input.reason.trim(),
        payload: { skaerpetTilsynId: id, decidedOn: input.decidedOn },
      });
      return this.view(em, id);
    });
  }

  /** R96: records a comment from the board, received within the comment window. Admin, or the unit's chef, leader or board contact. */
  async addComment(id: string, input: { receivedOn: LocalDate; text: string }, user: CurrentUser): Promise<SkaerpetTilsynView> {
    return this.db.transaction(async (em) => {
      const c = await this.lockCase(em, id);
      if (!user.admin) {
        const [role] = await em.query(
          `SELECT 1 FROM assignment WHERE unit_id = $1 AND person_id = $2 AND role IN ('chef', 'leader', 'board')
             AND valid_from <= $3 AND (valid_to IS NULL OR valid_to >= $3)`,
          [c.unit_id, user.personId, this.clock.today()],
        );
        if (!role) throw new ForbiddenException('Kun forvaltningen, enhedens chef, leder eller bestyrelseskontakt registrerer bestyrelsens bemærkninger');
      }
      const window = c.comment_window_opens_on && c.comment_window_closes_on ? { opensOn: c.comment_window_opens_on, closesOn: c.comment_window_closes_on } : null;
      const violations = checkBoardComment(window, input.receivedOn, this.clock.today());
      if (violations.length > 0) throw new RuleError('R96', violations[0]!.message, { field: 'receivedOn' });
      const [row] = await em.query(
        `INSERT INTO skaerpet_tilsyn_bemaerkning (skaerpet_tilsyn_id, received_on, text, recorded_by) VALUES ($1, $2, $3, $4) RETURNING id`,
        [id, input.receivedOn, input.text.trim(), user.personId],
      );
      await appendTransition(em, {
        actorPersonId: user.personId,
        unitId: c.unit_id,
        event: 'BESTYRELSENS_BEMAERKNINGER',
        fromState: c.state,
        toState: c.state,
        payload: { skaerpetTilsynId: id, bemaerkningId: row.id, receivedOn: input.receivedOn },
      });
      return this.view(em, id);
    });
  }

  async get(id: string): Promise<SkaerpetTilsynView> {
    return this.view(this.db.manager, id);
  }

  /** The unit of a case, for the access check before it is shown. */
  async unitOf(id: string): Promise<string> {
    const [row] = await this.db.query(`SELECT unit_id FROM skaerpet_tilsyn WHERE id = $1`, [id]);
    if (!row) throw new NotFoundError('Sagen om skærpet tilsyn findes ikke');
    return row.unit_id;
  }

  /** Cases of a unit (all its enheder), newest decision first. */
  async listForUnit(unitId: string): Promise<SkaerpetTilsynView[]> {
    const rows: { id: string }[] = await this.db.query(`SELECT id FROM skaerpet_tilsyn WHERE unit_id = $1 ORDER BY decided_on DESC, created_at DESC`, [unitId]);
    const views: SkaerpetTilsynView[] = [];
    for (const { id } of rows) views.push(await this.view(this.db.manager, id));
    return views;
  }

  /** Cases of one enhed (by its API id, R4). */
  async listForEnhed(enhedKey: string): Promise<{ enhed: EnhedRef; items: SkaerpetTilsynView[] }> {
    const enhed = await enhedByKey(this.db.manager, enhedKey);
    const items = (await this.listForUnit(enhed.unitId)).filter((c) => c.enhedId === enhed.key);
    return { enhed, items };
  }

  // ---- internals -------------------------------------------------------------

  private async assertMayDecide(em: EntityManager, user: CurrentUser, unitId: string): Promise<void> {
    if (user.admin) return;
    const [chef] = await em.query(
      `SELECT 1 FROM assignment WHERE unit_id = $1 AND person_id = $2 AND role = 'chef' AND valid_from <= $3 AND (valid_to IS NULL OR valid_to >= $3)`,
      [unitId, user.personId, this.clock.today()],
    );
    if (!chef) throw new ForbiddenException('Kun forvaltningen eller enhedens Børn og Unge-chef beslutter skærpet tilsyn');
  }

  private async lockCase(em: EntityManager, id: string): Promise<CaseRow> {
    const [c] = await em.query(`SELECT ${caseColumns('s')} FROM skaerpet_tilsyn s WHERE s.id = $1 FOR UPDATE`, [id]);
    if (!c) throw new NotFoundError('Sagen om skærpet tilsyn findes ikke');
    return c;
  }

  /**
   * The visit a decision rests on: a held tilsynsbesøg of the same enhed
   * (never one not yet held: R91), with its recorded outcome. 404 otherwise.
   */
  private async visitOf(em: EntityManager, visitId: string, enhed: EnhedRef): Promise<{ heldOn: LocalDate | null; outcome: string | null }> {
    const [visit] = await em.query(
      `SELECT o.completed_on::text AS held_on, v.outcome FROM obligation o JOIN tilsyn_visit v ON v.obligation_id = o.id
       WHERE o.id = $1 AND o.kind = 'tilsynsbesoeg' AND o.state = 'completed' AND o.unit_id = $2 AND o.enhed_id IS NOT DISTINCT FROM $3::uuid`,
      [visitId, enhed.unitId, enhed.enhedId],
    );
    if (!visit) throw new NotFoundError('Tilsynsbesøget findes ikke (eller er ikke holdt)');
    return { heldOn: visit.held_on, outcome: visit.outcome };
  }

  /** R95: the latest tilsynsbesøg of the case's enhed held from the decision up to `until`, other than the one that led to it. */
  private async followUpHeldOn(em: EntityManager, c: CaseRow, until: LocalDate): Promise<LocalDate | null> {
    const [row] = await em.query(
      `SELECT max(completed_on)::text AS held_on FROM obligation
       WHERE unit_id = $1 AND enhed_id IS NOT DISTINCT FROM $2::uuid AND kind = 'tilsynsbesoeg' AND state = 'completed'
         AND completed_on >= $3 AND completed_on <= $4 AND id IS DISTINCT FROM $5::uuid`,
      [c.unit_id, c.enhed_id, c.decided_on, until, c.visit_id],
    );
    return row?.held_on ?? null;
  }

  /**
   * R95: the follow-up visit (trigger `skaerpet_opfoelgning`), due 3 months
   * after the decision with a handleplan, 6 without, under the tilsynsramme
   * and cycle of its due date (R74); unannounced ones are secret until held
   * (R91) like any other. Written as branch tilsyn writes a visit, inside
   * this transaction.
   */
  private async createFollowUpVisit(em: EntityManager, caseId: string, enhed: EnhedRef, decidedOn: LocalDate, withHandleplan: boolean, announcement: 'anmeldt' | 'uanmeldt', actor: string | null): Promise<void> {
    const window = followUpVisitWindow(decidedOn, withHandleplan, this.calendar.skaerpetDeadlinesOn(decidedOn));
    const [row] = await em.query(
      `INSERT INTO obligation (unit_id, loop_id, kind, sequence, subject_key, opens_on, due_on, responsible_role,
                               chef_person_id, leader_person_id, responsible_person_id, state, snapshot, machine_version,
                               enhed_id, statutory_cycle, secret_until_held)
       SELECT $1, NULL, 'tilsynsbesoeg', 1, $2, $3::date, $4::date, 'admin', ${CHEF}, ${LEADER}, NULL, 'planned', $5::jsonb, $6, $7::uuid, $8, $9
       FROM (SELECT 1) one ${responsiblesJoin('$1::uuid', '$4::date', `'admin'`)}
       ON CONFLICT DO NOTHING RETURNING id`,
      [enhed.unitId, `skaerpet:${caseId}`, window.opensOn, window.dueOn, JSON.stringify(OBLIGATION_SNAPSHOTS.planned), OBLIGATION_MACHINE_VERSION,
        enhed.enhedId, tilsynCycleOf(window.dueOn).key, announcement === 'uanmeldt'],
    );
    if (!row) return;
    await em.query(`INSERT INTO tilsyn_visit (obligation_id, unit_id, enhed_id, announcement, trigger, tilsynsramme_id) VALUES ($1, $2, $3, $4, 'skaerpet_opfoelgning', $5)`, [
      row.id,
      enhed.unitId,
      enhed.enhedId,
      announcement,
      tilsynsrammeInForce(window.dueOn).id,
    ]);
    await appendTransition(em, {
      actorPersonId: actor,
      unitId: enhed.unitId,
      obligationId: row.id,
      event: 'VISIT_CREATED',
      fromState: null,
      toState: 'planned',
      reason: 'R95: opfølgende tilsynsbesøg under skærpet tilsyn',
      payload: { announcement, trigger: 'skaerpet_opfoelgning', skaerpetTilsynId: caseId },
    });
  }

  private async caseOfObligation(em: EntityManager, o: Obligation): Promise<CaseRow> {
    const [c] = await em.query(`SELECT ${caseColumns('s')} FROM skaerpet_tilsyn s WHERE s.id::text = $1 FOR UPDATE`, [o.subjectKey]);
    if (!c) throw new NotFoundError('Sagen om skærpet tilsyn findes ikke');
    return c;
  }

  /** R96: made with the leader (participants) and describing how quality is strengthened and followed up. */
  private checkHandleplan(o: Obligation, input: CompletionInput): void {
    const violations = checkHandleplan({ participants: input.participants ?? [], plan: input.note }, rammeInForce(input.heldOn).leaderParticipantRoles.dagtilbud);
    if (violations.length > 0) throw new RuleError('R96', violations.map((v) => v.message).join('; '), { field: violations[0]!.field, violations, obligationId: o.id });
  }

  /** R96: the completed handleplan makes the board's orientation due within 5 working days. */
  private async handleplanCompleted(em: EntityManager, o: Obligation, input: CompletionInput, actor: Actor): Promise<void> {
    const c = await this.caseOfObligation(em, o);
    const deadlines = this.calendar.skaerpetDeadlinesOn(c.decided_on);
    await createStatutoryObligation(
      em,
      {
        unitId: o.unitId,
        enhedId: c.enhed_id,
        kind: 'bestyrelsesorientering_handleplan',
        sequence: 1,
        subjectKey: c.id,
        opensOn: input.heldOn,
        dueOn: orientationDueOn(input.heldOn, deadlines, this.calendar.addWorkingDays),
        responsibleRole: 'leader',
      },
      actor.personId,
      'R96: handleplanen er udarbejdet',
    );
  }

  /** R96: the board is informed; its comment window opens on that day. */
  private async orientationCompleted(em: EntityManager, o: Obligation, input: CompletionInput, actor: Actor): Promise<void> {
    const c = await this.caseOfObligation(em, o);
    const window = commentWindow(input.heldOn, this.calendar.skaerpetDeadlinesOn(c.decided_on));
    await em.query(`UPDATE skaerpet_tilsyn SET comment_window_opens_on = $2, comment_window_closes_on = $3, updated_at = now() WHERE id = $1`, [c.id, window.opensOn, window.closesOn]);
    await appendTransition(em, {
      actorPersonId: actor.personId,
      unitId: c.unit_id,
      obligationId: o.id,
      event: 'BEMAERKNINGSVINDUE_AABNET',
      fromState: c.state,
      toState: c.state,
      payload: { skaerpetTilsynId: c.id, ...window },
    });
  }

  private async view(em: EntityManager, id: string): Promise<SkaerpetTilsynView> {
    const [c]: (CaseRow & { enhed_name: string })[] = await em.query(
      `SELECT ${caseColumns('s')}, coalesce(e.name, u.name) AS enhed_name
       FROM skaerpet_tilsyn s JOIN unit u ON u.id = s.unit_id LEFT JOIN enhed e ON e.id = s.enhed_id WHERE s.id = $1`,
      [id],
    );
    if (!c) throw new NotFoundError('Sagen om skærpet tilsyn findes ikke');
    const duties: { id: string; kind: string; state: string; due_on: string; completed_on: string | null; note: string | null }[] = await em.query(
      `SELECT id, kind, state, due_on::text, completed_on::text, completion->>'note' AS note FROM obligation
       WHERE unit_id = $1 AND subject_key = $2 AND kind IN ('handleplan', 'bestyrelsesorientering_handleplan') AND loop_id IS NULL`,
      [c.unit_id, c.id],
    );
    const comments: { id: string; received_on: string; text: string }[] = await em.query(
      `SELECT id, received_on::text, text FROM skaerpet_tilsyn_bemaerkning WHERE skaerpet_tilsyn_id = $1 ORDER BY received_on, created_at`,
      [c.id],
    );
    // R91: an unannounced follow-up visit is not named here until it has been held (the visits API shows it to coordinators and inspectors).
    const [followUp] = await em.query(
      `SELECT id FROM obligation WHERE unit_id = $1 AND kind = 'tilsynsbesoeg' AND subject_key = $2 AND loop_id IS NULL AND (NOT secret_until_held OR state = 'completed')`,
      [c.unit_id, `skaerpet:${c.id}`],
    );
    const today = this.clock.today();
    const plan = duties.find((d) => d.kind === 'handleplan');
    const orientation = duties.find((d) => d.kind === 'bestyrelsesorientering_handleplan');
    const window = c.comment_window_opens_on && c.comment_window_closes_on ? { opensOn: c.comment_window_opens_on, closesOn: c.comment_window_closes_on } : null;
    return {
      id: c.id,
      unitId: c.unit_id,
      enhedId: c.enhed_id ?? c.unit_id,
      enhedName: c.enhed_name,
      state: c.state,
      trigger: c.trigger,
      visitId: c.visit_id,
      withHandleplan: c.with_handleplan,
      foundOn: c.found_on,
      decidedOn: c.decided_on,
      decidedBy: c.decided_by,
      reason: c.reason,
      endedOn: c.ended_on,
      endReason: c.end_reason,
      ageDays: daysBetween(c.decided_on, c.ended_on ?? today),
      handleplan: plan ? { obligationId: plan.id, state: plan.state, dueOn: plan.due_on, completedOn: plan.completed_on, plan: plan.note } : null,
      followUpVisitId: followUp?.id ?? null,
      bestyrelsesorientering: orientation ? { obligationId: orientation.id, state: orientation.state, dueOn: orientation.due_on, completedOn: orientation.completed_on } : null,
      commentWindow: window,
      commentStatus: boardCommentStatus(window, comments.length, today),
      comments: comments.map((x) => ({ id: x.id, receivedOn: x.received_on, text: x.text })),
    };
  }
}
