import { Body, Controller, Get, Param, Post, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import { ApiAcceptedResponse, ApiBearerAuth, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { acceptJob, JobAccepted } from '../jobs';
import { DatapakkeJob } from './datapakke.job';
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
    private readonly jobs: DatapakkeJob,
  ) {}

  @Post('datapakker/releases')
  @AdminOnly()
  @ApiOperation({
    summary: 'Udgiv halvårets datapakke for et aldersområde (R42); offentliggør enhedernes aktuelle datapakke på datoen (R41) — som et job',
    description:
      'Afvisninger svarer straks (403 ikke administrator, 422 R41/R42, 400, 409 allerede udgivet). Ellers 202 med jobbets adresse: ' +
      'jobbet opretter udgivelsen og offentliggør aldersområdets datapakker (tusinder af enheder i en stor kommune); GET /api/v1/jobs/:id ' +
      'giver fremdriften (enheder) og til sidst udgivelsen med { published } som result.',
  })
  @ApiAcceptedResponse({ type: JobAccepted, description: 'Udgivelsen er lagt i kø' })
  async create(@Body() dto: CreateDatapakkeReleaseDto, @User() user: CurrentUser, @Res({ passthrough: true }) res: Response): Promise<JobAccepted> {
    return acceptJob(res, (await this.jobs.startRelease(dto, user)).id);
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
