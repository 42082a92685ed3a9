import type { JobError, JobView } from '../modules/jobs';
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
  halvaarsudgivelse: 'Halvårets datapakke udgives',
  organisationsimport: 'Organisationen importeres',
  'tilsynsdaekning-eksport': 'Tilsynsdækning eksporteres som CSV',
};

/** What a job's progress counts, in Danish ("12 af 40 enheder"); the treatment counts its steps. */
const UNITS: Record<string, string> = {
  byraadsbehandling: 'trin',
  'datapakke-udgivelse': 'enheder',
  halvaarsudgivelse: 'enheder',
  organisationsimport: 'rækker',
  'tilsynsdaekning-eksport': 'enheder',
};

/** What the job page shows: state, a progress bar, and the result or the errors in Danish. */
export function jobPageModel(job: JobView) {
  const running = job.state === 'venter' || job.state === 'koerer';
  const total = job.progress.total;
  const done = job.progress.done;
  const counted = total === null ? (running ? 'Tæller op …' : '') : `${done} af ${total} ${UNITS[job.kind] ?? 'trin'}`;
  // A job runs in one transaction: one that failed wrote nothing ("0 af 1 rækker" said nothing of that). An import
  // whose files were refused says so; its problems follow in the table.
  const importRefused = job.state === 'fejlet' && job.kind === 'organisationsimport';
  const progressText = job.state === 'fejlet' ? (importRefused ? 'Importen blev afvist. Intet er skrevet.' : 'Jobbet fejlede. Intet er ændret.') : counted;
  const errors: JobError[] = job.state === 'fejlet' ? (job.errors ?? [{ message: 'Jobbet fejlede uden en forklaring' }]) : [];
  // An import's problems (file, line, column) are a table; anything else a list.
  const problems = errors.filter((e) => e.file !== undefined || e.line !== undefined);
  return {
    id: job.id,
    heading: HEADINGS[job.kind] ?? `Job: ${job.kind}`,
    running,
    stateText: importRefused ? 'Afvist' : STATE_TEXT[job.state],
    attemptText: job.attempts > 1 ? `(forsøg ${job.attempts}; et tidligere forsøg blev afbrudt)` : '',
    max: total === null || total === 0 ? 1 : total,
    value: total === null || total === 0 ? (job.state === 'faerdig' ? 1 : 0) : done,
    progressText: job.state === 'faerdig' && total === null ? 'Færdig' : progressText,
    summary: job.state === 'faerdig' ? summaryOf(job) : '',
    errors: errors.filter((e) => !problems.includes(e)),
    problems,
    problemsHeading: problems.length ? `Fejl i filerne (${problems.length}). Intet er ændret.` : '',
    failedHeading: importRefused ? 'Importen blev afvist' : 'Jobbet fejlede',
    download: downloadOf(job),
    links: linksOf(job),
  };
}

function summaryOf(job: JobView): string {
  const r = (job.result ?? {}) as Record<string, unknown>;
  if (job.kind === 'byraadsbehandling') {
    const area = AGE_AREA_LABELS[r.ageArea as keyof typeof AGE_AREA_LABELS] ?? String(r.ageArea ?? '');
    return `Byrådets behandling af kvalitetsrapporten for ${area} ${r.year ?? ''} er registreret. ${r.loopsStarted ?? 0} læringsloops er startet (R13).`;
  }
  if (job.kind === 'datapakke-udgivelse' || job.kind === 'halvaarsudgivelse') {
    return Number(r.published ?? 0) > 0 ? `${Number(r.published) === 1 ? '1 datapakke er' : `${r.published} datapakker er`} offentliggjort.` : 'Der var ingen datapakker, der venter på at blive offentliggjort.';
  }
  if (job.kind === 'organisationsimport') return importSummary(r);
  if (job.kind === 'tilsynsdaekning-eksport') return `Filen er klar: ${r.units ?? 0} enheder, ${kilobytes(Number(r.bytes ?? 0))}.`;
  return 'Jobbet er færdigt.';
}

type Counts = { created?: number; updated?: number; unchanged?: number };

/** "Enheder: 2 oprettet, 1 ændret, 84 uændret. …": what a successful import changed, per file. */
export function importSummary(r: Record<string, unknown>): string {
  const part = (label: string, c: Counts | undefined) => {
    if (!c) return '';
    const bits = [`${c.created ?? 0} oprettet`, ...(c.updated !== undefined ? [`${c.updated} ændret`] : []), `${c.unchanged ?? 0} uændret`];
    return `${label}: ${bits.join(', ')}.`;
  };
  const parts = [
    part('Enheder', r.units as Counts | undefined),
    part('Personer', r.people as Counts | undefined),
    part('Tildelinger', r.assignments as Counts | undefined),
    part('Tilsynsenheder', r.enheder as Counts | undefined),
  ].filter(Boolean);
  return ['Organisationen er importeret.', ...parts].join(' ');
}

function downloadOf(job: JobView): { href: string; text: string } | null {
  const r = (job.result ?? {}) as Record<string, unknown>;
  if (job.state !== 'faerdig' || typeof r.filename !== 'string') return null;
  return { href: `/job/${job.id}/fil`, text: `Hent ${r.filename}` };
}

function kilobytes(bytes: number): string {
  return bytes < 1024 * 1024 ? `${Math.max(1, Math.round(bytes / 1024)).toLocaleString('da-DK')} kB` : `${(bytes / 1024 / 1024).toLocaleString('da-DK', { maximumFractionDigits: 1 })} MB`;
}

function linksOf(job: JobView): { href: string; text: string }[] {
  const r = (job.result ?? {}) as Record<string, unknown>;
  if (job.kind === 'byraadsbehandling' && typeof r.id === 'string') return [{ href: `/kvalitetsrapporter/${r.id}`, text: 'Til kvalitetsrapporten' }];
  if (job.kind === 'datapakke-udgivelse' || job.kind === 'halvaarsudgivelse') return [{ href: '/datapakker', text: 'Til datapakker' }];
  if (job.kind === 'organisationsimport') {
    return job.state === 'fejlet' ? [{ href: '/organisation/import', text: 'Til importen' }] : [{ href: '/organisation', text: 'Til organisationen' }];
  }
  if (job.kind === 'tilsynsdaekning-eksport') return [{ href: '/tilsyn', text: 'Til tilsynsdækningen' }];
  return [];
}
