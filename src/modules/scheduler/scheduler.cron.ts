import { Injectable, Logger } from '@nestjs/common';
import { Cron } from '@nestjs/schedule';
import { SchedulerService } from './scheduler.service';

/**
 * The scheduler's clock: daily at 02:00 Copenhagen time. (The pass at start,
 * which catches up after downtime, is run by main.ts once the demo, if any,
 * is loaded.)
 */
@Injectable()
export class SchedulerCron {
  private readonly logger = new Logger('Scheduler');

  constructor(private readonly scheduler: SchedulerService) {}

  @Cron('0 2 * * *', { name: 'daily-pass', timeZone: 'Europe/Copenhagen' })
  async run(): Promise<void> {
    try {
      await this.scheduler.runPass();
    } catch (error) {
      this.logger.error(`Planlægningskørslen fejlede: ${(error as Error).message}`, (error as Error).stack);
    }
  }
}
