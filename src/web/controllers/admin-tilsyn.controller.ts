import { Body, Controller, ForbiddenException, Get, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { AUDIT_RULES, STATUTORY_AUDIT_RULES } from '../../../workflows/audit/coverage';
import { Clock } from '../../common/clock';
import { CoverageQuery, type CoverageUnitRow } from '../../modules/audit';
import { AuditService, CoverageExportJob, defaultCoveragePeriod } from '../../modules/audit';
import { User } from '../../modules/auth';
import { AGE_AREA_OPTIONS, AUDIT_RULE_LABELS, AUDIT_RULE_SHORT, GOVERNANCE_LABELS, GOVERNANCE_OPTIONS, UNIT_TYPE_LABELS, UNIT_TYPE_OPTIONS, withAll } from '../admin-labels';
import { countOf, danishList } from '../labels';
import { nonEmpty, refusalErrors, str, validateInput } from '../admin-forms';
import { AdminLookups } from '../admin-lookups';
import { statutoryCells, statutorySummary } from '../tilsyn-statutory-view';
import type { FormError } from '../web-errors';
import { WebPage, type WebUser } from '../web-auth';
import { pageNumbers } from './overblik.controller';

/** The API's filters (CoverageQuery) the page passes on, in the form's order; `unitId` comes from the unit search (`enhed`) or a link. */
const FILTERS = ['from', 'to', 'chefId', 'district', 'type', 'ageArea', 'governance', 'special', 'unitId'] as const;
type Filters = Record<(typeof FILTERS)[number], string>;
const FILTER_LABELS = {
  from: 'Fra',
  to: 'Til',
  chefId: 'Chef',
  district: 'Distrikt',
  type: 'Enhedstype',
  ageArea: 'Aldersområde',
  governance: 'Styreform',
  special: 'Specialtilbud',
  unitId: 'Enhed',
};
/** The API says "special skal være ja eller nej"; the page's select says Kun/Uden. */
const SPECIAL_OPTIONS = [
  { value: '', text: 'Alle' },
  { value: 'ja', text: 'Kun specialtilbud' },
  { value: 'nej', text: 'Uden specialtilbud' },
];
/** Units per page of the grid and the table (the API's limit; the totals and the CSV cover the whole slice). */
export const TILSYN_PAGE_SIZE = 100;
/** At most this many units are offered when a unit search matches several. */
const UNIT_CHOICES = 20;

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
@WebPage()
@Controller('tilsyn')
export class AdminTilsynController {
  constructor(
    private readonly audit: AuditService,
    private readonly lookups: AdminLookups,
    private readonly clock: Clock,
    private readonly exports: CoverageExportJob,
  ) {}

  /**
   * The page for the filters in the address (GET, so a link or a bookmark is the slice): `from`, `to`, `chefId`,
   * `district`, `type`, `ageArea`, `governance`, `special` (ja/nej), `unitId` — the API's names and values — plus `enhed`
   * (a unit's code or part of its name, resolved to `unitId`) and `side` (1-based page of TILSYN_PAGE_SIZE units).
   * Administrators and chefs (a chef sees what the API shows them: the units they were chef of in the period, R3).
   * A bad filter is a 400 page whose error summary names the field; nothing else is refused.
   */
  @Get()
  async page(@Query() raw: Record<string, unknown>, @User() user: WebUser, @Req() req: Request, @Res() res: Response) {
    assertMayAudit(user);
    const filters = this.filters(raw);
    const unit = await this.unitFilter(raw, filters, user);
    filters.unitId = unit.unitId;
    const side = pageOf(raw.side);
    const { value, errors } = await validateInput(CoverageQuery, nonEmpty(filters), FILTER_LABELS_IDS, FILTER_LABELS);
    const chefs = user.admin ? await this.lookups.chefs() : [];
    const shown: FormError[] = [...unit.errors, ...errors.map(friendlier), ...unknownChef(filters.chefId, chefs, errors), ...side.errors];
    let result: Awaited<ReturnType<AuditService['coverage']>> | undefined;
    let status = shown.length ? 400 : 200;
    if (!shown.length) {
      try {
        value.limit = TILSYN_PAGE_SIZE;
        value.offset = (side.page - 1) * TILSYN_PAGE_SIZE;
        result = await this.audit.coverage(value, user);
        // A page past the end (an old link, an edited address) is said, not shown as "0–100 af 87" with zero counts.
        if (result.items.length === 0 && side.page > 1) {
          const last = Math.max(1, Math.ceil(result.total / TILSYN_PAGE_SIZE));
          shown.push({ text: `Side: der er kun ${countOf(last, 'side', 'sider')} med disse filtre` });
          status = 400;
          result = undefined;
        }
      } catch (error) {
        const refusal = refusalErrors(error, (k) => (k === 'from' || k === 'to' ? k : undefined));
        shown.push(...refusal.errors);
        status = refusal.status;
      }
    }
    const query = new URLSearchParams(nonEmpty(filters)).toString();
    // htmx swaps only 2xx answers; its refused filter must still show the error summary.
    if (req.get('HX-Request') === 'true') status = 200;
    const today = this.clock.today();
    // The statutory part is as of the period's end, never after today: the same day AuditService judges it on.
    const asOf = result && result.to < today ? result.to : today;
    const rows = result?.items.map((r) => ({
      ...r,
      typeLabel: UNIT_TYPE_LABELS[r.type],
      governanceLabel: GOVERNANCE_LABELS[r.governance],
      checks: AUDIT_RULES.map((rule) => {
        const c = r.rules.find((x) => x.rule === rule);
        const state = !c || !c.applicable ? 'na' : c.pass ? 'pass' : 'fail';
        return { rule, state, failing: c?.failing.length ?? 0, checked: c?.checked ?? 0 };
      }),
      cells: statutoryCells(r.statutory, asOf),
    }));
    const pages = result ? Math.max(1, Math.ceil(result.total / TILSYN_PAGE_SIZE)) : 1;
    const summary = rows ? statutorySummary(rows) : undefined;
    return res.status(status).render('pages/admin/tilsyn', {
      title: 'Tilsynsdækning – Kvalitetsloop',
      admin: user.admin,
      filters: { ...filters, enhed: unit.enhed },
      errors: shown,
      unitChoices: unit.choices,
      result,
      rows,
      // The intro names the grid's columns from the one list (AUDIT_COLUMNS = AUDIT_RULES + STATUTORY_AUDIT_RULES).
      ruleIds: danishList(AUDIT_RULES),
      statutoryIds: danishList(STATUTORY_AUDIT_RULES),
      rules: AUDIT_RULES.map((rule) => ({ rule, short: AUDIT_RULE_SHORT[rule], text: AUDIT_RULE_LABELS[rule], total: result?.totals.rules.find((t) => t.rule === rule) })),
      statutoryRules: STATUTORY_AUDIT_RULES.map((rule) => ({
        rule,
        short: AUDIT_RULE_SHORT[rule],
        text: AUDIT_RULE_LABELS[rule],
        failed: rule === 'R95' ? summary?.unitsUnderSkaerpet ?? 0 : summary?.failing[rule] ?? 0,
      })),
      summary,
      // The statutory counts are of the page's units (the API judges them only for the units it returns).
      summaryOfPage: !!result && result.total > (rows?.length ?? 0),
      asOf,
      bars: result ? chefBars(result.items) : [],
      pagination: {
        current: side.page,
        total: pages,
        numbers: pageNumbers(side.page, pages),
        base: `/tilsyn?${query ? `${query}&` : ''}side=`,
      },
      shownFrom: result && result.items.length ? (side.page - 1) * TILSYN_PAGE_SIZE + 1 : 0,
      shownTo: result ? (side.page - 1) * TILSYN_PAGE_SIZE + result.items.length : 0,
      csvHref: `/tilsyn/tilsynsdaekning.csv${query ? `?${query}` : ''}`,
      exportFields: Object.entries(nonEmpty(filters)).map(([name, value]) => ({ name, value })),
      options: {
        // A chef's slice is their own (R3): the API answers another chef's id with nothing, so the page does not offer it.
        chef: user.admin ? withAll(chefs.map((c) => ({ value: c.id, text: c.name }))) : [],
        district: withAll((await this.lookups.districts()).map((d) => ({ value: d, text: d }))),
        type: withAll(UNIT_TYPE_OPTIONS),
        ageArea: withAll(AGE_AREA_OPTIONS),
        governance: withAll(GOVERNANCE_OPTIONS),
        special: SPECIAL_OPTIONS,
      },
    });
  }

  /**
   * The unit filter: `enhed` (the form's search: a unit's code, or part of its name or code) resolved to one unit's id;
   * without it `unitId` from a link, shown in the search field as the unit's code. Several matches: an error naming the
   * field and links to the first UNIT_CHOICES; none: an error. A chef searches only the units they have been chef of,
   * so the search names no unit the audit would not show them.
   */
  private async unitFilter(raw: Record<string, unknown>, filters: Filters, user: WebUser): Promise<{ unitId: string; enhed: string; errors: FormError[]; choices: { href: string; text: string }[] }> {
    const enhed = str(raw.enhed);
    if (!enhed) {
      const known = UUID.test(filters.unitId) ? await this.lookups.unitRef(filters.unitId, user.admin ? null : user.personId) : undefined;
      return { unitId: filters.unitId, enhed: known?.code ?? '', errors: [], choices: [] };
    }
    if (enhed.length > 100) return { unitId: '', enhed, errors: [{ field: 'enhed', text: 'Enhed: højst 100 tegn' }], choices: [] };
    const matches = await this.lookups.unitsMatching(enhed, user.admin ? null : user.personId, UNIT_CHOICES + 1);
    if (matches.length === 1) return { unitId: matches[0]!.id, enhed: matches[0]!.code, errors: [], choices: [] };
    if (matches.length === 0) return { unitId: '', enhed, errors: [{ field: 'enhed', text: `Enhed: ingen enhed har koden eller et navn med »${enhed}«` }], choices: [] };
    const rest = new URLSearchParams(nonEmpty({ ...filters, unitId: '' }));
    const choices = matches.slice(0, UNIT_CHOICES).map((m) => {
      const q = new URLSearchParams(rest);
      q.set('unitId', m.id);
      return { href: `/tilsyn?${q.toString()}`, text: `${m.name} (${m.code})` };
    });
    const many = matches.length > UNIT_CHOICES ? `mere end ${UNIT_CHOICES}` : `${matches.length}`;
    return { unitId: '', enhed, errors: [{ field: 'enhed', text: `Enhed: ${many} enheder passer på »${enhed}« – vælg en af dem herunder, eller skriv mere af navnet eller koden` }], choices };
  }

  /** The same rows as the API's format=csv, for the same filters; a bad filter is a 400 page like the API's 400. */
  @Get('tilsynsdaekning.csv')
  async csv(@Query() raw: Record<string, unknown>, @User() user: WebUser, @Res() res: Response) {
    assertMayAudit(user);
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
  async export(@Body() body: Record<string, unknown>, @User() user: WebUser, @Res() res: Response) {
    assertMayAudit(user);
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

const FILTER_LABELS_IDS = {
  from: 'from',
  to: 'to',
  chefId: 'chefId',
  district: 'district',
  type: 'type',
  ageArea: 'ageArea',
  governance: 'governance',
  special: 'special',
  // The form's unit field is the search; a bad unitId (a hand-edited link) is reported there.
  unitId: 'enhed',
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The API's words for the select-like filters and the ids from the address, as the page's fields say them. */
function friendlier(e: FormError): FormError {
  if (e.field === 'special') return { ...e, text: 'Specialtilbud: vælg Alle, Kun specialtilbud eller Uden specialtilbud' };
  if (e.field === 'enhed') return { ...e, text: 'Enhed: adressens enheds-id er ugyldigt – søg enheden frem med kode eller navn' };
  // The API's »skal være et UUID« means nothing on a page whose chef is chosen from a list (a hand-edited address).
  if (e.field === 'chefId') return { ...e, text: 'Chef: adressens chef-id er ugyldigt – vælg chefen i listen' };
  return e;
}

/**
 * An administrator's `chefId` that is an id but nobody's who has been chef (a hand-edited or old address): said as a
 * malformed one is, instead of an empty grid under a Chef list reading "Alle" (newcomer D2). A chef has no chef filter.
 */
function unknownChef(chefId: string, chefs: readonly { id: string }[], errors: readonly FormError[]): FormError[] {
  if (!chefId || chefs.length === 0 || errors.some((e) => e.field === 'chefId') || chefs.some((c) => c.id === chefId.toLowerCase())) return [];
  return [friendlier({ field: 'chefId', text: '' })];
}

/** `side` from the address: 1 when absent, else a whole number from 1 (a bad one is the page's 400, not a 500). */
function pageOf(value: unknown): { page: number; errors: FormError[] } {
  const v = str(value);
  if (v === '') return { page: 1, errors: [] };
  if (!/^\d{1,6}$/.test(v) || Number(v) < 1) return { page: 1, errors: [{ text: 'Side: skal være et helt tal fra 1 og op' }] };
  return { page: Number(v), errors: [] };
}


/**
 * The audit is for the administration and for chefs (R80: "chef" is one of its slices; the API answers a chef with
 * their own units). Anyone else gets the API's 403 rather than an always-empty page.
 */
function assertMayAudit(user: WebUser): void {
  if (!user.admin && !user.isChef) throw new ForbiddenException('Kun for forvaltningen og chefer');
}
