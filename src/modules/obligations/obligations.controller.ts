import { BadRequestException, Body, Controller, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import { ApiAcceptedResponse, ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { acceptJob, JobAccepted } from '../jobs';
import { DatapakkeJob } from './datapakke.job';
import { Clock } from '../../common/clock';
import { uuidParam } from '../../common/uuid.pipe';
import { CachedRead } from '../../database/cached-read.interceptor';
import { AdminOnly, CurrentUser, User } from '../auth';
import { AccessService } from './access.service';
import {
  CompleteDto,
  ListObligationsQuery,
  ObligationPage,
  ObligationResponse,
  PublishDatapakkerDto,
  ReasonDto,
  ReviewDto,
  ScheduleDto,
  ScheduledObligationResponse,
} from './dto/obligation.dto';
import type { Obligation } from './obligation.entities';
import { PersonNamesService } from '../organisation';
import { toObligationResponse } from './obligation.mapper';
import { bookingWarnings, ObligationsService } from './obligations.service';
import { TimelineService } from './timeline.service';

@ApiTags('forpligtelser')
@ApiBearerAuth()
@Controller('api/v1')
export class ObligationsController {
  constructor(
    private readonly obligations: ObligationsService,
    private readonly access: AccessService,
    private readonly timelines: TimelineService,
    private readonly names: PersonNamesService,
    private readonly datapakkeJob: DatapakkeJob,
    private readonly clock: Clock,
  ) {}

  private async withNames(o: Obligation) {
    return toObligationResponse(o, await this.names.forObligations([o]));
  }

  @Get('units/:id/obligations')
  @CachedRead()
  @ApiOperation({ summary: 'En enheds forpligtelser (R70), filtreret på forfaldsdato, art og tilstand' })
  @ApiOkResponse({ type: ObligationPage })
  async forUnit(@Param('id', uuidParam) unitId: string, @Query() query: ListObligationsQuery, @User() user: CurrentUser) {
    // One statement for page, total and names; the unit's own visibility check only when nothing is visible in it
    // (a visible obligation in the unit already proves the caller may see the unit), so a unit one may not see stays a 404.
    const page = await this.obligations.listForUnitNamed(unitId, query, this.access.listFilter(user, '$2', '$3'), user.personId);
    if (page.total === 0) await this.access.assertCanSeeUnit(user, unitId);
    return { items: page.items.map((o) => toObligationResponse(o, page.names, user)), total: page.total };
  }

  @Get('units/:id/timeline')
  @ApiOperation({ summary: 'En enheds tidslinje: loops, runder, forpligtelser, fokusområder og aftaler' })
  async timeline(@Param('id', uuidParam) unitId: string, @User() user: CurrentUser) {
    await this.access.assertCanSeeUnit(user, unitId);
    return this.timelines.forUnit(unitId, user, await this.access.rolesToday(user, unitId));
  }

  @Get('obligations/:id')
  @ApiOkResponse({ type: ObligationResponse })
  async get(@Param('id', uuidParam) id: string, @User() user: CurrentUser) {
    const o = await this.obligations.get(id);
    await this.access.assertCanSee(user, o);
    // R62/R63: a board report shows the chef's review and decision.
    const review = o.kind === 'tilsynsafrapportering' ? await this.obligations.reviewOf(o.id) : null;
    return { ...toObligationResponse(o, await this.names.forObligations([o]), user), completion: o.completion, ...(review && { review }) };
  }

  @Post('obligations/:id/schedule')
  @HttpCode(200)
  @ApiOperation({ summary: 'Book en dato (planned → scheduled)' })
  @ApiOkResponse({ type: ScheduledObligationResponse })
  async schedule(@Param('id', uuidParam) id: string, @Body() dto: ScheduleDto, @User() user: CurrentUser) {
    await this.access.assertCanAct(user, await this.obligations.get(id));
    const { date, version, ...slot } = dto;
    const o = await this.obligations.schedule(id, date, user, version, slot);
    return { ...toObligationResponse(o, await this.names.forObligations([o]), user), warnings: bookingWarnings(o, this.clock.today()) };
  }

  @Post('obligations/:id/complete')
  @HttpCode(200)
  @ApiOperation({ summary: 'Bekræft at forpligtelsen er gennemført; en læringssamtale tjekkes mod R22–R28 og R41' })
  @ApiOkResponse({ type: ObligationResponse })
  async complete(@Param('id', uuidParam) id: string, @Body() dto: CompleteDto, @User() user: CurrentUser) {
    await this.access.assertCanAct(user, await this.obligations.get(id));
    const { version, ...input } = dto;
    return this.withNames(await this.obligations.complete(id, input, user, version));
  }

  @Post('obligations/:id/cancel')
  @HttpCode(200)
  @ApiOperation({ summary: 'Annullér (kun administrator, med begrundelse — R71)' })
  @ApiOkResponse({ type: ObligationResponse })
  async cancel(@Param('id', uuidParam) id: string, @Body() dto: ReasonDto, @User() user: CurrentUser) {
    await this.access.assertCanSee(user, await this.obligations.get(id));
    return this.withNames(await this.obligations.cancel(id, dto.reason, user, dto.version));
  }

  @Post('obligations/:id/waive')
  @HttpCode(200)
  @ApiOperation({ summary: 'Fritag (kun administrator, med begrundelse — R71, R41)' })
  @ApiOkResponse({ type: ObligationResponse })
  async waive(@Param('id', uuidParam) id: string, @Body() dto: ReasonDto, @User() user: CurrentUser) {
    await this.access.assertCanSee(user, await this.obligations.get(id));
    return this.withNames(await this.obligations.waive(id, dto.reason, user, dto.version));
  }

  @Post('obligations/:id/reopen')
  @HttpCode(200)
  @ApiOperation({ summary: 'Genåbn (kun administrator, med begrundelse — R71)' })
  @ApiOkResponse({ type: ObligationResponse })
  async reopen(@Param('id', uuidParam) id: string, @Body() dto: ReasonDto, @User() user: CurrentUser) {
    await this.access.assertCanSee(user, await this.obligations.get(id));
    return this.withNames(await this.obligations.reopen(id, dto.reason, user, dto.version));
  }

  @Post('obligations/:id/review')
  @HttpCode(200)
  @ApiOperation({ summary: 'Chefens vurdering af bestyrelsens tilsynsafrapportering (R62)' })
  async review(@Param('id', uuidParam) id: string, @Body() dto: ReviewDto, @User() user: CurrentUser) {
    const o = await this.obligations.get(id);
    await this.access.assertCanSee(user, o);
    const review = await this.obligations.reviewBoardReport(id, dto.decision, { ...user, chef: o.chefPersonId === user.personId });
    const names = review.decidedBy ? await this.names.forObligations([{ kind: '', subjectKey: '', responsiblePersonId: review.decidedBy, chefPersonId: null, leaderPersonId: null }]) : new Map<string, string>();
    return { ...review, decidedByName: review.decidedBy ? names.get(review.decidedBy) ?? null : null };
  }

  @Post('datapakker/publish')
  @HttpCode(200)
  @AdminOnly()
  @ApiOperation({
    summary: 'Offentliggør de datapakker, hvis periode er begyndt (også for en enhed, der er bagud i loopet), for en enhed eller et aldersområde (R40, R41, R42)',
    description: 'For en enhed svarer den 200 med { published }. For et aldersområde er det et job: 202 med jobbets adresse (Location og body); resultatet { published } hentes med GET /api/v1/jobs/:id.',
  })
  @ApiAcceptedResponse({ type: JobAccepted, description: 'ageArea: jobbet er lagt i kø' })
  async publish(@Body() dto: PublishDatapakkerDto, @User() user: CurrentUser, @Res({ passthrough: true }) res: Response) {
    if (!dto.unitId === !dto.ageArea) throw new BadRequestException('Angiv enten unitId eller ageArea');
    if (dto.ageArea) return acceptJob(res, (await this.datapakkeJob.start({ ageArea: dto.ageArea, publishedOn: dto.publishedOn }, user)).id);
    return this.obligations.publishDatapakker(dto, user);
  }
}
