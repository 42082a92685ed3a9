import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { Cron } from '@nestjs/schedule';
import { SchedulerService } from './scheduler.service';

/** The scheduler's clock: a pass at start (catching up after downtime) and daily at 02:00 Copenhagen time. */
@Injectable()
export class SchedulerCron implements OnApplicationBootstrap {
  private readonly logger = new Logger('Scheduler');

  constructor(private readonly scheduler: SchedulerService) {}

  onApplicationBootstrap(): void {
    // Not awaited: the service answers while the first pass catches up.
    void this.run();
  }

  @Cron('0 2 * * *', { name: 'daily-pass', timeZone: 'Europe/Copenhagen' })
  async run(): Promise<void> {
    try {
      await this.scheduler.runPass();
    } catch (error) {
      this.logger.error(`Planlægningskørslen fejlede: ${(error as Error).message}`, (error as Error).stack);
    }
  }
}
