import 'reflect-metadata';
import { SchedulerService } from '../modules/scheduler/scheduler.service';
import { runCli } from './run-cli';
import { createStandaloneContext } from './standalone';

/** `npm run scheduler:run-once`: one scheduler pass now (skipped if another replica holds the lock). */
runCli(async () => {
  const context = await createStandaloneContext();
  try {
    const report = await context.app.get(SchedulerService).runPass();
    console.log(report.ran ? `Kørsel for ${report.today}: ${JSON.stringify(report.steps)}` : 'En anden kørsel er i gang; intet gjort.');
  } finally {
    await context.close();
  }
});
