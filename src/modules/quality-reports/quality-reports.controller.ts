import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import { ApiAcceptedResponse, ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { acceptJob, JobAccepted } from '../jobs';
import { TreatmentJob } from './treatment.job';
import { uuidParam } from '../../common/uuid.pipe';
import { AdminOnly, User } from '../auth';
import type { CurrentUser } from '../auth';
import { CorrectMilestoneDto, CreateQualityReportDto, ListQualityReportsQuery, QualityReportPage, QualityReportResponse, RecordMilestoneDto } from './dto/quality-report.dto';
import { toQualityReportResponse } from './quality-report.mapper';
import { QualityReportsService } from './quality-reports.service';
import { QUALITY_REPORT_MILESTONES, type QualityReportMilestone } from '../../../workflows/quality-report/quality-report.machine';
import { BadInputError } from '../../common/errors';

const milestoneParam = {
  transform(value: string): QualityReportMilestone {
    if (!(QUALITY_REPORT_MILESTONES as readonly string[]).includes(value)) {
      throw new BadInputError(`Ukendt milepæl "${value}"`, [{ field: 'milestone', message: `brug ${QUALITY_REPORT_MILESTONES.join(', ')}` }]);
    }
    return value as QualityReportMilestone;
  },
};

@ApiTags('kvalitetsrapporter')
@ApiBearerAuth()
@AdminOnly()
@Controller('api/v1/quality-reports')
export class QualityReportsController {
  constructor(
    private readonly reports: QualityReportsService,
    private readonly treatment: TreatmentJob,
  ) {}

  @Post()
  @ApiOperation({ summary: 'Opret en kvalitetsrapport (R10: 6-18 i lige år, 0-6 i ulige år)' })
  @ApiOkResponse({ type: QualityReportResponse })
  async create(@Body() dto: CreateQualityReportDto, @User() user: CurrentUser) {
    return toQualityReportResponse(await this.reports.create(dto, user.personId));
  }

  @Get()
  @ApiOkResponse({ type: QualityReportPage })
  async list(@Query() query: ListQualityReportsQuery) {
    const page = await this.reports.list(query);
    return { items: page.items.map((r) => toQualityReportResponse(r)), total: page.total };
  }

  @Get(':id')
  @ApiOkResponse({ type: QualityReportResponse })
  async get(@Param('id', uuidParam) id: string) {
    return toQualityReportResponse(await this.reports.get(id));
  }

  @Post(':id/milestones')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Registrér næste milepæl (R11); byraad_behandlet starter læringsloops (R13) som et job',
    description:
      'byraad_behandlet kontrolleres med det samme (400/404/409/422 som de andre milepæle) og svarer derefter 202 med jobbets adresse ' +
      '(Location og body); følg det med GET /api/v1/jobs/:id, hvis resultat er kvalitetsrapporten med loopsStarted. De andre milepæle svarer 200.',
  })
  @ApiOkResponse({ type: QualityReportResponse })
  @ApiAcceptedResponse({ type: JobAccepted, description: 'byraad_behandlet: jobbet er lagt i kø' })
  async milestone(@Param('id', uuidParam) id: string, @Body() dto: RecordMilestoneDto, @User() user: CurrentUser, @Res({ passthrough: true }) res: Response) {
    if (dto.milestone === 'byraad_behandlet') {
      const job = await this.treatment.start({ reportId: id, date: dto.date, ...(dto.version !== undefined && { version: dto.version }) }, user.personId);
      return acceptJob(res, job.id);
    }
    const { report, loopsStarted } = await this.reports.recordMilestone(id, dto.milestone, dto.date, user.personId, dto.version);
    return toQualityReportResponse(report, loopsStarted);
  }

  @Patch(':id/milestones/:milestone')
  @ApiOperation({ summary: 'Ret en registreret milepæls dato med begrundelse (R11); en rettet behandlingsdato planlægger loopene om (R13, R33)' })
  @ApiOkResponse({ type: QualityReportResponse })
  async correct(@Param('id', uuidParam) id: string, @Param('milestone', milestoneParam) milestone: QualityReportMilestone, @Body() dto: CorrectMilestoneDto, @User() user: CurrentUser) {
    const { report } = await this.reports.correctMilestone(id, milestone, dto.date, dto.reason, user.personId, dto.version);
    return toQualityReportResponse(report);
  }
}
