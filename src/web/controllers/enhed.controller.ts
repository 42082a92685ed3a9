import { Controller, Get, Param, Render } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Clock } from '../../common/clock';
import { uuidParam } from '../../common/uuid.pipe';
import type { CurrentUser } from '../../modules/auth';
import { User } from '../../modules/auth';
import { AuditService } from '../../modules/audit';
import { AccessService } from '../../modules/obligations';
import { TimelineService } from '../../modules/obligations';
import { PageDataService } from '../page-data.service';
import { buildTimeline, followUpsInYear } from '../unit-timeline';
import { WebPage } from '../web-auth';
import { historyRows } from './history';

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
  ) {}

  /** A unit's two-year loop at a glance: the API's timeline, drawn; 404 outside the caller's scope. */
  @Get(':id')
  @Render('pages/enhed')
  async enhed(@Param('id', uuidParam) unitId: string, @User() user: CurrentUser) {
    await this.access.assertCanSeeUnit(user, unitId);
    const today = this.clock.today();
    const timeline = await this.timelines.forUnit(unitId, user);
    const [loop, ...earlier] = timeline.loops;
    const people = await this.pages.unitPeople(unitId);
    const trail = await this.audit.trail({ unitId, limit: 25, offset: 0 }, user);
    const names = await this.pages.personNames(loop ? loop.obligations.map((o) => o.subjectKey) : []);
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
      people: {
        chef: people.filter((p) => p.role === 'chef'),
        leader: people.filter((p) => p.role === 'leader'),
        subLeader: people.filter((p) => p.role === 'subLeader'),
        board: people.filter((p) => p.role === 'board'),
      },
      history: historyRows(trail.items),
      historyTotal: trail.total,
    };
  }
}
