import { Controller, Get, Query, Render, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { addDays } from '../../../workflows/calendar/local-date';
import { Clock } from '../../common/clock';
import type { CurrentUser } from '../../modules/auth';
import { User } from '../../modules/auth';
import { MeService, type UpcomingItem } from '../../modules/me';
import { canActOn } from '../../modules/obligations';
import { WebPage, type WebUser } from '../web-auth';

/** One obligation of the list, as GET /api/v1/me/upcoming answers it. */
type Row = UpcomingItem;

/** How far ahead Mit overblik looks: the next six weeks. */
const HORIZON_DAYS = 42;

/** The counts at the top double as filters (links, so they work without JS). */
const FILTERS: { key: string; label: string; test: (i: OverblikItem) => boolean }[] = [
  { key: 'alle', label: 'i alt', test: () => true },
  { key: 'overskredne', label: 'overskredne', test: (i) => i.state === 'overdue' },
  { key: 'aabne', label: 'åbne nu', test: (i) => i.state !== 'overdue' && i.openNow },
  { key: 'snart', label: 'åbner snart', test: (i) => !i.openNow },
  { key: 'booket', label: 'med booket dato', test: (i) => i.state === 'scheduled' },
];

export interface OverblikItem {
  id: string;
  unitId: string;
  unitName: string;
  kind: string;
  sequence: number;
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
    private readonly me: MeService,
    private readonly clock: Clock,
  ) {}

  /**
   * Mit overblik: the API's own "upcoming" (overdue first, then by date), split
   * by the part the caller plays in each obligation.
   */
  @Get()
  @Render('pages/overblik')
  async overblik(@User() user: CurrentUser, @Query('vis') vis: string | undefined, @Res({ passthrough: true }) res: Response) {
    const filter = FILTERS.find((f) => f.key === vis) ?? FILTERS[0]!;
    const web = res.locals.user as WebUser;
    const today = this.clock.today();
    const upcoming = await this.me.upcoming(user, HORIZON_DAYS, 1000, 0);
    // The API's rows carry everything the page shows (people, names, what canActOn reads), so the page adds no
    // query of its own: loading the same rows again as entities cost more than the list at national scale.
    const rows: Row[] = upcoming.items;
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
    const unitNames = new Map(upcoming.items.map((i) => [i.unitId, i.unitName]));
    const item = (o: Row): OverblikItem => ({
      id: o.id,
      unitId: o.unitId,
      unitName: unitNames.get(o.unitId) ?? '',
      kind: o.kind,
      sequence: o.sequence,
      opensOn: o.opensOn,
      dueOn: o.dueOn,
      scheduledOn: o.scheduledOn,
      state: o.state,
      openNow: o.opensOn <= today,
      canAct: canActOn(user, o),
      people: peopleOf(o, names, user.personId),
    });
    const me = user.personId;
    const all = rows.map(item);
    const shown = new Set(all.filter(filter.test).map((i) => i.id));
    const chef: Row[] = [];
    const leaderMine: Row[] = [];
    const leaderUnit: Row[] = [];
    const board: Row[] = [];
    const own: Row[] = [];
    for (const o of rows) {
      if (!shown.has(o.id)) continue;
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
      filters: FILTERS.map((f) => ({ key: f.key, label: f.label, current: f === filter, count: all.filter(f.test).length })),
      filter: filter.key,
      title: 'Mit overblik – Kvalitetsloop',
      horizonEnd: addDays(today, HORIZON_DAYS),
      today,
      total: upcoming.total,
      chefUnits,
      leaderMine: leaderMine.map(item),
      leaderUnit: leaderUnit.map(item),
      board: board.map(item),
      own: own.map(item),
      myUnits: uniqueUnits(web),
    };
  }
}

/** "Leder: Mette Kjær · Bestyrelse: …": the other people involved, for the chef's list. */
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
  if (o.kind === 'ledelsesopfoelgning' && o.subjectKey) add('Med', o.subjectKey);
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
