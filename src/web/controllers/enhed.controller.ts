import { Body, Controller, Get, HttpCode, Param, Post, Render, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { ApiExcludeController } from '@nestjs/swagger';
import { Clock } from '../../common/clock';
import { uuidParam } from '../../common/uuid.pipe';
import type { CurrentUser } from '../../modules/auth';
import { User } from '../../modules/auth';
import { AuditService } from '../../modules/audit';
import { AccessService } from '../../modules/obligations';
import { EkstraOpfoelgningService, RecordEkstraDto, TimelineService } from '../../modules/obligations';
import { field, type FormBody, redirectAfterPost as redirect, validateAs } from '../forms';
import { toFormRefusal, type FormError } from '../web-errors';
import { PageDataService } from '../page-data.service';
import { buildTimeline, followUpsInYear } from '../unit-timeline';
import { WebPage } from '../web-auth';
import { SkaerpetTilsynService, TilsynsrapportService } from '../../modules/tilsyn';
import { historyRows } from './history';
import { EnhederService } from '../../modules/organisation';
import { TilsynService } from '../../modules/tilsyn';

@ApiExcludeController()
@WebPage()
@Controller('enheder')
export class EnhedController {
  constructor(
    private readonly access: AccessService,
    private readonly timelines: TimelineService,
    private readonly audit: AuditService,
    private readonly pages: PageDataService,
    private readonly clock: Clock,
    private readonly ekstra: EkstraOpfoelgningService,
    private readonly enheder: EnhederService,
    private readonly tilsyn: TilsynService,
    private readonly rapporter: TilsynsrapportService,
    private readonly skaerpet: SkaerpetTilsynService,
  ) {}

  /** A unit's two-year loop at a glance: the API's timeline, drawn; 404 outside the caller's scope. */
  @Get(':id')
  @Render('pages/enhed')
  async enhed(@Param('id', uuidParam) unitId: string, @User() user: CurrentUser) {
    return this.model(unitId, user, { heldOn: '', note: '' }, []);
  }

  /** R53: the unit's chef or leader records an extra 1:1 follow-up, as POST /api/v1/units/:id/ekstra-opfoelgninger. */
  @Post(':id/ekstra-opfoelgning')
  @HttpCode(200)
  async recordEkstra(@Param('id', uuidParam) unitId: string, @Body() body: FormBody, @User() user: CurrentUser, @Req() req: Request, @Res() res: Response) {
    await this.access.assertCanSeeUnit(user, unitId);
    const form = { heldOn: field(body, 'heldOn'), note: field(body, 'note') };
    try {
      const dto = await validateAs(RecordEkstraDto, { heldOn: form.heldOn, ...(form.note && { note: form.note }) });
      await this.ekstra.record(unitId, dto, user);
    } catch (error) {
      const refusal = toFormRefusal(error, (rule, f) => (rule === 'R53' ? 'ekstra-heldOn' : f?.startsWith('note') ? 'ekstra-note' : 'ekstra-heldOn'), { heldOn: 'Holdt den', note: 'Note' });
      res.status(refusal.status);
      return res.render('pages/enhed', await this.model(unitId, user, form, refusal.errors));
    }
    req.session.flash = { type: 'success', text: 'Den ekstra ledelsesopfølgning er registreret.' };
    return redirect(req, res, `/enheder/${unitId}`);
  }

  /** R93/R95 for the unit page: each enhed's reports, the cases, and the decision form's choices for the administration or the chef. */
  private async statutory(unitId: string, canDecide: boolean) {
    const enheder = await this.rapporter.forUnit(unitId);
    return {
      enheder,
      cases: await this.skaerpet.listForUnit(unitId),
      canDecide: canDecide && enheder.length > 0,
      enhedOptions: enheder.map((e) => ({ value: e.enhedId, text: e.enhedName })),
    };
  }

  private async model(unitId: string, user: CurrentUser, ekstraForm: { heldOn: string; note: string }, ekstraErrors: FormError[]) {
    await this.access.assertCanSeeUnit(user, unitId);
    const today = this.clock.today();
    // The reads are independent of each other: asked at once, the page waits for the slowest, not their sum.
    // R4 and R90: the unit's enheder and the visits the caller may see (R91 hides a secret one here as in the API).
    const [rolesToday, timeline, people, trail, enheder, visitPage] = await Promise.all([
      this.access.rolesToday(user, unitId),
      this.timelines.forUnit(unitId, user),
      this.pages.unitPeople(unitId),
      this.audit.trail({ unitId, limit: 25, offset: 0 }, user),
      this.enheder.enhederOf(unitId),
      this.tilsyn.list({ unitId, limit: 100, offset: 0 }, user),
    ]);
    const visits = visitPage.items;
    const [loop, ...earlier] = timeline.loops;
    const [names, leaderNames, statutory] = await Promise.all([
      this.pages.personNames(loop ? loop.obligations.map((o) => o.subjectKey) : []),
      this.pages.personNames(enheder.map((e) => e.nextLayerLeaderPersonId)),
      this.statutory(unitId, user.admin || rolesToday.includes('chef')),
    ]);
    const year = Number(today.slice(0, 4));
    return {
      title: `${timeline.unit.name} – Enhed – Kvalitetsloop`,
      unit: timeline.unit,
      loop: loop
        ? {
            ...loop,
            svg: buildTimeline(loop, loop.obligations, today),
            followUps: followUpsInYear(loop.obligations, year),
            followUpYear: year,
            rows: loop.obligations.map((o) => ({ ...o, subjectName: o.subjectKey ? names.get(o.subjectKey) ?? '' : '' })),
          }
        : null,
      earlier,
      enheder: enheder.map((e) => ({
        ...e,
        nextLayerLeaderName: e.nextLayerLeaderPersonId ? leaderNames.get(e.nextLayerLeaderPersonId) ?? '' : '',
        visits: visits.filter((v) => v.enhedId === e.id),
      })),
      people: {
        chef: people.filter((p) => p.role === 'chef'),
        leader: people.filter((p) => p.role === 'leader'),
        subLeader: people.filter((p) => p.role === 'subLeader'),
        board: people.filter((p) => p.role === 'board'),
      },
      history: historyRows(trail.items, await this.pages.obligationNames(trail.items.map((i) => i.obligationId))),
      historyTotal: trail.total,
      // R53: the chef or the leader (in office today, R6); the service checks again, on the held date too.
      canRecordEkstra: user.admin || rolesToday.includes('chef') || rolesToday.includes('leader'),
      ekstraForm,
      ekstraErrors,
      today,
      // R93/R95: the enheder's tilsynsrapporter and skærpet tilsyn (partials/lovpligtigt-tilsyn.njk).
      statutory,
      // A board contact sees the board's duties, never the visits themselves (visibility.ts): the page says so.
      boardOnly: !user.admin && rolesToday.includes('board') && !rolesToday.includes('chef') && !rolesToday.includes('leader'),
    };
  }
}
