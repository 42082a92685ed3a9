import { Body, Controller, Get, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { AGE_AREAS, type AgeArea } from '../../../workflows/domain';
import { BadInputError } from '../../common/errors';
import { uuidParam } from '../../common/uuid.pipe';
import { AdminOnly } from '../auth';
import { CurrentUser, User } from '../auth';
import { AccessService } from './access.service';
import { DatapakkeReleasesService } from './datapakke-releases.service';
import { CreateDatapakkeReleaseDto, DatapakkeReleaseResponse } from './dto/datapakke-release.dto';

@ApiTags('datapakker')
@ApiBearerAuth()
@Controller('api/v1')
export class DatapakkeReleasesController {
  constructor(
    private readonly releases: DatapakkeReleasesService,
    private readonly access: AccessService,
  ) {}

  @Post('datapakker/releases')
  @AdminOnly()
  @ApiOperation({ summary: 'Udgiv halvårets datapakke for et aldersområde (R42); offentliggør enhedernes aktuelle datapakke på datoen (R41)' })
  @ApiOkResponse({ type: DatapakkeReleaseResponse })
  async create(@Body() dto: CreateDatapakkeReleaseDto, @User() user: CurrentUser) {
    return toResponse(await this.releases.create(dto, user));
  }

  @Get('datapakker/releases')
  @ApiOperation({ summary: 'Datapakke-udgivelser (R42)' })
  @ApiQuery({ name: 'ageArea', required: false, enum: AGE_AREAS })
  async list(@Query('ageArea') ageArea?: string) {
    if (ageArea !== undefined && !(AGE_AREAS as readonly string[]).includes(ageArea)) {
      throw new BadInputError('ageArea skal være 0-6 eller 6-18', [{ field: 'ageArea', message: 'ukendt aldersområde' }]);
    }
    const items = (await this.releases.list(ageArea as AgeArea | undefined)).map((r) => toResponse(r));
    return { items, total: items.length };
  }

  @Get('units/:id/datapakker')
  @ApiOperation({ summary: 'Enhedens datapakke-udgivelser og dens datapakker med offentliggørelsesdato (R42, R43: også for bestyrelsen)' })
  async forUnit(@Param('id', uuidParam) id: string, @User() user: CurrentUser) {
    await this.access.assertCanSeeUnit(user, id);
    const { releases, datapakker } = await this.releases.forUnit(id);
    return { releases: releases.map((r) => toResponse(r)), datapakker };
  }
}

function toResponse(r: { id: string; ageArea: AgeArea; halfYear: string; variant: string; publishedOn: string; note: string | null; published?: number }): DatapakkeReleaseResponse {
  return {
    id: r.id,
    ageArea: r.ageArea,
    halfYear: r.halfYear,
    variant: r.variant,
    publishedOn: r.publishedOn,
    note: r.note,
    ...(r.published !== undefined && { published: r.published }),
  };
}
