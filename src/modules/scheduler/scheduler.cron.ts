import { Injectable, Logger } from '@nestjs/common';
import { Cron } from '@nestjs/schedule';
import { AuditService } from '../audit';
import { SchedulerService } from './scheduler.service';

/** PostgreSQL's deadlock_detected and serialization_failure: the pass wrote nothing and can simply run again. */
const CONCURRENCY_FAILURES = new Set(['40P01', '40001']);
/** How many times the daily pass is tried when it collides with another writer. */
export const PASS_ATTEMPTS = 3;

/**
 * The scheduler's clock: daily at 02:00 Copenhagen time. (The pass at start,
 * which catches up after downtime, is run by main.ts once the demo, if any,
 * is loaded.)
 *
 * A pass that PostgreSQL aborts as a deadlock (e.g. with a person's write to a
 * unit whose coverage stamp the pass holds, README → the coverage audit) is
 * run again at once, up to PASS_ATTEMPTS times: a pass is idempotent, and
 * otherwise the day's obligations would wait for the next night.
 *
 * After the pass, whether it succeeded or not, the coverage audit of the
 * page's default period is judged in advance (AuditService.warmCoverage): its
 * memo is keyed by the day, so without this the first administrator of each
 * day, and the first after a start, would wait 4–5 s at 10,000 units.
 */
@Injectable()
export class SchedulerCron {
  private readonly logger = new Logger('Scheduler');

  constructor(
    private readonly scheduler: SchedulerService,
    private readonly audit: AuditService,
  ) {}

  @Cron('0 2 * * *', { name: 'daily-pass', timeZone: 'Europe/Copenhagen' })
  async run(): Promise<void> {
    await this.pass();
    await this.warmCoverage();
  }

  private async warmCoverage(): Promise<void> {
    const started = Date.now();
    try {
      const units = await this.audit.warmCoverage();
      this.logger.log(`Tilsynsdækningen er gjort klar for ${units} enheder (${Date.now() - started} ms)`);
    } catch (error) {
      // Only the first audit of the day gets slower; nothing is lost.
      this.logger.warn(`Tilsynsdækningen kunne ikke gøres klar i forvejen: ${(error as Error).message}`);
    }
  }

  private async pass(): Promise<void> {
    for (let attempt = 1; attempt <= PASS_ATTEMPTS; attempt++) {
      try {
        await this.scheduler.runPass();
        return;
      } catch (error) {
        const code = (error as { code?: string }).code;
        if (attempt < PASS_ATTEMPTS && code !== undefined && CONCURRENCY_FAILURES.has(code)) {
          this.logger.warn(`Planlægningskørslen stødte sammen med en anden ændring (${code}); prøver igen (forsøg ${attempt + 1} af ${PASS_ATTEMPTS})`);
          continue;
        }
        this.logger.error(`Planlægningskørslen fejlede: ${(error as Error).message}`, (error as Error).stack);
        return;
      }
    }
  }
}
