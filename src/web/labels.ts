import type { AssignmentRole, ObligationKind, ObligationState, ParticipantRole } from '../../workflows/domain';

/** Danish words for the domain's codes, in one place for every page. */
export const KIND_LABELS: Record<ObligationKind, string> = {
  laeringssamtale: 'Læringssamtale',
  datapakke: 'Datapakke',
  ledelsesopfoelgning: 'Ledelsesopfølgning',
  elevinput: 'Elevinput',
  bestyrelsesinput: 'Bestyrelsens input',
  loopopsamling: 'Opsamling på loopet',
  tilsynsafrapportering: 'Tilsynsafrapportering',
  opfoelgningsmoede: 'Opfølgningsmøde',
  ekstra: 'Ekstra ledelsesopfølgning',
  tilsynsgennemgang: 'Chefens gennemgang af tilsynsafrapporteringen',
  tilsynsbesoeg: 'Tilsynsbesøg',
  tilsynsdokumentation: 'Tilsynsdokumentation',
  tilsynsdialog: 'Tilsynsdialog med lederen',
  bestyrelsesorientering: 'Orientering af bestyrelsen om tilsynet',
  handleplan: 'Handleplan',
  bestyrelsesorientering_handleplan: 'Orientering af bestyrelsen om handleplanen',
  tilsynsrapport: 'Tilsynsrapport',
  skoleudviklingssamtale: 'Skoleudviklingssamtale',
};

export const STATE_LABELS: Record<ObligationState, string> = {
  planned: 'Planlagt',
  scheduled: 'Booket',
  overdue: 'Overskredet',
  completed: 'Gennemført',
  cancelled: 'Annulleret',
  waived: 'Fritaget',
};

/** DKFDS badge variants per state (colour is never the only carrier: the label is always printed). */
export const STATE_BADGES: Record<ObligationState, string> = {
  planned: 'badge-info',
  scheduled: 'badge-info',
  overdue: 'badge-error',
  completed: 'badge-success',
  cancelled: '',
  waived: '',
};

export const ROLE_LABELS: Record<AssignmentRole | 'admin', string> = {
  chef: 'Børn og Unge-chef',
  leader: 'Leder',
  subLeader: 'Leder i næste lag',
  board: 'Bestyrelseskontakt',
  admin: 'Administrator',
};

export const PARTICIPANT_LABELS: Record<ParticipantRole, string> = {
  chef: 'Børn og Unge-chef',
  leder: 'Leder',
  paedagogisk_leder: 'Pædagogisk leder',
  viceleder: 'Viceleder',
  fritidscenterleder: 'Fritidscenterleder',
  ungdomsskolekoordinator: 'Ungdomsskolekoordinator',
  medarbejderrepraesentant: 'Medarbejderrepræsentant',
  bestyrelsesrepraesentant: 'Bestyrelsesrepræsentant',
  senatsrepraesentant: 'Senatsrepræsentant',
  ungerepraesentant: 'Ungerepræsentant (senat eller ung bestyrelsesrepræsentant)',
  afdelingslederrepraesentant: 'Afdelingslederrepræsentant',
  elev: 'Elev',
  faglig_konsulent: 'Faglig konsulent',
  forvaltning: 'Forvaltningen',
  adhoc: 'Andre (ad hoc)',
};

const MONTHS = ['jan.', 'feb.', 'mar.', 'apr.', 'maj', 'jun.', 'jul.', 'aug.', 'sep.', 'okt.', 'nov.', 'dec.'];

/** 2026-11-30 → "30. nov. 2026" */
export function formatDate(value: string | null | undefined): string {
  if (!value) return '';
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(String(value));
  if (!m) return String(value);
  return `${Number(m[3])}. ${MONTHS[Number(m[2]) - 1]} ${m[1]}`;
}
