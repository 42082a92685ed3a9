import { Body, Controller, Get, Param, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { nextMilestone, QUALITY_REPORT_MILESTONE_LABELS, QUALITY_REPORT_MILESTONES, type QualityReportMilestone } from '../../../workflows/quality-report/quality-report.machine';
import { uuidParam } from '../../common/uuid.pipe';
import { AdminOnly } from '../../modules/auth';
import { type CurrentUser, User } from '../../modules/auth';
import { CorrectMilestoneDto, CreateQualityReportDto, RecordMilestoneDto } from '../../modules/quality-reports';
import { toQualityReportResponse } from '../../modules/quality-reports';
import { QualityReportsService, TreatmentJob } from '../../modules/quality-reports';
import { AGE_AREA_LABELS, AGE_AREA_OPTIONS, MILESTONE_OPTIONS } from '../admin-labels';
import { refusalErrors, str, validateInput } from '../admin-forms';
import type { FormError } from '../web-errors';
import { WebPage } from '../web-auth';

const CREATE_FIELDS = { ageArea: 'ageArea', year: 'year', themes: 'themes' };
const CREATE_LABELS = { ageArea: 'Aldersområde', year: 'Årstal', themes: 'Temaer' };
const MILESTONE_FIELDS = { milestone: 'milestone', date: 'date', version: 'milestone', R11: 'milestone', R13: 'date', R73: 'date', R72: 'date' };
const MILESTONE_LABELS = { milestone: 'Milepæl', date: 'Dato' };
const CORRECT_FIELDS = { milestone: 'ret-milestone', date: 'ret-date', reason: 'ret-reason', version: 'ret-milestone', R11: 'ret-date', R13: 'ret-date', R72: 'ret-date', R73: 'ret-date' };
const CORRECT_LABELS = { date: 'Rigtig dato', reason: 'Begrundelse' };
/** R13: the expected treatment date, recorded beforehand, next to the milestones in order. */
const PLANNED_OPTION = { value: 'byraad_planlagt', text: 'Forventet byrådsbehandling (planlagt dato, R13)' };

function save(req: Request): Promise<void> {
  return new Promise((resolve, reject) => req.session.save((err) => (err ? reject(err) : resolve())));
}

/** Kvalitetsrapporter (R10–R13): list, create, and record the milestones in order, through QualityReportsService. */
@ApiExcludeController()
@AdminOnly()
@WebPage()
@Controller('kvalitetsrapporter')
export class AdminKvalitetsrapporterController {
  constructor(
    private readonly reports: QualityReportsService,
    private readonly treatment: TreatmentJob,
  ) {}

  @Get()
  async list(@Res() res: Response) {
    return res.render('pages/admin/kvalitetsrapporter', await this.listModel({}, []));
  }

  @Post()
  async create(@Body() body: Record<string, unknown>, @User() user: CurrentUser, @Req() req: Request, @Res() res: Response) {
    const form = { ageArea: str(body.ageArea), year: str(body.year), themes: typeof body.themes === 'string' ? body.themes : '' };
    const themes = form.themes.split(/\r?\n/).map((t) => t.trim()).filter((t) => t !== '');
    const { value, errors } = await validateInput(
      CreateQualityReportDto,
      { ageArea: form.ageArea, year: /^\d+$/.test(form.year) ? Number(form.year) : form.year, themes },
      CREATE_FIELDS,
      CREATE_LABELS,
      { themes: { verb: 'Skriv', one: 'tema', many: 'temaer', neuter: true } },
    );
    if (errors.length) return res.status(400).render('pages/admin/kvalitetsrapporter', await this.listModel(form, errors));
    try {
      const report = await this.reports.create(value, user.personId);
      req.session.flash = { type: 'success', text: `Kvalitetsrapporten for ${AGE_AREA_LABELS[report.ageArea]} ${report.year} er oprettet.` };
      await save(req);
      return res.redirect(303, `/kvalitetsrapporter/${report.id}`);
    } catch (error) {
      const refusal = refusalErrors(error, (k) => (k ? (CREATE_FIELDS as Record<string, string>)[k] : undefined));
      return res.status(refusal.status).render('pages/admin/kvalitetsrapporter', await this.listModel(form, refusal.errors));
    }
  }

  @Get(':id')
  async detail(@Param('id', uuidParam) id: string, @Res() res: Response) {
    const report = toQualityReportResponse(await this.reports.get(id));
    return res.render('pages/admin/kvalitetsrapport', this.detailModel(report, {}, []));
  }

  @Post(':id/milepaele')
  async milestone(@Param('id', uuidParam) id: string, @Body() body: Record<string, unknown>, @User() user: CurrentUser, @Req() req: Request, @Res() res: Response) {
    const form = { milestone: str(body.milestone), date: str(body.date), version: str(body.version) };
    const { value, errors } = await validateInput(
      RecordMilestoneDto,
      { milestone: form.milestone, date: form.date, ...(/^\d+$/.test(form.version) && { version: Number(form.version) }) },
      MILESTONE_FIELDS,
      MILESTONE_LABELS,
    );
    const refuse = async (status: number, list: FormError[]) =>
      res.status(status).render('pages/admin/kvalitetsrapport', this.detailModel(toQualityReportResponse(await this.reports.get(id)), form, list, status === 409));
    if (errors.length) return refuse(400, errors);
    try {
      if (value.milestone === 'byraad_behandlet') {
        // Opening the loops of an age area is a job (issue 15): follow it on its page, with a progress bar.
        const job = await this.treatment.start({ reportId: id, date: value.date, ...(value.version !== undefined && { version: value.version }) }, user.personId);
        return res.redirect(303, `/job/${job.id}`);
      }
      const { report, loopsStarted } = await this.reports.recordMilestone(id, value.milestone, value.date, user.personId, value.version);
      const started = loopsStarted > 0 ? ` ${loopsStarted} læringsloops er startet (R13).` : '';
      req.session.flash = { type: 'success', text: `Milepælen "${value.milestone === 'byraad_planlagt' ? 'Forventet byrådsbehandling' : QUALITY_REPORT_MILESTONE_LABELS[value.milestone]}" er registreret.${started}` };
      await save(req);
      return res.redirect(303, `/kvalitetsrapporter/${report.id}`);
    } catch (error) {
      const refusal = refusalErrors(error, (k) => (k ? (MILESTONE_FIELDS as Record<string, string>)[k] : undefined));
      return refuse(refusal.status, refusal.errors);
    }
  }

  /** R11: correct a recorded milestone's date, with a reason (kept in the audit trail), as PATCH …/milestones/:milestone. */
  @Post(':id/milepaele/ret')
  async correct(@Param('id', uuidParam) id: string, @Body() body: Record<string, unknown>, @User() user: CurrentUser, @Req() req: Request, @Res() res: Response) {
    const form = { correctMilestone: str(body.milestone), correctDate: str(body.date), correctReason: str(body.reason), version: str(body.version) };
    const current = toQualityReportResponse(await this.reports.get(id));
    const refuse = async (status: number, list: FormError[]) =>
      res.status(status).render('pages/admin/kvalitetsrapport', this.detailModel(toQualityReportResponse(await this.reports.get(id)), form, list, status === 409));
    if (!QUALITY_REPORT_MILESTONES.includes(form.correctMilestone as QualityReportMilestone) || !current.milestones[form.correctMilestone as QualityReportMilestone]) {
      return refuse(400, [{ field: 'ret-milestone', text: 'Vælg en milepæl, der er registreret' }]);
    }
    const { value, errors } = await validateInput(
      CorrectMilestoneDto,
      { date: form.correctDate, reason: form.correctReason, ...(/^\d+$/.test(form.version) && { version: Number(form.version) }) },
      CORRECT_FIELDS,
      CORRECT_LABELS,
    );
    if (errors.length) return refuse(400, errors);
    try {
      await this.reports.correctMilestone(id, form.correctMilestone as QualityReportMilestone, value.date, value.reason, user.personId, value.version);
      req.session.flash = { type: 'success', text: `Datoen for milepælen "${QUALITY_REPORT_MILESTONE_LABELS[form.correctMilestone as QualityReportMilestone]}" er rettet.` };
      await save(req);
      return res.redirect(303, `/kvalitetsrapporter/${id}`);
    } catch (error) {
      const refusal = refusalErrors(error, (k) => (k ? (CORRECT_FIELDS as Record<string, string>)[k] : undefined));
      return refuse(refusal.status, refusal.errors);
    }
  }

  private async listModel(form: Record<string, string>, errors: FormError[]) {
    const page = await this.reports.list({ limit: 200, offset: 0 });
    return {
      title: 'Kvalitetsrapporter – Kvalitetsloop',
      reports: page.items.map((r) => {
        const dto = toQualityReportResponse(r);
        const next = nextMilestone(dto.milestones);
        return { ...dto, ageAreaLabel: AGE_AREA_LABELS[dto.ageArea], next: next ? QUALITY_REPORT_MILESTONE_LABELS[next] : 'Alle milepæle er registreret' };
      }),
      form,
      errors,
      ageAreaOptions: AGE_AREA_OPTIONS,
    };
  }

  private detailModel(report: ReturnType<typeof toQualityReportResponse>, form: Record<string, string>, errors: FormError[], conflict = false) {
    const next = nextMilestone(report.milestones);
    return {
      title: `Kvalitetsrapport ${AGE_AREA_LABELS[report.ageArea]} ${report.year} – Kvalitetsloop`,
      report,
      ageAreaLabel: AGE_AREA_LABELS[report.ageArea],
      milestones: QUALITY_REPORT_MILESTONES.map((m) => ({ key: m, text: QUALITY_REPORT_MILESTONE_LABELS[m], date: report.milestones[m] ?? null, next: m === next })),
      next,
      form: { milestone: form.milestone ?? next ?? '', date: form.date ?? '', correctMilestone: form.correctMilestone ?? '', correctDate: form.correctDate ?? '', correctReason: form.correctReason ?? '' },
      milestoneOptions: [...MILESTONE_OPTIONS, ...(report.byraadBehandletOn ? [] : [PLANNED_OPTION])],
      recordedOptions: [
        { value: '', text: 'Vælg milepæl' },
        ...QUALITY_REPORT_MILESTONES.filter((m) => report.milestones[m]).map((m) => ({ value: m, text: QUALITY_REPORT_MILESTONE_LABELS[m] })),
      ],
      errors,
      conflict,
    };
  }
}
