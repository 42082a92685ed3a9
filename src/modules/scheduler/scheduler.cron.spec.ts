import { Logger } from '@nestjs/common';
import type { AuditService } from '../audit';
import { PASS_ATTEMPTS, SchedulerCron } from './scheduler.cron';
import type { SchedulerService } from './scheduler.service';

/**
 * A pass that fails with the given PostgreSQL codes, one per call, then succeeds; and a coverage warm-up that
 * records when it ran (after how many pass calls) and fails when `warmUpFails`.
 */
function passFailingWith(...codes: string[]) {
  let calls = 0;
  const warmedAfter: number[] = [];
  let warmUpFails = false;
  const scheduler = {
    runPass: async () => {
      const code = codes[calls++];
      if (code) throw Object.assign(new Error(`fejl ${code}`), { code });
    },
  } as unknown as SchedulerService;
  const audit = {
    warmCoverage: async () => {
      warmedAfter.push(calls);
      if (warmUpFails) throw new Error('forbindelsen blev lukket');
      return 42;
    },
  } as unknown as AuditService;
  return { cron: new SchedulerCron(scheduler, audit), calls: () => calls, warmedAfter, failWarmUp: () => (warmUpFails = true) };
}

describe('the daily pass (SchedulerCron)', () => {
  beforeEach(() => {
    jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    jest.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined);
  });
  afterEach(() => jest.restoreAllMocks());

  it('runs again after a deadlock or a serialisation failure, and stops once it succeeds', async () => {
    const { cron, calls } = passFailingWith('40P01', '40001');
    await cron.run();
    expect(calls()).toBe(3);
    expect(Logger.prototype.error).not.toHaveBeenCalled();
  });

  it(`gives up after ${PASS_ATTEMPTS} attempts and logs the error`, async () => {
    const { cron, calls } = passFailingWith('40P01', '40P01', '40P01', '40P01');
    await cron.run();
    expect(calls()).toBe(PASS_ATTEMPTS);
    expect(Logger.prototype.error).toHaveBeenCalledTimes(1);
  });

  it('does not retry any other failure', async () => {
    const { cron, calls } = passFailingWith('23505');
    await cron.run();
    expect(calls()).toBe(1);
    expect(Logger.prototype.error).toHaveBeenCalledTimes(1);
  });

  it('prepares the coverage audit once, after the pass has finished (issue 14)', async () => {
    const { cron, warmedAfter } = passFailingWith('40P01');
    await cron.run();
    expect(warmedAfter).toEqual([2]);
    expect(Logger.prototype.log).toHaveBeenCalledWith(expect.stringContaining('42 enheder'));
  });

  it('prepares the coverage audit also when the pass failed', async () => {
    const { cron, warmedAfter } = passFailingWith('23505');
    await cron.run();
    expect(warmedAfter).toEqual([1]);
  });

  it('a failed preparation is logged as a warning and does not fail the run', async () => {
    const { cron, failWarmUp } = passFailingWith();
    failWarmUp();
    await expect(cron.run()).resolves.toBeUndefined();
    expect(Logger.prototype.warn).toHaveBeenCalledWith(expect.stringContaining('forbindelsen blev lukket'));
    expect(Logger.prototype.error).not.toHaveBeenCalled();
  });
});
