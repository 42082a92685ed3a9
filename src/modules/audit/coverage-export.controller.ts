import { Body, Controller, Post, Res } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBadRequestResponse, ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { User } from '../auth';
import type { CurrentUser } from '../auth';
import { acceptJob, JobAccepted } from '../jobs';
import { CoverageQuery } from './audit.dto';
import { COVERAGE_CSV_HEADER } from './coverage-csv';
import { CoverageExportJob } from './coverage-export.job';

@ApiTags('revision')
@ApiBearerAuth()
@Controller('api/v1/audit/coverage')
export class CoverageExportController {
  constructor(private readonly exports: CoverageExportJob) {}

  @Post('exports')
  @ApiOperation({
    summary: 'Tilsynsdækningen som CSV-fil, lavet af et job (til hele kommunen eller andre store udsnit)',
    description:
      'Samme filtre som GET /api/v1/audit/coverage (from, to, chefId, district, type, ageArea, governance, special, unitId) i body; ' +
      'svarer 202 med jobbets adresse. GET /api/v1/jobs/:id giver fremdriften (enheder skrevet af enheder i udsnittet) og til sidst ' +
      '{ filename, bytes, units }; filen hentes med GET /api/v1/jobs/:id/file (kun af den, der startede jobbet, og administratorer) i 7 dage. ' +
      `Kolonner som format=csv: ${COVERAGE_CSV_HEADER.join(';')}. Hvad man ser, er som i GET: administratorer alle enheder, andre deres egne (R3).`,
  })
  @ApiAcceptedResponse({ type: JobAccepted, description: 'Eksporten er lagt i kø' })
  @ApiBadRequestResponse({ description: 'Ugyldige datoer, from efter to, ukendte felter' })
  async start(@Body() query: CoverageQuery, @User() user: CurrentUser, @Res({ passthrough: true }) res: Response): Promise<JobAccepted> {
    const job = await this.exports.start(query, user);
    return acceptJob(res, job.id);
  }
}
