import { Body, Controller, Get, HttpCode, Param, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { DATA_INPUTS, PARTICIPANT_ROLES, type ParticipantRole } from '../../../workflows/domain';
import { rammeById, rammeInForce } from '../../../workflows/ramme';
import { isServiceDate } from '../../../workflows/calendar/date-range';
import { checkHandleplan } from '../../../workflows/tilsyn/skaerpet';
import { HELD_IN_WINDOW_KINDS } from '../../../workflows/laeringssamtale/held-on.rules';
import { Clock } from '../../common/clock';
import { BadInputError } from '../../common/errors';
import { uuidParam } from '../../common/uuid.pipe';
import type { CurrentUser } from '../../modules/auth';
import { User } from '../../modules/auth';
import { AuditService } from '../../modules/audit';
import { AccessService } from '../../modules/obligations';
import { CompleteDto, ReasonDto, ScheduleDto } from '../../modules/obligations';
import type { CompletionInput, Obligation } from '../../modules/obligations';
import { bookingWarnings, ObligationsService } from '../../modules/obligations';
import { TimelineService } from '../../modules/obligations';
import { canActOn, seesPlannedDate } from '../../modules/obligations';
import { field, fields, type FormBody, redirectAfterPost as redirect, validateAs, version } from '../forms';
import { AGREEMENT_STATUS_LABELS, DATA_INPUT_LABELS, PARTICIPANT_LABELS, formatDate, obligationName } from '../labels';
import { PageDataService } from '../page-data.service';
import { inFieldOrder, toFormRefusal, withRuleProblems, type FormError, type FormLabels } from '../web-errors';
import { WebPage } from '../web-auth';
import { historyRows } from './history';

/** Empty participant rows offered at first; "Tilføj række" posts back for one more. */
const START_PARTICIPANT_ROWS = 5;
const START_FOCUS_ROWS = 2;

/** Which field a refusal concerns, so the error summary can link to it. */
/** The confirmation form's labels (bekraeft.njk) per API property: the words its refusals use. */
const CONFIRM_LABELS: FormLabels = {
  heldOn: 'Holdt den', participants: 'Deltagere', agreements: 'Aftaler', focusAreas: 'Fokusområder', childrenPerspective: 'Børnenes og de unges perspektiv',
  dataInputs: 'Datainput, der blev brugt', boardStatement: 'Bestyrelsens udtalelse', note: 'Note', agreementFollowUp: 'Opfølgning på aftalerne',
  deviationReason: 'Begrundelse for afvigelse', exceptionReason: 'Begrundelse for undtagelse fra tidsvinduet (R31)',
};

export function fieldFor(rule: string | undefined, apiField?: string): string | undefined {
  switch (rule) {
    case 'R22':
      return 'fokus-titel-1';
    case 'R23':
      return 'aftaler';
    case 'R24':
      return 'boernePerspektiv';
    case 'R25':
    case 'R29':
      return 'datainput';
    case 'R26':
    case 'R27':
    case 'R28':
      return 'deltager-rolle-1';
    case 'R31':
      return 'heldOn';
    case 'R32':
      return 'opfoelgning-status-1';
    case 'R75':
      return 'afvigelse';
    default:
      break;
  }
  const path = apiField ?? '';
  if (path.startsWith('heldOn')) return 'heldOn';
  if (path === 'date') return 'date';
  if (path.startsWith('reason')) return 'reason';
  if (path.startsWith('participants')) return `deltager-rolle-${Number(path.split('.')[1] ?? 0) + 1}`;
  if (path.startsWith('agreements')) return 'aftaler';
  if (path.startsWith('focusAreas')) return `fokus-titel-${Number(path.split('.')[1] ?? 0) + 1}`;
  if (path.startsWith('childrenPerspective')) return 'boernePerspektiv';
  if (path.startsWith('dataInputs')) return 'datainput';
  if (path.startsWith('boardStatement')) return 'bestyrelsesudtalelse';
  if (path.startsWith('note')) return 'note';
  if (path.startsWith('agreementFollowUp')) return `opfoelgning-status-${Number(path.split('.')[1] ?? 0) + 1}`;
  if (path.startsWith('deviationReason')) return 'afvigelse';
  if (path.startsWith('exceptionReason')) return 'undtagelse';
  return undefined;
}

interface ConfirmForm {
  heldOn: string;
  participants: { role: string; name: string }[];
  agreements: string;
  focusAreas: { title: string; theme: string }[];
  childrenPerspective: string;
  dataInputs: string[];
  boardStatement: string;
  note: string;
  /** R32: one row per agreement of the previous samtale. */
  followUp: { agreement: string; status: string; note: string }[];
  /** R75: why a participation requirement was not met. */
  deviationReason: string;
  /** R31/R75: an administrator's reason for accepting a held date outside the window. */
  exceptionReason: string;
  version?: number;
}

/** The page for one obligation: details, history, and the actions the caller may take. */
@ApiExcludeController()
@WebPage()
@Controller('forpligtelser')
export class ForpligtelseController {
  constructor(
    private readonly obligations: ObligationsService,
    private readonly access: AccessService,
    private readonly audit: AuditService,
    private readonly timelines: TimelineService,
    private readonly pages: PageDataService,
    private readonly clock: Clock,
  ) {}

  @Get(':id')
  async show(@Param('id', uuidParam) id: string, @User() user: CurrentUser, @Res() res: Response) {
    const o = await this.load(id, user);
    // A tilsyn visit is booked and confirmed with its own form (R92's observations, dialogue, conclusion): the general
    // form could only be refused, so every link to it (Mit overblik, the unit's history) leads to the visit's page.
    if (o.kind === 'tilsynsbesoeg') return res.redirect(303, `/tilsynsbesoeg/${id}`);
    return res.render('pages/forpligtelse', await this.detail(o, user, {}));
  }

  /** Book a date (planned → scheduled), as POST /api/v1/obligations/:id/schedule. */
  @Post(':id/book')
  @HttpCode(200)
  async book(@Param('id', uuidParam) id: string, @Body() body: FormBody, @User() user: CurrentUser, @Req() req: Request, @Res() res: Response) {
    const o = await this.load(id, user);
    const date = field(body, 'date');
    try {
      await this.access.assertCanAct(user, o);
      const dto = await validateAs(ScheduleDto, { date, version: version(body) });
      const booked = await this.obligations.schedule(id, dto.date, user, dto.version);
      // Outside the window: booked, with the same warning as the API's and the visit page's, naming the window.
      const warnings = bookingWarnings(booked, this.clock.today());
      req.session.flash = warnings.length
        ? { type: 'warning', text: `Datoen er booket: ${formatDate(date)}. ${warnings.map((w) => w.message).join(' ')}` }
        : { type: 'success', text: `Datoen er booket: ${formatDate(date)}.` };
    } catch (error) {
      const refusal = toFormRefusal(error, fieldFor, { date: 'Book en dato' });
      res.status(refusal.status);
      return res.render('pages/forpligtelse', await this.detail(await this.load(id, user), user, { bookErrors: refusal.errors, conflict: refusal.conflict, bookDate: date }));
    }
    return redirect(req, res, `/forpligtelser/${id}`);
  }

  @Get(':id/bekraeft')
  async confirmForm(@Param('id', uuidParam) id: string, @User() user: CurrentUser, @Res() res: Response) {
    const o = await this.load(id, user);
    if (o.kind === 'tilsynsbesoeg') return res.redirect(303, `/tilsynsbesoeg/${id}`);
    await this.access.assertCanAct(user, o);
    const form: ConfirmForm = {
      heldOn: o.scheduledOn && o.scheduledOn <= this.clock.today() ? o.scheduledOn : '',
      participants: [],
      agreements: '',
      focusAreas: [],
      childrenPerspective: '',
      dataInputs: [],
      boardStatement: '',
      note: '',
      followUp: [],
      deviationReason: '',
      exceptionReason: '',
      version: o.version,
    };
    return res.render('pages/bekraeft', await this.confirmPage(o, user, form, []));
  }

  /**
   * Confirm (COMPLETE), as POST /api/v1/obligations/:id/complete: the form is
   * turned into the API's CompleteDto and checked by the same pipe and
   * service (R22–R28, R41); a refusal comes back on the form.
   * "Tilføj række" posts here too and only adds an empty row.
   */
  @Post(':id/bekraeft')
  @HttpCode(200)
  async confirm(@Param('id', uuidParam) id: string, @Body() body: FormBody, @User() user: CurrentUser, @Req() req: Request, @Res() res: Response) {
    const o = await this.load(id, user);
    await this.access.assertCanAct(user, o);
    const form = readConfirmForm(body);
    const action = field(body, 'handling');
    if (action === 'tilfoej-deltager' || action === 'tilfoej-fokus') {
      const extra = action === 'tilfoej-deltager' ? { participants: 1 } : { focus: 1 };
      return res.render('pages/bekraeft', { ...(await this.confirmPage(o, user, form, [], extra)), focusTarget: action === 'tilfoej-deltager' ? 'deltager' : 'fokus' });
    }
    const payload = toCompletePayload(o, form);
    try {
      const dto = await validateAs(CompleteDto, payload);
      const { version: v, ...input } = dto;
      await this.obligations.complete(id, input, user, v);
    } catch (error) {
      const refusal = toFormRefusal(error, fieldFor, o.kind === 'handleplan' ? { ...CONFIRM_LABELS, note: 'Handleplanen' } : CONFIRM_LABELS);
      // The DTO refused the shape (a missing date): the framework's rules on the rest are shown with it, all at once.
      if (error instanceof BadInputError && o.kind === 'laeringssamtale') {
        const problems = await this.obligations.samtaleProblems(id, payload as unknown as CompletionInput, user);
        refusal.errors = withRuleProblems(refusal.errors, problems.map((p) => ({ ...p, field: p.field ?? '' })), (p) => fieldFor(p.rule, p.field));
      }
      // R96 likewise for a handleplan (the same pure check the service makes), with the ramme in force on the date given or today.
      if (error instanceof BadInputError && o.kind === 'handleplan') {
        const on = isServiceDate(form.heldOn) ? form.heldOn : this.clock.today();
        const problems = checkHandleplan({ participants: (payload.participants ?? []) as { role: ParticipantRole; name: string }[], plan: form.note }, rammeInForce(on).leaderParticipantRoles.dagtilbud);
        refusal.errors = withRuleProblems(refusal.errors, problems, (p) => fieldFor(undefined, p.field));
      }
      // R75 answers two things: a missing deviation reason, or an R31 exception only an administrator may give.
      for (const e of refusal.errors) if (e.text.startsWith('R75:') && e.text.includes('exceptionReason')) e.field = user.admin && HELD_IN_WINDOW_KINDS.includes(o.kind) ? 'undtagelse' : 'heldOn';
      // R31 refused an administrator who left the exception empty: point to the field that would accept it (R75).
      // A date in the future is never excepted (R31), so the hint is given only for a date up to today.
      const excusable = HELD_IN_WINDOW_KINDS.includes(o.kind) && isServiceDate(form.heldOn) && form.heldOn <= this.clock.today();
      if (user.admin && excusable && !form.exceptionReason.trim() && refusal.errors.some((e) => e.text.startsWith('R31:')) && !refusal.errors.some((e) => e.field === 'undtagelse')) {
        refusal.errors.push({ field: 'undtagelse', text: 'R75: Som administrator kan du godkende en undtagelse fra R31 med en begrundelse i feltet «Begrundelse for undtagelse»' });
      }
      // R32 quotes the agreement: link to its row (the note when only the note is missing).
      for (const e of refusal.errors.filter((x) => x.text.startsWith('R32:'))) {
        const row = form.followUp.findIndex((f) => e.text.includes(`"${f.agreement}"`));
        if (row >= 0) e.field = `${e.text.includes('mangler en note') ? 'opfoelgning-note' : 'opfoelgning-status'}-${row + 1}`;
      }
      for (const e of refusal.errors) e.text = e.text.replace('i deviationReason', 'i feltet «Begrundelse for afvigelse»').replace('(exceptionReason)', '(feltet «Begrundelse for undtagelse»)').replace(/^R96: (.*) \(note\)$/, 'R96: $1 (feltet «Handleplanen»)');
      markRepeats(refusal.errors);
      res.status(refusal.status);
      const fresh = await this.load(id, user);
      return res.render('pages/bekraeft', { ...(await this.confirmPage(fresh, user, form, refusal.errors)), conflict: refusal.conflict });
    }
    req.session.flash = { type: 'success', text: `${(await this.pages.obligationNames([o.id])).get(o.id) ?? obligationName(o)} er bekræftet.` };
    return redirect(req, res, `/forpligtelser/${id}`);
  }

  /** Cancel, waive, reopen (R71: administrators, with a reason), as the API's cancel/waive/reopen. */
  @Post(':id/annuller')
  @HttpCode(200)
  cancel(@Param('id', uuidParam) id: string, @Body() body: FormBody, @User() user: CurrentUser, @Req() req: Request, @Res() res: Response) {
    return this.adminAction(id, 'annuller', body, user, req, res);
  }

  @Post(':id/fritag')
  @HttpCode(200)
  waive(@Param('id', uuidParam) id: string, @Body() body: FormBody, @User() user: CurrentUser, @Req() req: Request, @Res() res: Response) {
    return this.adminAction(id, 'fritag', body, user, req, res);
  }

  @Post(':id/genaabn')
  @HttpCode(200)
  reopen(@Param('id', uuidParam) id: string, @Body() body: FormBody, @User() user: CurrentUser, @Req() req: Request, @Res() res: Response) {
    return this.adminAction(id, 'genaabn', body, user, req, res);
  }

  private async adminAction(id: string, action: 'annuller' | 'fritag' | 'genaabn', body: FormBody, user: CurrentUser, req: Request, res: Response) {
    await this.load(id, user);
    const reason = field(body, 'reason');
    try {
      const dto = await validateAs(ReasonDto, { reason, version: version(body) });
      if (action === 'annuller') await this.obligations.cancel(id, dto.reason, user, dto.version);
      else if (action === 'fritag') await this.obligations.waive(id, dto.reason, user, dto.version);
      else await this.obligations.reopen(id, dto.reason, user, dto.version);
    } catch (error) {
      const refusal = toFormRefusal(error, (rule, f) => (rule ? `reason-${action}` : f?.startsWith('reason') ? `reason-${action}` : undefined), { reason: 'Begrundelse' });
      res.status(refusal.status);
      return res.render('pages/forpligtelse', await this.detail(await this.load(id, user), user, { adminErrors: refusal.errors, adminAction: action, reason, conflict: refusal.conflict }));
    }
    const done = { annuller: 'annulleret', fritag: 'fritaget', genaabn: 'genåbnet' }[action];
    req.session.flash = { type: 'success', text: `Forpligtelsen er ${done}.` };
    return redirect(req, res, `/forpligtelser/${id}`);
  }

  // ---- view models ---------------------------------------------------------------

  private async load(id: string, user: CurrentUser): Promise<Obligation> {
    const o = await this.obligations.get(id);
    await this.access.assertCanSee(user, o);
    return o;
  }

  private async detail(o: Obligation, user: CurrentUser, extra: Record<string, unknown>) {
    const names = await this.pages.personNames([o.chefPersonId, o.leaderPersonId, o.responsiblePersonId, o.subjectKey]);
    const unitNames = await this.pages.unitNames([o.unitId]);
    const trail = await this.audit.trail({ obligationId: o.id, limit: 50, offset: 0 }, user);
    const open = ['planned', 'scheduled', 'overdue'].includes(o.state);
    // R6: holding the role today counts, as in the API.
    const canAct = canActOn(user, o, await this.access.rolesToday(user, o.unitId));
    const completion = (o.completion ?? {}) as Record<string, unknown>;
    // The name with what tells it from its siblings (the enhed, R51's next-layer leader), as the lists write it.
    const title = (await this.pages.obligationNames([o.id])).get(o.id) ?? obligationName(o);
    return {
      title: `${title}, ${unitNames.get(o.unitId) ?? ''} – Kvalitetsloop`,
      heading: title,
      // R91: a held unannounced visit shows its held date, not the date it was booked for.
      o: seesPlannedDate(user, o) ? o : { ...o, scheduledOn: null, startTime: null, endTime: null },
      unitName: unitNames.get(o.unitId) ?? '',
      people: {
        chef: o.chefPersonId ? names.get(o.chefPersonId) : undefined,
        leader: o.leaderPersonId ? names.get(o.leaderPersonId) : undefined,
        responsible: o.responsiblePersonId ? names.get(o.responsiblePersonId) : undefined,
        subject: o.subjectKey ? names.get(o.subjectKey) : undefined,
      },
      completion: {
        participants: ((completion.participants as { role: string; name: string }[]) ?? []).map((p) => ({ role: PARTICIPANT_LABELS[p.role as keyof typeof PARTICIPANT_LABELS] ?? p.role, name: p.name })),
        agreements: (completion.agreements as string[]) ?? [],
        focusAreas: (completion.focusAreas as { title: string; theme: string }[]) ?? [],
        childrenPerspective: (completion.childrenPerspective as string) ?? '',
        dataInputs: ((completion.dataInputs as string[]) ?? []).map((d) => (DATA_INPUT_LABELS as Record<string, string>)[d] ?? d),
        boardStatement: (completion.boardStatement as string) ?? '',
        note: (completion.note as string) ?? '',
        // R75: requirements not met (R27, R28) and an administrator's R31 exception, each with its reason.
        deviations: ((completion.deviations as { rule: string; message: string; reason: string; acceptedByAdmin?: boolean }[]) ?? []).map((d) => ({
          rule: d.rule,
          message: d.message,
          reason: d.reason,
          byAdmin: d.acceptedByAdmin === true,
        })),
      },
      canBook: canAct && open && o.kind !== 'datapakke',
      canConfirm: canAct && open,
      isAdmin: user.admin,
      canCancel: user.admin && open,
      canWaive: user.admin && open,
      canReopen: user.admin && !open,
      today: this.clock.today(),
      history: historyRows(trail.items),
      historyTotal: trail.total,
      bookErrors: [] as FormError[],
      adminErrors: [] as FormError[],
      ...extra,
    };
  }

  private async confirmPage(o: Obligation, user: CurrentUser, form: ConfirmForm, errors: FormError[], add: { participants?: number; focus?: number } = {}) {
    const base = await this.detail(o, user, {});
    const loop = o.kind === 'laeringssamtale' ? (await this.timelines.forUnit(o.unitId, user)).loops.find((l) => l.id === o.loopId) : undefined;
    const themes = loop?.qualityReport.themes ?? [];
    const ramme = loop ? rammeById(loop.rammeId) : undefined;
    const participantRows = Math.max(START_PARTICIPANT_ROWS, form.participants.length) + (add.participants ?? 0);
    const focusRows = Math.max(START_FOCUS_ROWS, form.focusAreas.length) + (add.focus ?? 0);
    // R32: the previous samtale's agreements, each with what became of it (prefilled from what was posted).
    const previousAgreements = o.kind === 'laeringssamtale' && o.sequence >= 2 ? (loop?.agreements.find((a) => a.sequence === o.sequence - 1)?.agreements ?? []) : [];
    const followUpRows = previousAgreements.map((agreement, i) => {
      const posted = form.followUp.find((f) => f.agreement === agreement) ?? form.followUp[i];
      return {
        agreement,
        status: posted?.status ?? '',
        note: posted?.note ?? '',
        statusOptions: [{ value: '', text: 'Vælg status' }, ...Object.entries(AGREEMENT_STATUS_LABELS).map(([value, text]) => ({ value, text }))],
      };
    });
    const showException = user.admin && HELD_IN_WINDOW_KINDS.includes(o.kind);
    const isSamtale = o.kind === 'laeringssamtale';
    const isFirstSamtale = isSamtale && o.sequence === 1;
    const showParticipants = isSamtale || o.kind === 'bestyrelsesinput' || o.kind === 'handleplan';
    const showBoardStatement = o.kind === 'bestyrelsesinput' || (isSamtale && o.sequence >= (ramme?.bestyrelsesinput.fromSamtale ?? 2));
    // The fields of bekraeft.njk top to bottom, only those this kind shows: the summary follows them, and links only to them.
    const order = [
      'heldOn',
      ...(showException ? ['undtagelse'] : []),
      ...(showParticipants ? ['deltager-rolle-'] : []),
      ...(isSamtale ? ['afvigelse'] : []),
      ...(followUpRows.length ? ['opfoelgning-status-', 'opfoelgning-note-'] : []),
      ...(isSamtale ? ['aftaler'] : []),
      ...(isFirstSamtale ? ['fokus-titel-', 'boernePerspektiv'] : []),
      ...(isSamtale ? ['datainput'] : []),
      ...(showBoardStatement ? ['bestyrelsesudtalelse'] : []),
      ...(o.kind === 'handleplan' || !isSamtale ? ['note'] : []),
    ];
    const onPage = (id: string) => order.some((f) => id === f || (f.endsWith('-') && id.startsWith(f)));
    return {
      ...base,
      // Only the kind's first letter is lowered: the name can hold a person's or an enhed's name, kept as written.
      confirmHeading: `Bekræft ${lowerFirst(base.heading)}`,
      title: `Bekræft ${lowerFirst(base.heading)}, ${base.unitName} – Kvalitetsloop`,
      form: { ...form, version: form.version ?? o.version },
      // A refusal about a field this form does not show is listed without a link (never "#undtagelse" to nowhere).
      errors: inFieldOrder(errors, order).map((e) => (e.field && !onPage(e.field) ? { text: e.text } : e)),
      isSamtale,
      isBoardInput: o.kind === 'bestyrelsesinput',
      // R96: the handleplan is made with the leader, whose participation is recorded, and its text is the plan.
      isHandleplan: o.kind === 'handleplan',
      showParticipants,
      isAdmin: user.admin,
      // R31/R75: the kinds held within a window, whose exception an administrator may accept with a reason.
      showException,
      isFirstSamtale,
      showBoardStatement,
      participantRows: Array.from({ length: participantRows }, (_, i) => form.participants[i] ?? { role: '', name: '' }),
      focusRows: Array.from({ length: focusRows }, (_, i) => form.focusAreas[i] ?? { title: '', theme: '' }),
      roleOptions: [{ value: '', text: 'Vælg rolle' }, ...PARTICIPANT_ROLES.map((r) => ({ value: r, text: PARTICIPANT_LABELS[r] }))],
      themeOptions: [{ value: '', text: 'Vælg tema' }, ...themes.map((t) => ({ value: t, text: t }))],
      followUpRows,
      dataInputItems: DATA_INPUTS.map((d) => ({ value: d, text: DATA_INPUT_LABELS[d], checked: form.dataInputs.includes(d) })),
      today: this.clock.today(),
    };
  }
}

/** "Ledelsesopfølgning 6 med Malene Jørgensen" → "ledelsesopfølgning 6 med Malene Jørgensen": names stay as written. */
export function lowerFirst(text: string): string {
  return text.charAt(0).toLocaleLowerCase('da') + text.slice(1);
}

/** Several refusals can concern one field: the summary lists them all, the field shows the first (one id per page). */
function markRepeats(errors: FormError[]): void {
  const seen = new Set<string>();
  for (const e of errors) {
    if (!e.field) continue;
    if (seen.has(e.field)) e.repeat = true;
    seen.add(e.field);
  }
}

export function readConfirmForm(body: FormBody): ConfirmForm {
  const roles = fields(body, 'deltagerRolle');
  const namesIn = fields(body, 'deltagerNavn');
  const titles = fields(body, 'fokusTitel');
  const themes = fields(body, 'fokusTema');
  return {
    heldOn: field(body, 'heldOn'),
    participants: roles.map((role, i) => ({ role, name: namesIn[i] ?? '' })),
    agreements: field(body, 'aftaler'),
    focusAreas: titles.map((title, i) => ({ title, theme: themes[i] ?? '' })),
    childrenPerspective: field(body, 'boernePerspektiv'),
    dataInputs: fields(body, 'datainput'),
    boardStatement: field(body, 'bestyrelsesudtalelse'),
    note: field(body, 'note'),
    followUp: fields(body, 'opfoelgningAftale').map((agreement, i) => ({ agreement, status: fields(body, 'opfoelgningStatus')[i] ?? '', note: fields(body, 'opfoelgningNote')[i] ?? '' })),
    deviationReason: field(body, 'afvigelse'),
    exceptionReason: field(body, 'undtagelse'),
    version: version(body),
  };
}

/** The form as the API's CompleteDto: empty rows left out, one agreement per line. */
export function toCompletePayload(o: Obligation, form: ConfirmForm): Record<string, unknown> {
  const participants = form.participants.filter((p) => p.role || p.name);
  const payload: Record<string, unknown> = { heldOn: form.heldOn, version: form.version };
  if (o.kind === 'laeringssamtale' || o.kind === 'bestyrelsesinput' || o.kind === 'handleplan') payload.participants = participants;
  if (o.kind === 'laeringssamtale') {
    payload.agreements = form.agreements.split(/\r?\n/).map((a) => a.trim()).filter(Boolean);
    payload.dataInputs = form.dataInputs;
    if (o.sequence === 1) {
      payload.focusAreas = form.focusAreas.filter((f) => f.title || f.theme);
      payload.childrenPerspective = form.childrenPerspective;
    } else {
      // A row without a status is left out, so R32 names the agreement that lacks one.
      payload.agreementFollowUp = form.followUp.filter((f) => f.status);
    }
    if (form.deviationReason.trim()) payload.deviationReason = form.deviationReason;
  }
  // R31/R75: every kind held within a window takes an administrator's exception, as the API does.
  if (HELD_IN_WINDOW_KINDS.includes(o.kind) && form.exceptionReason.trim()) payload.exceptionReason = form.exceptionReason;
  if (form.boardStatement) payload.boardStatement = form.boardStatement;
  if (form.note) payload.note = form.note;
  return payload;
}
