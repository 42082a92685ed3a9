/** The jobs module's public face. */
export { JobsModule } from './jobs.module';
export { JobsService } from './jobs.service';
export type { JobContext, JobError, JobHandler, JobState, JobView, JobsOptions } from './jobs.service';
export { JobAccepted, JobResponse } from './dto/job.dto';
export { acceptJob } from './accept-job';
export { JobFiles, JOB_FILE_CHUNK_BYTES, JOB_FILE_KEEP_DAYS } from './job-files';
export type { JobFileResult } from './job-files';
