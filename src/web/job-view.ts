import type { JobView } from '../modules/jobs';
import { AGE_AREA_LABELS } from './admin-labels';

const STATE_TEXT: Record<JobView['state'], string> = {
  venter: 'Venter på at blive startet',
  koerer: 'Kører',
  faerdig: 'Færdig',
  fejlet: 'Fejlet',
};

const HEADINGS: Record<string, string> = {
  byraadsbehandling: 'Byrådsbehandling: læringsloops startes',
  'datapakke-udgivelse': 'Datapakker udgives',
  organisationsimport: 'Organisationen importeres',
};

/** What the job page shows: state, a progress bar, and the result or the errors in Danish. */
export function jobPageModel(job: JobView) {
  const running = job.state === 'venter' || job.state === 'koerer';
  const total = job.progress.total;
  const done = job.progress.done;
  const progressText = total === null ? (running ? 'Tæller op …' : '') : `${done} af ${total} trin`;
  return {
    id: job.id,
    heading: HEADINGS[job.kind] ?? `Job: ${job.kind}`,
    running,
    stateText: STATE_TEXT[job.state],
    attemptText: job.attempts > 1 ? `(forsøg ${job.attempts}; et tidligere forsøg blev afbrudt)` : '',
    max: total ?? 1,
    value: total === null ? (job.state === 'faerdig' ? 1 : 0) : done,
    progressText: job.state === 'faerdig' && total === null ? 'Færdig' : progressText,
    summary: job.state === 'faerdig' ? summaryOf(job) : '',
    errors: job.state === 'fejlet' ? (job.errors ?? [{ message: 'Jobbet fejlede uden en forklaring' }]) : [],
    links: linksOf(job),
  };
}

function summaryOf(job: JobView): string {
  const r = (job.result ?? {}) as Record<string, unknown>;
  if (job.kind === 'byraadsbehandling') {
    const area = AGE_AREA_LABELS[r.ageArea as keyof typeof AGE_AREA_LABELS] ?? String(r.ageArea ?? '');
    return `Byrådets behandling af kvalitetsrapporten for ${area} ${r.year ?? ''} er registreret. ${r.loopsStarted ?? 0} læringsloops er startet (R13).`;
  }
  if (job.kind === 'datapakke-udgivelse') {
    return Number(r.published ?? 0) > 0 ? `${r.published} datapakker er offentliggjort.` : 'Der var ingen uoffentliggjorte datapakker i den aktuelle runde.';
  }
  if (job.kind === 'organisationsimport') return 'Organisationen er importeret.';
  return 'Jobbet er færdigt.';
}

function linksOf(job: JobView): { href: string; text: string }[] {
  const r = (job.result ?? {}) as Record<string, unknown>;
  if (job.kind === 'byraadsbehandling' && typeof r.id === 'string') return [{ href: `/kvalitetsrapporter/${r.id}`, text: 'Til kvalitetsrapporten' }];
  if (job.kind === 'datapakke-udgivelse') return [{ href: '/datapakker', text: 'Til datapakker' }];
  if (job.kind === 'organisationsimport') return [{ href: '/organisation', text: 'Til organisationen' }];
  return [];
}
