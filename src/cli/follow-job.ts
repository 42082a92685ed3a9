import type { JobView } from '../modules/jobs';

/** What followJob draws on: cli-progress's SingleBar, or a test's recorder. */
export interface ProgressBar {
  start(total: number, done: number): void;
  update(done: number): void;
  stop(): void;
}

/**
 * Follows a job (issue 15: the treatment, an import, datapakke publishing, an
 * export) until it ends: a bar of done/total while it runs (started once the
 * job knows its total), then its result or its errors as Danish lines.
 *
 * @param read the job as it stands now (JobsService.get)
 * @param wait pause between reads (milliseconds in the command)
 * @returns true when the job ended `faerdig`, false when `fejlet`
 */
export async function followJob(
  read: () => Promise<JobView>,
  bar: ProgressBar,
  print: (line: string) => void,
  wait: () => Promise<void>,
): Promise<boolean> {
  let started = false;
  for (;;) {
    const job = await read();
    const { done, total } = job.progress;
    if (total !== null && total > 0) {
      if (!started) bar.start(total, done);
      else bar.update(done);
      started = true;
    }
    if (job.state === 'faerdig' || job.state === 'fejlet') {
      if (started) bar.stop();
      if (job.state === 'faerdig') {
        print(`Jobbet (${job.kind}) er færdigt.${job.result === null || job.result === undefined ? '' : ` Resultat: ${JSON.stringify(job.result)}`}`);
        return true;
      }
      print(`Jobbet (${job.kind}) fejlede${job.attempts > 1 ? ` efter ${job.attempts} forsøg` : ''}:`);
      for (const e of job.errors ?? []) {
        const where = e.file ? `${e.file}${e.line ? `:${e.line}` : ''}${e.column ? ` (${e.column})` : ''}: ` : '';
        print(`  ${where}${e.rule ? `${e.rule}: ` : ''}${e.message}`);
      }
      return false;
    }
    await wait();
  }
}
