import { Body, Controller, Get, HttpCode, NotFoundException, Param, Post, Render, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { tilsynsrammeInForce, visitCompletionProblems, VISIT_OUTCOMES, type VisitCompletionInput } from '../../../workflows/tilsyn';
import { Clock } from '../../common/clock';
import { BadInputError, RuleError } from '../../common/errors';
import { uuidParam } from '../../common/uuid.pipe';
import type { CurrentUser } from '../../modules/auth';
import { User } from '../../modules/auth';
import { AssignInspectorDto, CompleteVisitDto, ScheduleVisitDto, TilsynService, type VisitResponse } from '../../modules/tilsyn';
import { field, fields, type FormBody, redirectAfterPost as redirect, validateAs } from '../forms';
import { danishDatesIn, formatDate } from '../labels';
import { toFormRefusal, withRuleProblems, type FormError, type FormLabels } from '../web-errors';
import { WebPage, type WebUser } from '../web-auth';

export const OUTCOME_LABELS: Record<(typeof VISIT_OUTCOMES)[number], string> = {
  ingen_opfoelgning: 'Ingen opfølgning',
  opfoelgningspunkter: 'Opfølgningspunkter (følges op ved næste besøg)',
  skaerpet_tilsyn: 'Skærpet tilsyn (bekymring, § 5 b, stk. 3)',
  skaerpet_tilsyn_handleplan: 'Skærpet tilsyn med handleplan (alvorlig bekymring, § 5 b, stk. 4)',
};

/** Form field id per R92 field, so the error summary links to the right input. */
const FIELD_IDS: Record<string, string> = {
  heldOn: 'heldOn', inspectorIds: 'inspectorIds', observations: 'observations', participants: 'leaderName',
  dataUsed: 'dataUsed', outcome: 'outcome', followUpPoints: 'followUpPoints', personId: 'personId', date: 'date',
};

/** The labels and legends of the visit page's forms (tilsynsbesoeg.njk), per API property: the words a refusal uses. */
const FIELD_LABELS: FormLabels = {
  heldOn: 'Dato for besøget', inspectorIds: 'Tilsynsførende ved besøget', observations: 'Observationer', participants: 'Dialog under besøget',
  dataUsed: 'Anvendte data', outcome: 'Konklusion', followUpPoints: 'Opfølgningspunkter', personId: 'Tilsynsførende', date: 'Dato',
};

interface VisitForm {
  heldOn: string;
  inspectorIds: string[];
  observations: string;
  leaderRole: string;
  leaderName: string;
  staffNames: string;
  dataUsed: string[];
  outcome: string;
  followUpPoints: string;
}

const lines = (text: string) => text.split(/\r?\n/).map((l) => l.trim()).filter(Boolean);

/**
 * The statutory tilsyn pages: the coordinator's plan (visits per enhed and
 * cycle, those without an inspector, the overdue) and a visit's page with the
 * inspector's form (R90–R92). They read and write through TilsynService, the
 * same as the API, so R91 hides a secret visit here exactly as there (404).
 */
@ApiExcludeController()
@WebPage()
@Controller()
export class TilsynBesoegController {
  constructor(
    private readonly tilsyn: TilsynService,
    private readonly clock: Clock,
    @InjectDataSource() private readonly db: DataSource,
  ) {}

  /** Coordinators see every visit; an inspector their own; anyone else what R91 lets them see. */
  @Get('tilsynsplan')
  @Render('pages/tilsynsplan')
  async plan(@User() user: CurrentUser, @Res({ passthrough: true }) res: Response) {
    const { items, total } = await this.tilsyn.list({ limit: 500, offset: 0 }, user);
    const today = this.clock.today();
    const names = await this.names(items.flatMap((v) => [v.unitId, v.enhedId]), items.flatMap((v) => v.inspectorIds));
    const groups = new Map<string, { unit: string; enhed: string; cycle: string; visits: (VisitResponse & { inspectors: string })[] }>();
    for (const v of items) {
      const key = `${names.units.get(v.unitId) ?? ''}|${names.enheder.get(v.enhedId) ?? names.units.get(v.unitId) ?? ''}|${v.cycle ?? ''}|${v.enhedId}`;
      const group = groups.get(key) ?? { unit: names.units.get(v.unitId) ?? '', enhed: names.enheder.get(v.enhedId) ?? names.units.get(v.unitId) ?? '', cycle: v.cycle ?? '', visits: [] };
      group.visits.push({ ...v, inspectors: v.inspectorIds.map((id) => names.people.get(id) ?? '').join(', ') });
      groups.set(key, group);
    }
    const open = (v: VisitResponse) => ['planned', 'scheduled', 'overdue'].includes(v.state);
    return {
      title: 'Tilsynsplan – Kvalitetsloop',
      total,
      groups: [...groups.entries()].sort(([a], [b]) => a.localeCompare(b, 'da')).map(([, g]) => g),
      unassigned: items.filter((v) => open(v) && v.inspectorIds.length === 0).length,
      overdue: items.filter((v) => v.state === 'overdue').length,
      shown: items.length,
      today,
      admin: user.admin,
      scope: planScope(user, items, (res.locals.user as WebUser | undefined)?.roles.map((r) => r.role) ?? []),
    };
  }

  @Get('tilsynsbesoeg/:id')
  @Render('pages/tilsynsbesoeg')
  async visit(@Param('id', uuidParam) id: string, @User() user: CurrentUser) {
    return this.model(id, user, this.emptyForm(), []);
  }

  @Post('tilsynsbesoeg/:id/tilsynsfoerende')
  @HttpCode(200)
  async assign(@Param('id', uuidParam) id: string, @Body() body: FormBody, @User() user: CurrentUser, @Req() req: Request, @Res() res: Response) {
    if (!user.admin) throw new NotFoundException();
    try {
      const dto = await validateAs(AssignInspectorDto, { personId: field(body, 'personId') });
      await this.tilsyn.assignInspector(id, dto.personId, user);
    } catch (error) {
      return this.refused(res, id, user, this.emptyForm(), error, 'personId');
    }
    req.session.flash = { type: 'success', text: 'Den tilsynsførende er tilknyttet besøget.' };
    return redirect(req, res, `/tilsynsbesoeg/${id}`);
  }

  @Post('tilsynsbesoeg/:id/book')
  @HttpCode(200)
  async book(@Param('id', uuidParam) id: string, @Body() body: FormBody, @User() user: CurrentUser, @Req() req: Request, @Res() res: Response) {
    try {
      const dto = await validateAs(ScheduleVisitDto, { date: field(body, 'date') });
      // R90/R97: booked, but outside the visit's window — the service says so, as the API answers it.
      const { warnings } = await this.tilsyn.schedule(id, dto.date, user);
      req.session.flash = warnings.length
        ? { type: 'warning', text: `Besøgets dato er booket: ${formatDate(dto.date)}. ${warnings.map((w) => w.message).join(' ')}` }
        : { type: 'success', text: `Besøgets dato er booket: ${formatDate(dto.date)}.` };
    } catch (error) {
      return this.refused(res, id, user, this.emptyForm(), error, 'date');
    }
    return redirect(req, res, `/tilsynsbesoeg/${id}`);
  }

  /** R92: the inspector's confirmation, as POST /api/v1/tilsyn/visits/:id/complete. */
  @Post('tilsynsbesoeg/:id/bekraeft')
  @HttpCode(200)
  async complete(@Param('id', uuidParam) id: string, @Body() body: FormBody, @User() user: CurrentUser, @Req() req: Request, @Res() res: Response) {
    const form: VisitForm = {
      heldOn: field(body, 'heldOn'),
      inspectorIds: fields(body, 'inspectorIds').filter(Boolean),
      observations: field(body, 'observations'),
      leaderRole: field(body, 'leaderRole') || 'leder',
      leaderName: field(body, 'leaderName'),
      staffNames: field(body, 'staffNames'),
      dataUsed: fields(body, 'dataUsed').filter(Boolean),
      outcome: field(body, 'outcome'),
      followUpPoints: field(body, 'followUpPoints'),
    };
    const payload = {
      heldOn: form.heldOn,
      inspectorIds: form.inspectorIds,
      observations: lines(form.observations),
      participants: [
        ...(form.leaderName ? [{ role: form.leaderRole, name: form.leaderName }] : []),
        ...lines(form.staffNames).map((name) => ({ role: 'medarbejder', name })),
      ],
      dataUsed: form.dataUsed,
      outcome: form.outcome,
      followUpPoints: lines(form.followUpPoints).map((text) => ({ text })),
    };
    try {
      const dto = await validateAs(CompleteVisitDto, payload);
      await this.tilsyn.complete(id, dto, user);
    } catch (error) {
      // The DTO refuses the shapes (a missing date); R92's own checks on the rest are shown with them, all at once.
      const problems = error instanceof BadInputError ? visitCompletionProblems(payload as VisitCompletionInput, this.clock.today()) : [];
      return this.refused(res, id, user, form, error, 'heldOn', problems);
    }
    req.session.flash = { type: 'success', text: 'Besøget er bekræftet som holdt. Dokumentation, dialog og orientering af bestyrelsen er oprettet.' };
    return redirect(req, res, `/tilsynsbesoeg/${id}`);
  }

  private async refused(res: Response, id: string, user: CurrentUser, form: VisitForm, error: unknown, fallback: string, problems: readonly { rule: string; field: string; message: string }[] = []) {
    // R92's two dialogues are both "participants" to the API; the page asks for them in two fields, so each problem
    // points at its own (the leadership's at the leader's name, the staff's at the staff field).
    const idOf = (apiField: string, message = '') =>
      apiField === 'participants' ? (/medarbejder/.test(message) ? 'staffNames' : /ledelse|leder/.test(message) ? 'leaderName' : form.leaderName.trim() === '' ? 'leaderName' : 'staffNames') : (FIELD_IDS[apiField.split(/[.[]/)[0]!] ?? fallback);
    let errors: FormError[];
    if (error instanceof RuleError) {
      const violations = (error.details.violations as { rule: string; field: string; message: string }[] | undefined) ?? [{ rule: error.rule, field: String(error.details.field ?? fallback), message: error.message }];
      errors = violations.map((v) => ({ field: idOf(v.field, v.message), text: `${v.rule}: ${v.message}` }));
      res.status(422);
    } else {
      const refusal = toFormRefusal(error, (_rule, f) => idOf(f ?? ''), FIELD_LABELS);
      errors = withRuleProblems(refusal.errors, problems, (p) => idOf(p.field, p.message));
      res.status(refusal.status);
    }
    return res.render('pages/tilsynsbesoeg', await this.model(id, user, form, errors));
  }

  private emptyForm(): VisitForm {
    return { heldOn: '', inspectorIds: [], observations: '', leaderRole: 'leder', leaderName: '', staffNames: '', dataUsed: [], outcome: 'ingen_opfoelgning', followUpPoints: '' };
  }

  private async model(id: string, user: CurrentUser, form: VisitForm, errors: FormError[]) {
    const visit = await this.tilsyn.get(id, user);
    const names = await this.names([visit.unitId, visit.enhedId], visit.inspectorIds);
    const insider = user.admin || visit.inspectorIds.includes(user.personId);
    const open = ['planned', 'scheduled', 'overdue'].includes(visit.state);
    // R90: only those the assignment would accept are offered; the others are listed with why (same rule function).
    const candidates = user.admin && open ? await this.tilsyn.inspectorCandidates(id, user) : [];
    const ramme = tilsynsrammeInForce(visit.scheduledOn ?? visit.dueOn);
    const completion = visit.completion as null | { observations?: string[]; participants?: { role: string; name: string }[]; dataUsed?: string[]; followUpPoints?: { text: string }[] };
    return {
      title: `Tilsynsbesøg – ${names.enheder.get(visit.enhedId) ?? names.units.get(visit.unitId) ?? ''} – Kvalitetsloop`,
      visit,
      unitName: names.units.get(visit.unitId) ?? '',
      enhedName: names.enheder.get(visit.enhedId) ?? names.units.get(visit.unitId) ?? '',
      inspectors: visit.inspectorIds.map((pid) => ({ id: pid, name: names.people.get(pid) ?? '' })),
      outcomeLabel: visit.outcome ? OUTCOME_LABELS[visit.outcome] : '',
      completion,
      canAssign: user.admin && open,
      canBook: insider && open,
      canComplete: insider && open,
      candidates: [{ value: '', text: 'Vælg en tilsynsførende' }, ...candidates.filter((c) => c.conflict === null).map((c) => ({ value: c.id, text: c.name }))],
      notImpartial: candidates.filter((c) => c.conflict !== null).map((c) => ({ ...c, conflict: danishDatesIn(c.conflict!) })),
      inspectorItems: visit.inspectorIds.map((pid) => ({ value: pid, text: names.people.get(pid) ?? pid, checked: form.inspectorIds.length === 0 || form.inspectorIds.includes(pid) })),
      dataItems: ramme.dataUsed.map((d) => ({ value: d, text: d, checked: form.dataUsed.includes(d) })),
      outcomeOptions: VISIT_OUTCOMES.map((o) => ({ value: o, text: OUTCOME_LABELS[o] })),
      leaderRoleOptions: [{ value: 'leder', text: 'Leder' }, { value: 'paedagogisk_leder', text: 'Pædagogisk leder' }],
      form,
      errors,
      today: this.clock.today(),
    };
  }

  private async names(unitOrEnhedIds: string[], personIds: string[]) {
    const ids = [...new Set(unitOrEnhedIds)];
    const [units, enheder, people] = await Promise.all([
      this.db.query(`SELECT id, name FROM unit WHERE id = ANY($1::uuid[])`, [ids]),
      this.db.query(`SELECT id, name FROM enhed WHERE id = ANY($1::uuid[])`, [ids]),
      this.db.query(`SELECT id, name FROM person WHERE id = ANY($1::uuid[])`, [[...new Set(personIds)]]),
    ]);
    const map = (rows: { id: string; name: string }[]) => new Map(rows.map((r) => [r.id, r.name]));
    return { units: map(units), enheder: map(enheder), people: map(people) };
  }
}

/**
 * Whose visits /tilsynsplan lists, for the sentence that says so: a
 * coordinator all of them; an inspector those they inspect; a unit's leader,
 * next-layer leader or chef their units' visits as R91 lets them see them;
 * someone who is both, both. A board contact sees no visit at all, held or
 * not (visibility.ts: of a unit they see only the board's duties), which
 * 'board' says on the page rather than showing an empty list unexplained.
 */
export function planScope(user: CurrentUser, visits: readonly { inspectorIds: readonly string[] }[], unitRoles: readonly string[]): 'admin' | 'inspector' | 'unit' | 'both' | 'board' {
  if (user.admin) return 'admin';
  const inspects = visits.some((v) => v.inspectorIds.includes(user.personId));
  const seesUnitVisits = unitRoles.some((r) => r !== 'board');
  if (inspects) return seesUnitVisits ? 'both' : 'inspector';
  return !seesUnitVisits && unitRoles.includes('board') ? 'board' : 'unit';
}
