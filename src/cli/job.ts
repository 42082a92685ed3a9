import 'reflect-metadata';
import { Presets, SingleBar } from 'cli-progress';
import { setTimeout as sleep } from 'node:timers/promises';
import { JobsService } from '../modules/jobs';
import { followJob } from './follow-job';
import { runCli } from './run-cli';
import { createStandaloneContext } from './standalone';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * `npm run job -- <job-id>`: follows a job started through the API or the
 * pages (the byråd's treatment, an import, datapakke publishing, an export;
 * the id is the last part of the `202`'s Location, /api/v1/jobs/<id>) with a
 * progress bar until it ends; exits 0 when it is færdig, 1 when it failed
 * (its errors printed in Danish). An operator command: it reads the job, it
 * runs nothing.
 */
runCli(async () => {
  const id = process.argv[2] ?? '';
  if (!UUID.test(id)) throw Object.assign(new Error('Brug: npm run job -- <jobbets id> (fra svarets Location: /api/v1/jobs/<id>)'), { operatorError: true });
  const context = await createStandaloneContext();
  try {
    const jobs = context.app.get(JobsService);
    const bar = new SingleBar({ format: 'Jobbet kører [{bar}] {value}/{total}', stream: process.stderr }, Presets.shades_classic);
    const ok = await followJob(
      () => jobs.get(id, { personId: '', admin: true }),
      bar,
      (line) => console.log(line),
      () => sleep(500),
    );
    if (!ok) process.exitCode = 1;
  } finally {
    await context.close();
  }
});
