import type { JobError, JobView } from '../modules/jobs';
import { AGE_AREA_LABELS } from './admin-labels';

/** What happened to a job, as its page says it: a failed job is `afvist` when a rule or its input refused it, `fejlet` when it died unexpectedly. */
export type JobOutcome = 'venter' | 'koerer' | 'faerdig' | 'fejlet' | 'afvist';

const STATE_TEXT: Record<JobOutcome, string> = {
  venter: 'Venter på at blive startet',
  koerer: 'Kører',
  faerdig: 'Færdig',
  fejlet: 'Fejlet',
  afvist: 'Afvist',
};

/**
 * Each job kind's heading in each outcome: the page's h1 (and its title) say what happened, not only what was started
 * ("Datapakker udgives" stayed after the job had ended). `faerdig` may depend on the result (nothing to publish).
 */
const HEADINGS: Record<string, { running: string; faerdig: string | ((r: Record<string, unknown>) => string); fejlet: string; afvist: string }> = {
  byraadsbehandling: {
    running: 'Byrådsbehandling: læringsloops startes',
    faerdig: 'Byrådsbehandling: læringsloops er startet',
    fejlet: 'Byrådsbehandlingen fejlede',
    afvist: 'Byrådsbehandlingen blev afvist',
  },
  'datapakke-udgivelse': {
    running: 'Datapakker udgives',
    faerdig: (r) => (Number(r.published ?? 0) > 0 ? 'Datapakkerne er udgivet' : 'Ingen datapakker at udgive'),
    fejlet: 'Udgivelsen af datapakker fejlede',
    afvist: 'Udgivelsen af datapakker blev afvist',
  },
  halvaarsudgivelse: {
    running: 'Halvårets datapakke udgives',
    faerdig: (r) => (Number(r.published ?? 0) > 0 ? 'Halvårets datapakke er udgivet' : 'Ingen datapakker at udgive'),
    fejlet: 'Udgivelsen af halvårets datapakke fejlede',
    afvist: 'Udgivelsen af halvårets datapakke blev afvist',
  },
  organisationsimport: {
    running: 'Organisationen importeres',
    faerdig: 'Organisationen er importeret',
    fejlet: 'Importen fejlede',
    afvist: 'Importen blev afvist',
  },
  'tilsynsdaekning-eksport': {
    running: 'Tilsynsdækning eksporteres som CSV',
    faerdig: 'Tilsynsdækningen er eksporteret som CSV',
    fejlet: 'Eksporten af tilsynsdækningen fejlede',
    afvist: 'Eksporten af tilsynsdækningen blev afvist',
  },
};

/** What a job's progress counts, in Danish ("12 af 40 enheder"); the treatment counts its steps. */
const UNITS: Record<string, string> = {
  byraadsbehandling: 'trin',
  'datapakke-udgivelse': 'enheder',
  halvaarsudgivelse: 'enheder',
  organisationsimport: 'rækker',
  'tilsynsdaekning-eksport': 'enheder',
};

/** A failed job was refused (a rule, its files or its input said no) unless it died unexpectedly (JobError.unexpected). */
export function jobOutcome(job: Pick<JobView, 'state' | 'errors'>): JobOutcome {
  if (job.state !== 'fejlet') return job.state;
  const errors = job.errors ?? [];
  return errors.length > 0 && errors.every((e) => !e.unexpected) ? 'afvist' : 'fejlet';
}

/** The job's heading in its outcome (see HEADINGS). */
export function jobHeading(job: Pick<JobView, 'kind' | 'state' | 'errors' | 'result'>): string {
  const h = HEADINGS[job.kind];
  const outcome = jobOutcome(job);
  if (!h) return outcome === 'venter' || outcome === 'koerer' ? `Job: ${job.kind}` : `Job: ${job.kind} (${STATE_TEXT[outcome].toLowerCase()})`;
  if (outcome === 'venter' || outcome === 'koerer') return h.running;
  if (outcome === 'faerdig') return typeof h.faerdig === 'function' ? h.faerdig((job.result ?? {}) as Record<string, unknown>) : h.faerdig;
  return h[outcome];
}

/**
 * What the job page shows. While the job runs: its state and a progress bar counting done of total. Once it has
 * ended, the heading says what happened and ONE status box says it once: the result, or why it was refused or failed
 * and that nothing was written (a job runs in one transaction). An import's problems (file, line, column) follow as a
 * table; a done job keeps its full bar only when it counted.
 */
export function jobPageModel(job: JobView) {
  const outcome = jobOutcome(job);
  const running = outcome === 'venter' || outcome === 'koerer';
  const total = job.progress.total;
  const done = job.progress.done;
  const errors: JobError[] = job.state === 'fejlet' ? (job.errors ?? [{ message: 'Jobbet fejlede uden en forklaring', unexpected: true }]) : [];
  // An import's problems (file, line, column) are a table; anything else a list.
  const problems = errors.filter((e) => e.file !== undefined || e.line !== undefined);
  const others = errors.filter((e) => !problems.includes(e));
  return {
    id: job.id,
    heading: jobHeading(job),
    outcome,
    running,
    stateText: STATE_TEXT[outcome],
    attemptText: job.attempts > 1 ? `(forsøg ${job.attempts}; et tidligere forsøg blev afbrudt)` : '',
    showProgress: running || (outcome === 'faerdig' && total !== null && total > 0),
    max: total === null || total === 0 ? 1 : total,
    value: total === null || total === 0 ? (outcome === 'faerdig' ? 1 : 0) : done,
    progressText: total === null ? (running ? 'Tæller op …' : '') : `${done} af ${total} ${UNITS[job.kind] ?? 'trin'}`,
    summary: outcome === 'faerdig' ? summaryOf(job) : '',
    failure: outcome === 'afvist' || outcome === 'fejlet' ? failureText(outcome, problems.length, others) : '',
    errors: others,
    problems,
    problemsHeading: problems.length ? `Fejl i filerne (${problems.length})` : '',
    download: downloadOf(job),
    links: linksOf(job),
  };
}

/** The one sentence that says why and that nothing was written; the errors' own messages follow it as a list. */
function failureText(outcome: 'afvist' | 'fejlet', problems: number, others: JobError[]): string {
  if (problems > 0) {
    return `${problems === 1 ? 'Filerne har 1 fejl' : `Filerne har ${problems} fejl`}, så intet er skrevet. Ret rækkerne i tabellen nedenfor, og importér filerne igen.`;
  }
  // An unexpected failure's own message already says that nothing was saved and what to do.
  if (outcome === 'fejlet' && others.every((e) => e.unexpected)) return '';
  return 'Intet er ændret.';
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
