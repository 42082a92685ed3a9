import { Injectable, Logger } from '@nestjs/common';
import { Cron } from '@nestjs/schedule';
import { DigestService } from './digest.service';

/** Morning hours in Europe/Copenhagen in which digests are composed: from 06:00 (after the 02:00 pass), until noon. */
export const MORNING_FROM_HOUR = 6;
export const MORNING_UNTIL_HOUR = 12;

export function copenhagenHour(now: Date): number {
  return Number(new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Copenhagen', hour: '2-digit', hourCycle: 'h23' }).format(now));
}

/**
 * Every minute: in the morning (Copenhagen), compose the day's digests for
 * whoever has none yet (a service started at 07:30 still sends that day's);
 * at any hour, deliver what is due, retries included.
 */
@Injectable()
export class RemindersCron {
  private readonly logger = new Logger('Paamindelser');
  private running = false;

  constructor(private readonly digests: DigestService) {}

  @Cron('0 * * * * *', { name: 'reminder-digests' })
  async tick(now = new Date()): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      const hour = copenhagenHour(now);
      if (hour >= MORNING_FROM_HOUR && hour < MORNING_UNTIL_HOUR) await this.digests.compose();
      await this.digests.deliver();
    } catch (error) {
      this.logger.error(`Påmindelseskørslen fejlede: ${(error as Error).message}`, (error as Error).stack);
    } finally {
      this.running = false;
    }
  }
}
