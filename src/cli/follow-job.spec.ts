import type { JobView } from '../modules/jobs';
import { followJob, type ProgressBar } from './follow-job';

function view(state: JobView['state'], done: number, total: number | null, extra: Partial<JobView> = {}): JobView {
  return { id: 'j', kind: 'byraadsbehandling', state, progress: { done, total }, attempts: 1, result: null, errors: null, startedByPersonId: null, createdAt: '', startedAt: null, finishedAt: null, ...extra };
}

function recorder() {
  const calls: string[] = [];
  const bar: ProgressBar = {
    start: (total, done) => void calls.push(`start ${done}/${total}`),
    update: (done) => void calls.push(`update ${done}`),
    stop: () => void calls.push('stop'),
  };
  return { bar, calls };
}

describe('npm run job: following a job with a progress bar (issue 15)', () => {
  it('draws the bar from the job’s progress until it is færdig, then prints the result', async () => {
    const states = [view('venter', 0, null), view('koerer', 0, 4), view('koerer', 2, 4), view('koerer', 3, 4), view('faerdig', 4, 4, { result: { loops: 5500 } })];
    const { bar, calls } = recorder();
    const lines: string[] = [];
    let waits = 0;
    const ok = await followJob(async () => states.shift()!, bar, (l) => void lines.push(l), async () => void waits++);
    expect(ok).toBe(true);
    expect(calls).toEqual(['start 0/4', 'update 2', 'update 3', 'update 4', 'stop']);
    expect(waits).toBe(4);
    expect(lines).toEqual(['Jobbet (byraadsbehandling) er færdigt. Resultat: {"loops":5500}']);
  });

  it('a failed job ends false with its errors in Danish, the rule and the place named', async () => {
    const failed = view('fejlet', 0, 1, {
      kind: 'import',
      attempts: 2,
      errors: [
        { message: 'Enhedskoden findes to gange', file: 'enheder.csv', line: 3, column: 'kode' },
        { message: 'Milepælen mangler', rule: 'R12' },
      ],
    });
    const { bar, calls } = recorder();
    const lines: string[] = [];
    const ok = await followJob(async () => failed, bar, (l) => void lines.push(l), async () => undefined);
    expect(ok).toBe(false);
    expect(calls).toEqual(['start 0/1', 'stop']);
    expect(lines).toEqual(['Jobbet (import) fejlede efter 2 forsøg:', '  enheder.csv:3 (kode): Enhedskoden findes to gange', '  R12: Milepælen mangler']);
  });
});
