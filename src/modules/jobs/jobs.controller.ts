import { Controller, Get, Param, Res, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { uuidParam } from '../../common/uuid.pipe';
import { User } from '../auth';
import type { CurrentUser } from '../auth';
import { JobResponse } from './dto/job.dto';
import { JobFiles } from './job-files';
import { JobsService } from './jobs.service';

@ApiTags('jobs')
@ApiBearerAuth()
@Controller('api/v1/jobs')
export class JobsController {
  constructor(
    private readonly jobs: JobsService,
    private readonly files: JobFiles,
  ) {}

  @Get(':id')
  @ApiOperation({
    summary: 'Et jobs tilstand, fremdrift { done, total }, resultat eller fejl',
    description: 'Kun den, der startede jobbet, og administratorer kan se det; for alle andre svarer det 404.',
  })
  @ApiOkResponse({ type: JobResponse })
  async get(@Param('id', uuidParam) id: string, @User() user: CurrentUser): Promise<JobResponse> {
    const { startedByPersonId: _startedBy, startedAt: _startedAt, ...view } = await this.jobs.get(id, user);
    return view;
  }

  @Get(':id/file')
  @ApiOperation({
    summary: 'Filen, et færdigt job har lavet (fx tilsynsdækningen som CSV)',
    description:
      'Kun den, der startede jobbet, og administratorer kan hente den; for alle andre 404. 404 også, når jobbet ikke er færdigt, ' +
      'ikke laver en fil, eller filen er slettet (filer gemmes i 7 dage efter jobbet).',
  })
  @ApiProduces('text/csv', 'application/octet-stream')
  @ApiNotFoundResponse({ description: 'Jobbet findes ikke for dig, er ikke færdigt, eller filen er slettet' })
  async file(@Param('id', uuidParam) id: string, @User() user: CurrentUser, @Res({ passthrough: true }) res: Response): Promise<StreamableFile> {
    const { file, stream } = await this.files.open(await this.jobs.get(id, user));
    res.setHeader('Content-Type', file.contentType);
    res.setHeader('Content-Disposition', `attachment; filename="${file.filename}"`);
    res.setHeader('Content-Length', String(file.bytes));
    return new StreamableFile(stream).setErrorHandler((_error, response) => (response.destroy ? response.destroy() : response.end()));
  }
}
