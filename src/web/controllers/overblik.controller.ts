import { Controller, Get, Query, Render, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { addDays } from '../../../workflows/calendar/local-date';
import { followUpWith } from '../labels';
import { Clock } from '../../common/clock';
import type { CurrentUser } from '../../modules/auth';
import { User } from '../../modules/auth';
import { OverblikService, type OverblikFilter, type UpcomingItem } from '../../modules/me';
import { canActOn } from '../../modules/obligations';
import { WebPage, type WebUser } from '../web-auth';

/** One obligation of the list, as GET /api/v1/me/upcoming answers it. */
type Row = UpcomingItem;

/** How far ahead Mit overblik looks: the next six weeks. */
const HORIZON_DAYS = 42;

/**
 * The counts at the top double as filters (links, so they work without JS).
 * Their definitions are SQL, in one place: OVERBLIK_FILTERS (src/modules/me).
 */
const FILTERS: { key: OverblikFilter; label: string }[] = [
  { key: 'alle', label: 'i alt' },
  { key: 'overskredne', label: 'overskredne' },
  { key: 'aabne', label: 'åbne nu' },
  { key: 'snart', label: 'åbner snart' },
  { key: 'booket', label: 'med booket dato' },
];

/**
 * Rows per page. A chef with 100 units has ~2,000 rows in six weeks; a page
 * of 100 is what a person reads at once and costs one page of SQL. `?antal=`
 * (10–200) chooses another size, e.g. for the browser journey on demo data.
 */
export const OVERBLIK_PAGE_SIZE = 100;
const MIN_PAGE_SIZE = 10;
const MAX_PAGE_SIZE = 200;

export interface OverblikItem {
  id: string;
  unitId: string;
  unitName: string;
  kind: string;
  sequence: number;
  /** For the name: a visit's "<cycle>:<anmeldt|uanmeldt>" (obligationName). */
  subjectKey: string;
  /** For the name: the tilsynsenhed (R4), null for the unit's implicit one. */
  enhedName: string | null;
  /** For the name: R51's next-layer leader, unless that is the reader. */
  subjectName: string | null;
  opensOn: string;
  dueOn: string;
  scheduledOn: string | null;
  state: string;
  /** Open now (the window has begun), or only opening within the horizon. */
  openNow: boolean;
  canAct: boolean;
  people: string;
}

@ApiExcludeController()
@WebPage()
@Controller()
export class OverblikController {
  constructor(
    private readonly overblikService: OverblikService,
    private readonly clock: Clock,
  ) {}

  /**
   * Mit overblik: the rows of GET /api/v1/me/upcoming (overdue first, then by
   * date), counted per filter in SQL and shown one page at a time (`?side=`,
   * 1-based; `?antal=` rows per page), split by the part the caller plays in
   * each obligation. A page number past the end shows the last page; values
   * that are not numbers are read as the default (a link, not a form field).
   */
  @Get()
  @Render('pages/overblik')
  async overblik(
    @User() user: CurrentUser,
    @Query('vis') vis: string | undefined,
    @Query('side') side: string | undefined,
    @Query('antal') antal: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ) {
    const filter = FILTERS.find((f) => f.key === vis) ?? FILTERS[0]!;
    const web = res.locals.user as WebUser;
    const today = this.clock.today();
    const size = clamp(intOr(antal, OVERBLIK_PAGE_SIZE), MIN_PAGE_SIZE, MAX_PAGE_SIZE);
    const asked = Math.max(1, intOr(side, 1));
    // Counts and the asked page at once; only a page past the end is read again (as the last page).
    const [counts, askedRows] = await Promise.all([
      this.overblikService.counts(user, HORIZON_DAYS),
      this.overblikService.page(user, HORIZON_DAYS, filter.key, size, (asked - 1) * size),
    ]);
    const total = counts[filter.key];
    const pages = Math.max(1, Math.ceil(total / size));
    const current = Math.min(asked, pages);
    const paged: Row[] = current === asked ? askedRows : await this.overblikService.page(user, HORIZON_DAYS, filter.key, size, (current - 1) * size);
    // In the list's one total order (UPCOMING_ORDER in src/modules/me): the page reads in the order pages are cut.
    const rows = paged;
    // The rows carry everything the page shows (people, names, what canActOn reads), so the page adds no query of its own.
    const names = new Map<string, string>();
    for (const o of rows) {
      for (const [id, name] of [
        [o.chefPersonId, o.chefPersonName],
        [o.leaderPersonId, o.leaderPersonName],
        [o.responsiblePersonId, o.responsiblePersonName],
        [o.naesteLedelseslagPersonId, o.naesteLedelseslagPersonName],
      ] as const) {
        if (id && name !== null && name !== undefined) names.set(id, name);
      }
    }
    const unitNames = new Map(rows.map((i) => [i.unitId, i.unitName]));
    const item = (o: Row): OverblikItem => ({
      id: o.id,
      unitId: o.unitId,
      unitName: unitNames.get(o.unitId) ?? '',
      kind: o.kind,
      sequence: o.sequence,
      subjectKey: o.subjectKey,
      enhedName: o.enhedName,
      subjectName: withWhom(o, user.personId),
      opensOn: o.opensOn,
      dueOn: o.dueOn,
      scheduledOn: o.scheduledOn,
      state: o.state,
      openNow: o.opensOn <= today,
      canAct: canActOn(user, o),
      people: peopleOf(o, names, user.personId),
    });
    const me = user.personId;
    const chef: Row[] = [];
    const leaderMine: Row[] = [];
    const leaderUnit: Row[] = [];
    const board: Row[] = [];
    const own: Row[] = [];
    for (const o of rows) {
      if (o.chefPersonId === me && (o.responsibleRole === 'chef' || o.responsibleRole === 'leader' || o.responsibleRole === 'board')) chef.push(o);
      else if (o.leaderPersonId === me) (o.responsibleRole === 'leader' || o.responsibleRole === 'chef' ? leaderMine : leaderUnit).push(o);
      else if (o.responsibleRole === 'board' && o.responsiblePersonId === me) board.push(o);
      else own.push(o);
    }
    const byUnit = new Map<string, { unitId: string; unitName: string; items: OverblikItem[] }>();
    for (const o of chef) {
      const group = byUnit.get(o.unitId) ?? { unitId: o.unitId, unitName: unitNames.get(o.unitId) ?? '', items: [] };
      group.items.push(item(o));
      byUnit.set(o.unitId, group);
    }
    // Units with something overdue first, then by name.
    const chefUnits = [...byUnit.values()].sort(
      (a, b) => Number(b.items.some((i) => i.state === 'overdue')) - Number(a.items.some((i) => i.state === 'overdue')) || a.unitName.localeCompare(b.unitName, 'da'),
    );
    return {
      filters: FILTERS.map((f) => ({ key: f.key, label: f.label, current: f === filter, count: counts[f.key] })),
      filter: filter.key,
      pagination: {
        current,
        total: pages,
        numbers: pageNumbers(current, pages),
        // The filter and a chosen page size survive paging; the default size stays out of the address.
        base: `/?vis=${filter.key}${size === OVERBLIK_PAGE_SIZE ? '' : `&antal=${size}`}&side=`,
      },
      shownFrom: total === 0 ? 0 : (current - 1) * size + 1,
      shownTo: (current - 1) * size + rows.length,
      title: pages > 1 ? `Mit overblik, side ${current} af ${pages} – Kvalitetsloop` : 'Mit overblik – Kvalitetsloop',
      horizonEnd: addDays(today, HORIZON_DAYS),
      today,
      total: counts.alle,
      filterTotal: total,
      chefUnits,
      leaderMine: leaderMine.map(item),
      leaderUnit: leaderUnit.map(item),
      board: board.map(item),
      own: own.map(item),
      myUnits: uniqueUnits(web),
    };
  }
}

/** followUpWith (workflows/labels.ts) of a row of GET /api/v1/me/upcoming for reader `me`. */
function withWhom(o: Row, me: string): string | null {
  return followUpWith(
    {
      kind: o.kind,
      chefPersonId: o.chefPersonId,
      chefName: o.chefPersonName,
      leaderPersonId: o.leaderPersonId,
      leaderName: o.leaderPersonName,
      naesteLedelseslagPersonId: o.naesteLedelseslagPersonId,
      naesteLedelseslagName: o.naesteLedelseslagPersonName,
    },
    me,
  );
}

/** "Leder: Mette Kjær · Bestyrelse: …": the other people involved, for the chef's list (R51's subject is in the name). */
function peopleOf(o: Row, names: Map<string, string>, me: string): string {
  const parts: string[] = [];
  const add = (label: string, id: string | null) => {
    if (id && id !== me && names.has(id)) parts.push(`${label}: ${names.get(id)}`);
  };
  add('Chef', o.chefPersonId);
  add('Leder', o.leaderPersonId);
  if (o.responsiblePersonId !== o.leaderPersonId && o.responsiblePersonId !== o.chefPersonId) {
    add(o.responsibleRole === 'board' ? 'Bestyrelse' : 'Ansvarlig', o.responsiblePersonId);
  }
  return [...new Set(parts)].join(' · ');
}

function uniqueUnits(user: WebUser): { unitId: string; unitName: string; roles: string[] }[] {
  const map = new Map<string, { unitId: string; unitName: string; roles: string[] }>();
  for (const r of user.roles) {
    const entry = map.get(r.unitId) ?? { unitId: r.unitId, unitName: r.unitName, roles: [] };
    entry.roles.push(r.role);
    map.set(r.unitId, entry);
  }
  return [...map.values()];
}

function intOr(raw: string | undefined, fallback: number): number {
  const n = Number(raw);
  return raw !== undefined && raw !== '' && Number.isInteger(n) ? n : fallback;
}

function clamp(n: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, n));
}

/** The page numbers to link: first, last and two around the current one; 0 marks an ellipsis. */
export function pageNumbers(current: number, total: number): number[] {
  const shown = [...new Set([1, current - 2, current - 1, current, current + 1, current + 2, total])].filter((n) => n >= 1 && n <= total).sort((a, b) => a - b);
  const out: number[] = [];
  for (const n of shown) {
    const last = out[out.length - 1];
    if (last !== undefined && n - last === 2) out.push(n - 1);
    else if (last !== undefined && n - last > 2) out.push(0);
    out.push(n);
  }
  return out;
}
