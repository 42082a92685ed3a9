import { Body, Controller, Get, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { AUDIT_RULES } from '../../../workflows/audit/coverage';
import { Clock } from '../../common/clock';
import { CoverageQuery, type CoverageUnitRow } from '../../modules/audit';
import { AuditService, CoverageExportJob, defaultCoveragePeriod } from '../../modules/audit';
import { AdminOnly } from '../../modules/auth';
import { type CurrentUser, User } from '../../modules/auth';
import { AGE_AREA_OPTIONS, AUDIT_RULE_LABELS, AUDIT_RULE_SHORT, GOVERNANCE_LABELS, GOVERNANCE_OPTIONS, UNIT_TYPE_LABELS, UNIT_TYPE_OPTIONS, withAll } from '../admin-labels';
import { nonEmpty, refusalErrors, str, validateInput } from '../admin-forms';
import { AdminLookups } from '../admin-lookups';
import type { FormError } from '../web-errors';
import { WebPage } from '../web-auth';

const FILTERS = ['from', 'to', 'chefId', 'district', 'type', 'ageArea', 'governance'] as const;
type Filters = Record<(typeof FILTERS)[number], string>;
const FILTER_LABELS = { from: 'Fra', to: 'Til', chefId: 'Chef', district: 'Distrikt', type: 'Enhedstype', ageArea: 'Aldersområde', governance: 'Styreform' };

/** One chef's completed-on-time share: of the obligations whose due date has passed (completed or overdue), how many were done by then. */
export interface ChefBar {
  name: string;
  units: number;
  onTime: number;
  judged: number;
  /** null when nothing had passed its due date: the page says so in words, not "0 af 0 – 0 %". */
  percent: number | null;
}

export function chefBars(items: CoverageUnitRow[]): ChefBar[] {
  const byChef = new Map<string, ChefBar>();
  for (const row of items) {
    const key = row.chef?.id ?? '';
    const bar = byChef.get(key) ?? { name: row.chef?.name ?? 'Enheder uden chef i perioden', units: 0, onTime: 0, judged: 0, percent: null };
    bar.units += 1;
    bar.onTime += row.completedOnTime;
    bar.judged += row.completedOnTime + row.completedLate + row.overdue;
    byChef.set(key, bar);
  }
  return [...byChef.values()]
    .map((b) => ({ ...b, percent: b.judged === 0 ? null : Math.round((100 * b.onTime) / b.judged) }))
    .sort((a, b) => a.name.localeCompare(b.name, 'da'));
}

/**
 * The tilsyn coverage audit (R80–R81) as a page: the API's filters as a GET
 * form, the counts per unit as a table, a grid of units × rule checks and
 * completed-on-time bars per chef, and the same CSV as the API. Everything
 * comes from AuditService.coverage; the page only draws it.
 */
@ApiExcludeController()
@AdminOnly()
@WebPage()
@Controller('tilsyn')
export class AdminTilsynController {
  constructor(
    private readonly audit: AuditService,
    private readonly lookups: AdminLookups,
    private readonly clock: Clock,
    private readonly exports: CoverageExportJob,
  ) {}

  @Get()
  async page(@Query() raw: Record<string, unknown>, @User() user: CurrentUser, @Req() req: Request, @Res() res: Response) {
    const filters = this.filters(raw);
    const { value, errors } = await validateInput(CoverageQuery, nonEmpty(filters), FILTER_LABELS_IDS, FILTER_LABELS);
    let result: Awaited<ReturnType<AuditService['coverage']>> | undefined;
    const shown: FormError[] = [...errors];
    let status = errors.length ? 400 : 200;
    if (!errors.length) {
      try {
        result = await this.audit.coverage(value, user);
      } catch (error) {
        const refusal = refusalErrors(error, (k) => (k === 'from' || k === 'to' ? k : undefined));
        shown.push(...refusal.errors);
        status = refusal.status;
      }
    }
    const query = new URLSearchParams(nonEmpty(filters)).toString();
    // htmx swaps only 2xx answers; its refused filter must still show the error summary.
    if (req.get('HX-Request') === 'true') status = 200;
    return res.status(status).render('pages/admin/tilsyn', {
      title: 'Tilsynsdækning – Kvalitetsloop',
      filters,
      errors: shown,
      result,
      rows: result?.items.map((r) => ({
        ...r,
        typeLabel: UNIT_TYPE_LABELS[r.type],
        governanceLabel: GOVERNANCE_LABELS[r.governance],
        checks: AUDIT_RULES.map((rule) => {
          const c = r.rules.find((x) => x.rule === rule);
          const state = !c || !c.applicable ? 'na' : c.pass ? 'pass' : 'fail';
          return { rule, state, failing: c?.failing.length ?? 0, checked: c?.checked ?? 0 };
        }),
      })),
      // The intro names the columns the grid shows (R63 too), from the same list, so the two cannot drift apart.
      ruleIds: `${AUDIT_RULES.slice(0, -1).join(', ')} og ${AUDIT_RULES[AUDIT_RULES.length - 1]}`,
      rules: AUDIT_RULES.map((rule) => ({ rule, short: AUDIT_RULE_SHORT[rule], text: AUDIT_RULE_LABELS[rule], total: result?.totals.rules.find((t) => t.rule === rule) })),
      bars: result ? chefBars(result.items) : [],
      csvHref: `/tilsyn/tilsynsdaekning.csv${query ? `?${query}` : ''}`,
      exportFields: Object.entries(nonEmpty(filters)).map(([name, value]) => ({ name, value })),
      options: {
        chef: withAll((await this.lookups.chefs()).map((c) => ({ value: c.id, text: c.name }))),
        district: withAll((await this.lookups.districts()).map((d) => ({ value: d, text: d }))),
        type: withAll(UNIT_TYPE_OPTIONS),
        ageArea: withAll(AGE_AREA_OPTIONS),
        governance: withAll(GOVERNANCE_OPTIONS),
      },
    });
  }

  /** The same rows as the API's format=csv, for the same filters; a bad filter is a 400 page like the API's 400. */
  @Get('tilsynsdaekning.csv')
  async csv(@Query() raw: Record<string, unknown>, @User() user: CurrentUser, @Res() res: Response) {
    const filters = this.filters(raw);
    const { value, errors } = await validateInput(CoverageQuery, nonEmpty(filters), FILTER_LABELS_IDS, FILTER_LABELS);
    if (errors.length) {
      return res.status(400).render('pages/fejl', { title: 'Ugyldigt filter – Kvalitetsloop', heading: 'Ugyldigt filter', message: errors.map((e) => e.text).join(' ') });
    }
    // Streamed unit by unit from a cursor, as the API's (issue 15).
    const stream = await this.audit.openCoverageCsv(value, user);
    res.setHeader('Content-Type', 'text/csv; charset=utf-8');
    res.setHeader('Content-Disposition', `attachment; filename="tilsynsdaekning-${value.from}-${value.to}.csv"`);
    stream.on('error', () => res.destroy());
    stream.pipe(res);
  }

  /**
   * The CSV of the slice as a job (issue 15): the whole country takes a
   * minute, longer than a proxy waits. Leads to the job's page, whose
   * progress bar counts units and which then offers the file for download.
   */
  @Post('eksport')
  async export(@Body() body: Record<string, unknown>, @User() user: CurrentUser, @Res() res: Response) {
    const filters = this.filters(body);
    const { value, errors } = await validateInput(CoverageQuery, nonEmpty(filters), FILTER_LABELS_IDS, FILTER_LABELS);
    if (errors.length) {
      return res.status(400).render('pages/fejl', { title: 'Ugyldigt filter – Kvalitetsloop', heading: 'Ugyldigt filter', message: errors.map((e) => e.text).join(' ') });
    }
    const job = await this.exports.start(value, user);
    return res.redirect(303, `/job/${job.id}`);
  }

  /** The filters as the form shows them; the period defaults to this calendar year. */
  private filters(raw: Record<string, unknown>): Filters {
    const period = defaultCoveragePeriod(this.clock.today());
    const f = Object.fromEntries(FILTERS.map((k) => [k, str(raw[k])])) as Filters;
    if (!f.from && !('from' in raw)) f.from = period.from;
    if (!f.to && !('to' in raw)) f.to = period.to;
    return f;
  }
}

const FILTER_LABELS_IDS = { from: 'from', to: 'to', chefId: 'chefId', district: 'district', type: 'type', ageArea: 'ageArea', governance: 'governance' };
