import { Controller, Get, Param, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { uuidParam } from '../../common/uuid.pipe';
import { JobFiles, JobsService } from '../../modules/jobs';
import { type CurrentUser, User } from '../../modules/auth';
import { jobPageModel } from '../job-view';
import { WebPage } from '../web-auth';

/**
 * A job's page (issue 15): a progress bar that htmx refreshes from the
 * fragment every second, and without JavaScript a page that reloads itself
 * (<noscript> meta refresh) with a reload link. Only the person who started
 * the job and administrators see it (JobsService.get; 404 for anyone else).
 */
@ApiExcludeController()
@WebPage()
@Controller('job')
export class JobController {
  constructor(
    private readonly jobs: JobsService,
    private readonly files: JobFiles,
  ) {}

  @Get(':id')
  async page(@Param('id', uuidParam) id: string, @User() user: CurrentUser, @Res() res: Response) {
    const job = jobPageModel(await this.jobs.get(id, user));
    return res.render('pages/job/job', { title: `${job.heading} – Kvalitetsloop`, job });
  }

  @Get(':id/fremdrift')
  async fragment(@Param('id', uuidParam) id: string, @User() user: CurrentUser, @Res() res: Response) {
    // The fragment carries a <title>, which htmx puts on the document: the tab says what happened too.
    return res.render('pages/job/_status', { job: jobPageModel(await this.jobs.get(id, user)), fragment: true });
  }

  /** The file a finished job made (the coverage CSV); as the job itself, only for its starter and administrators. */
  @Get(':id/fil')
  async file(@Param('id', uuidParam) id: string, @User() user: CurrentUser, @Res() res: Response) {
    const { file, stream } = await this.files.open(await this.jobs.get(id, user));
    res.setHeader('Content-Type', file.contentType);
    res.setHeader('Content-Disposition', `attachment; filename="${file.filename}"`);
    res.setHeader('Content-Length', String(file.bytes));
    stream.on('error', () => res.destroy());
    stream.pipe(res);
  }
}
