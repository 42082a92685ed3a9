import { Controller, Get, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { uuidParam } from '../../common/uuid.pipe';
import { User } from '../auth';
import type { CurrentUser } from '../auth';
import { JobResponse } from './dto/job.dto';
import { JobsService } from './jobs.service';

@ApiTags('jobs')
@ApiBearerAuth()
@Controller('api/v1/jobs')
export class JobsController {
  constructor(private readonly jobs: JobsService) {}

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
}
