import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { uuidParam } from '../../common/uuid.pipe';
import { AdminOnly, User } from '../auth';
import type { CurrentUser } from '../auth';
import { AssignInspectorDto, CompleteVisitDto, CreateVisitDto, ListVisitsQuery, ScheduledVisitResponse, ScheduleVisitDto, VisitDetailResponse, VisitPage } from './dto/visit.dto';
import { TilsynService } from './tilsyn.service';

/**
 * Statutory tilsyn visits (R90–R92). Lists and reads follow the one
 * visibility rule: an unannounced visit is absent for the unit's people until
 * it is held (R91), so its id answers 404 like one that does not exist.
 */
@ApiTags('tilsyn')
@ApiBearerAuth()
@Controller('api/v1/tilsyn/visits')
export class VisitsController {
  constructor(private readonly tilsyn: TilsynService) {}

  @Get()
  @ApiOperation({ summary: 'Tilsynsbesøg, man må se (R91)' })
  @ApiOkResponse({ type: VisitPage })
  list(@Query() q: ListVisitsQuery, @User() user: CurrentUser) {
    return this.tilsyn.list(q, user);
  }

  @Get(':id')
  @ApiOkResponse({ type: VisitDetailResponse })
  get(@Param('id', uuidParam) id: string, @User() user: CurrentUser) {
    return this.tilsyn.get(id, user);
  }

  @Post()
  @AdminOnly()
  @ApiOperation({ summary: 'Et ekstra tilsynsbesøg, fx ved bekymring (R90)' })
  @ApiOkResponse({ type: VisitDetailResponse })
  create(@Body() dto: CreateVisitDto, @User() user: CurrentUser) {
    return this.tilsyn.create(dto, user);
  }

  @Post(':id/inspectors')
  @AdminOnly()
  @HttpCode(200)
  @ApiOperation({ summary: 'Tilknyt en tilsynsførende (R90: upartisk, ellers 422 R90)' })
  @ApiOkResponse({ type: VisitDetailResponse })
  assign(@Param('id', uuidParam) id: string, @Body() dto: AssignInspectorDto, @User() user: CurrentUser) {
    return this.tilsyn.assignInspector(id, dto.personId, user);
  }

  @Post(':id/schedule')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Book besøgets dato (R71)',
    description: 'Svarer med besøget og `warnings`: de samme advarsler som POST /api/v1/obligations/{id}/schedule (en dato før i dag, før vinduet eller efter fristen er tilladt, men advares, R90/R97).',
  })
  @ApiOkResponse({ type: ScheduledVisitResponse })
  schedule(@Param('id', uuidParam) id: string, @Body() dto: ScheduleVisitDto, @User() user: CurrentUser) {
    return this.tilsyn.schedule(id, dto.date, user);
  }

  @Post(':id/complete')
  @HttpCode(200)
  @ApiOperation({ summary: 'Bekræft besøget som holdt (R92; R90 genprøves)' })
  @ApiOkResponse({ type: VisitDetailResponse })
  complete(@Param('id', uuidParam) id: string, @Body() dto: CompleteVisitDto, @User() user: CurrentUser) {
    return this.tilsyn.complete(id, dto, user);
  }
}
