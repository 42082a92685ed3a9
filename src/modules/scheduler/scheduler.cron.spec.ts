import { Logger } from '@nestjs/common';
import { PASS_ATTEMPTS, SchedulerCron } from './scheduler.cron';
import type { SchedulerService } from './scheduler.service';

/** A pass that fails with the given PostgreSQL codes, one per call, then succeeds. */
function passFailingWith(...codes: string[]) {
  let calls = 0;
  const scheduler = {
    runPass: async () => {
      const code = codes[calls++];
      if (code) throw Object.assign(new Error(`fejl ${code}`), { code });
    },
  } as unknown as SchedulerService;
  return { cron: new SchedulerCron(scheduler), calls: () => calls };
}

describe('the daily pass (SchedulerCron)', () => {
  beforeEach(() => {
    jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
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
});
