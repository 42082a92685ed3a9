import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { FocusAreasQuery, TrailQuery } from '../../modules/audit';
import { AuditService } from '../../modules/audit';
import { AdminOnly } from '../../modules/auth';
import { type CurrentUser, User } from '../../modules/auth';
import { QualityReportsService } from '../../modules/quality-reports';
import { AGE_AREA_LABELS, AGE_AREA_OPTIONS, UNIT_TYPE_LABELS, withAll } from '../admin-labels';
import { nonEmpty, refusalErrors, str, validateInput } from '../admin-forms';
import { AdminLookups } from '../admin-lookups';
import { stateLabel, trailEventLabel } from '../labels';
import { PageDataService } from '../page-data.service';
import { trailDetail } from './history';
import type { FormError } from '../web-errors';
import { WebPage } from '../web-auth';

const PAGE_SIZE = 50;

/** A trail event in Danish (kept as an export: the trail page's spec reads it). */
export const eventLabel = trailEventLabel;

/** The audit trail (R71, R81) with its filters, and the focus-area overview for the udvalg (R11, R22), from AuditService. */
@ApiExcludeController()
@AdminOnly()
@WebPage()
@Controller()
export class AdminRevisionController {
  constructor(
    private readonly audit: AuditService,
    private readonly reports: QualityReportsService,
    private readonly lookups: AdminLookups,
    private readonly pages: PageDataService,
  ) {}

  @Get('revisionsspor')
  async trail(@Query() raw: Record<string, unknown>, @User() user: CurrentUser, @Res() res: Response) {
    const filters = { unitId: str(raw.unitId), personId: str(raw.personId), from: str(raw.from), to: str(raw.to) };
    const n = Number(str(raw.offset));
    const offset = Number.isInteger(n) && n >= 0 && n <= 1_000_000 ? n : 0;
    const { value, errors } = await validateInput(
      TrailQuery,
      { ...nonEmpty(filters), limit: PAGE_SIZE, offset },
      {},
      { unitId: 'Enhed', personId: 'Udført af', from: 'Fra', to: 'Til' },
    );
    const shown: FormError[] = [...errors];
    let page: Awaited<ReturnType<AuditService['trail']>> = { items: [], total: 0 };
    let status = errors.length ? 400 : 200;
    if (!errors.length) {
      try {
        page = await this.audit.trail(value, user);
      } catch (error) {
        const refusal = refusalErrors(error, (k) => (k === 'from' || k === 'to' ? k : undefined));
        shown.push(...refusal.errors);
        status = refusal.status;
      }
    }
    const units = await this.lookups.unitNames(page.items.map((i) => i.unitId).filter((id): id is string => !!id));
    const obligationNames = await this.pages.obligationNames(page.items.map((i) => i.obligationId));
    const link = (o: number) => `/revisionsspor?${new URLSearchParams({ ...nonEmpty(filters), ...(o > 0 && { offset: String(o) }) }).toString()}`;
    return res.status(status).render('pages/admin/revisionsspor', {
      title: 'Revisionsspor – Kvalitetsloop',
      filters,
      errors: shown,
      items: page.items.map((i) => ({
        ...i,
        unitName: i.unitId ? units.get(i.unitId)?.name ?? '' : '',
        eventLabel: eventLabel(i.event),
        fromLabel: stateLabel(i.fromState),
        toLabel: stateLabel(i.toState),
        // Which obligation and which date ("Dato booket" alone said neither), then the reason.
        detail: trailDetail(i, obligationNames),
        when: new Date(i.at).toLocaleString('da-DK', { timeZone: 'Europe/Copenhagen', dateStyle: 'medium', timeStyle: 'short' }),
      })),
      paging: {
        from: page.total === 0 ? 0 : offset + 1,
        to: Math.min(offset + PAGE_SIZE, page.total),
        total: page.total,
        // The trail counts at most TRAIL_TOTAL_CAP rows (cost per page, README: audit trail).
        capped: page.totalCapped === true,
        previous: offset > 0 ? link(Math.max(0, offset - PAGE_SIZE)) : null,
        next: offset + PAGE_SIZE < page.total ? link(offset + PAGE_SIZE) : null,
      },
      options: {
        unit: withAll((await this.lookups.units()).map((u) => ({ value: u.id, text: `${u.name} (${u.code})` }))),
        person: withAll((await this.lookups.people()).map((p) => ({ value: p.id, text: `${p.name} (${p.email})` }))),
      },
    });
  }

  @Get('fokusomraader')
  async focusAreas(@Query() raw: Record<string, unknown>, @User() user: CurrentUser, @Res() res: Response) {
    const reports = (await this.reports.list({ limit: 200, offset: 0 })).items.filter((r) => r.byraadBehandletOn);
    const filters = { reportId: str(raw.reportId) || (reports[0]?.id ?? '') };
    const model = {
      title: 'Fokusområder – Kvalitetsloop',
      filters,
      reportOptions: reports.map((r) => ({ value: r.id, text: `${AGE_AREA_LABELS[r.ageArea]} ${r.year}` })),
      ageAreaOptions: AGE_AREA_OPTIONS,
    };
    if (!filters.reportId) return res.render('pages/admin/fokusomraader', { ...model, errors: [] });
    const { value, errors } = await validateInput(FocusAreasQuery, { reportId: filters.reportId, limit: 500, offset: 0 }, {}, { reportId: 'Kvalitetsrapport' });
    if (errors.length) return res.status(400).render('pages/admin/fokusomraader', { ...model, errors });
    try {
      const result = await this.audit.focusAreas(value, user);
      return res.render('pages/admin/fokusomraader', {
        ...model,
        errors: [],
        result,
        reportLabel: `${AGE_AREA_LABELS[result.report.ageArea]} ${result.report.year}`,
        items: result.items.map((u) => ({ ...u, typeLabel: UNIT_TYPE_LABELS[u.type] })),
        withAreas: result.items.filter((u) => u.focusAreas.length > 0).length,
      });
    } catch (error) {
      const refusal = refusalErrors(error, () => 'reportId');
      return res.status(refusal.status).render('pages/admin/fokusomraader', { ...model, errors: refusal.errors });
    }
  }
}
