/** The scheduler module's public face. */
export { SchedulerModule } from './scheduler.module';
export { SchedulerService } from './scheduler.service';
export { SchedulerCron } from './scheduler.cron';
