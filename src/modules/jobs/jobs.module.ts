import { DynamicModule, Global, Module } from '@nestjs/common';
import { JobFiles } from './job-files';
import { JobsController } from './jobs.controller';
import { JOBS_OPTIONS, JobsOptions, JobsService } from './jobs.service';

/** Long work as jobs (issue 15); global, so any module can register handlers and enqueue. */
@Global()
@Module({})
export class JobsModule {
  static forRoot(options: JobsOptions): DynamicModule {
    return {
      module: JobsModule,
      controllers: [JobsController],
      providers: [{ provide: JOBS_OPTIONS, useValue: options }, JobsService, JobFiles],
      exports: [JobsService, JobFiles],
    };
  }
}
