import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CachedRead } from '../../database/cached-read.interceptor';
import { CurrentUser, User } from '../auth';
import { UpcomingPage, UpcomingQuery } from './dto/me.dto';
import { MeService } from './me.service';

@ApiTags('mig')
@ApiBearerAuth()
@Controller('api/v1/me')
export class MeController {
  constructor(private readonly me: MeService) {}

  @Get()
  @ApiOperation({ summary: 'Hvem er jeg (ud fra tokenet) og mine nuværende roller' })
  whoAmI(@User() user: CurrentUser) {
    return this.me.whoAmI(user);
  }

  @Get('upcoming')
  @CachedRead()
  @ApiOperation({
    summary: 'Mine og mine enheders forpligtelser, der er åbne nu, åbner eller forfalder inden for N dage',
    description: 'Overskredne først, derefter efter booket dato eller frist. Administratorer ser også forvaltningens egne forpligtelser (datapakker).',
  })
  @ApiOkResponse({ type: UpcomingPage })
  upcoming(@Query() query: UpcomingQuery, @User() user: CurrentUser) {
    return this.me.upcoming(user, query.days, query.limit, query.offset);
  }
}
