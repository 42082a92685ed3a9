/**
 * Every Danish word a user reads for the domain's codes — kinds, states of
 * every machine, roles, unit types, trail events — in one place for the pages,
 * the calendar, e-mails and messages. Identifiers stay in the API's
 * machine-readable fields (`state`, `event`, `kind`); people read these.
 */
// Only domain.ts is imported: the machines use this file (through machine-support's messages), so importing them
// here would be a cycle. The machines' own state lists are checked against these maps in src/web/labels.spec.ts,
// and the quality report machine types its milestone labels.
import type { VisitAnnouncement, VisitTrigger } from './tilsyn/tilsynsramme';
import type { AgeArea, AssignmentRole, DataInput, Governance, ObligationKind, ObligationState, ParticipantRole, UnitType } from './domain';

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

/** The learning loop's states (R12–R14, R30, R33). */
export const LOOP_STATE_LABELS: Readonly<Record<string, string>> = {
  runde1: 'Runde 1',
  runde2: 'Runde 2',
  runde3: 'Runde 3',
  runde4: 'Runde 4',
  opsamling: 'Opsamling',
  afsluttet: 'Afsluttet',
  lukket: 'Lukket (enheden er lukket)',
};

/** A quality report's state is the last milestone it reached (R11). */
export const QUALITY_REPORT_STATE_LABELS: Readonly<Record<string, string>> = {
  oprettet: 'Oprettet',
  temaer_valgt: 'Temaer valgt',
  raadmand_godkendt: 'Godkendt af rådmanden',
  udvalg_droeftet: 'Drøftet i udvalget',
  byraad_behandlet: 'Behandlet i byrådet',
  fokusomraader_afrapporteret: 'Fokusområder afrapporteret',
  opsamlet: 'Samlet op',
};

/** The board report review's states (R61–R63). */
export const BOARD_REPORT_STATE_LABELS: Readonly<Record<string, string>> = {
  afventer_rapport: 'Afventer afrapportering',
  afventer_vurdering: 'Afventer chefens vurdering',
  opfoelgning: 'Afventer opfølgningsmøde',
  afsluttet: 'Afsluttet',
};

/** States of the trail's own records (organisation changes, imports, releases). */
const RECORD_STATE_LABELS: Record<string, string> = { recorded: 'Registreret', udgivet: 'Udgivet' };

/** Any machine's state as a person reads it; an unknown code is shown with spaces for underscores rather than hidden. */
export function stateLabel(state: string | null | undefined): string {
  if (!state) return '';
  const all: Record<string, string> = { ...RECORD_STATE_LABELS, ...BOARD_REPORT_STATE_LABELS, ...QUALITY_REPORT_STATE_LABELS, ...LOOP_STATE_LABELS, ...STATE_LABELS };
  return all[state] ?? state.replace(/_/g, ' ');
}

export const ROLE_LABELS: Record<AssignmentRole | 'admin', string> = {
  chef: 'Børn og Unge-chef',
  leader: 'Leder',
  subLeader: 'Leder i næste lag',
  board: 'Bestyrelseskontakt',
  admin: 'Administrator',
};

/** R90: why a tilsyn visit takes place. */
export const VISIT_TRIGGER_LABELS: Record<VisitTrigger, string> = {
  ordinaer: 'Ordinært tilsyn',
  skaerpet_opfoelgning: 'Opfølgning på skærpet tilsyn',
  bekymring: 'Bekymring',
};

/**
 * A visit's name on a page. `heading`: the visit page's h1 ("Uanmeldt
 * tilsynsbesøg"); otherwise the short form of lists ("Uanmeldt"). R95's
 * follow-up visit says what it is — it is no ordinary visit of the cycle —
 * and a visit on a concern says so too.
 */
export function visitLabel(v: { announcement: VisitAnnouncement; trigger: VisitTrigger }, heading = false): string {
  const announced = v.announcement === 'uanmeldt' ? 'uanmeldt' : 'anmeldt';
  if (v.trigger === 'skaerpet_opfoelgning') return `Opfølgende besøg (skærpet tilsyn), ${announced}`;
  const name = heading ? `${announced === 'uanmeldt' ? 'Uanmeldt' : 'Anmeldt'} tilsynsbesøg` : announced === 'uanmeldt' ? 'Uanmeldt' : 'Anmeldt';
  return v.trigger === 'bekymring' ? `${name} (bekymring)` : name;
}

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

/** R25's data inputs, as the rulebook names them. */
export const DATA_INPUT_LABELS: Record<DataInput, string> = {
  A: 'A: Datapakken',
  B: 'B: Data fra egen praksis',
  C: 'C: Input fra 1:1-opfølgningerne',
  D: 'D: Input fra forældre og bestyrelse',
  E: 'E: Input fra børnene og de unge',
};

/** R32: how far an agreement from the previous samtale has come. */
export const AGREEMENT_STATUS_LABELS: Readonly<Record<string, string>> = { gennemfoert: 'Gennemført', i_gang: 'I gang', opgivet: 'Opgivet' };

export const UNIT_TYPE_LABELS: Record<UnitType, string> = { dagtilbud: 'Dagtilbud', skole: 'Skole', fu: 'FU-område' };
export const GOVERNANCE_LABELS: Record<Governance, string> = { kommunal: 'Kommunal', selvejende: 'Selvejende' };
/** Displayed ranges take an en dash ("6–18 år"); the values themselves (`6-18` in the API, CSV and URLs) keep their hyphen. */
export const AGE_AREA_LABELS: Record<AgeArea, string> = { '0-6': '0–6 år', '6-18': '6–18 år' };

/**
 * A range as a reader sees it: "2026-2027" (a tilsyn cycle's key) or "6-18" (an age area's value) with an en dash,
 * "2026–2027", "6–18" (Retskrivningsordbogen: tankestreg between the ends of a range). Anything else is returned as is.
 */
export function rangeLabel(value: string | null | undefined): string {
  if (value === null || value === undefined) return '';
  return /^\d+-\d+$/.test(value) ? value.replace('-', '–') : value;
}

/** The quality report's milestones (R11), as the administration records them. */
export const MILESTONE_LABELS = {
  temaer_valgt: 'Temaerne er valgt',
  raadmand_godkendt: 'Rådmanden har godkendt form, indhold og tids- og procesplan',
  udvalg_droeftet: 'Børn og Unge-udvalget har drøftet rapporten',
  byraad_behandlet: 'Byrådet har behandlet rapporten',
  fokusomraader_afrapporteret: 'Overblikket over de lokale fokusområder er afrapporteret til udvalget',
  opsamlet: 'Det lokale arbejde er samlet op til næste rapport',
} as const;

/** R13: the expected treatment date (`byraad_planlagt`), recorded in advance; not a milestone of the order. */
export const PLANNED_TREATMENT_LABEL = 'Forventet byrådsbehandling';

/** The trail's events (machines' events and the service's own records), as a history table shows them. */
const TRAIL_EVENT_LABELS: Record<string, string> = {
  // Statutory tilsyn (R90–R96).
  VISIT_CREATED: 'Tilsynsbesøg oprettet',
  INSPECTOR_ASSIGNED: 'Tilsynsførende tilknyttet',
  CREATED_BY_VISIT: 'Oprettet efter tilsynsbesøg',
  SKAERPET_TILSYN_OPENED: 'Skærpet tilsyn besluttet',
  SKAERPET_TILSYN_ENDED: 'Skærpet tilsyn afsluttet',
  BEMAERKNINGSVINDUE_AABNET: 'Bestyrelsens frist for bemærkninger åbnet',
  BESTYRELSENS_BEMAERKNINGER: 'Bestyrelsens bemærkninger registreret',
  TILSYNSRAPPORT_OFFENTLIGGJORT: 'Tilsynsrapport offentliggjort',
  CREATED: 'Oprettet',
  OPEN: 'Oprettet',
  RECORDED: 'Registreret',
  MILESTONE: 'Milepæl registreret',
  SCHEDULE: 'Dato booket',
  COMPLETE: 'Bekræftet som gennemført',
  CANCEL: 'Annulleret',
  WAIVE: 'Fritaget',
  REOPEN: 'Genåbnet',
  REMOVE: 'Fjernet',
  CLOSE: 'Afsluttet',
  DEADLINE_PASSED: 'Fristen overskredet',
  REPORT_SUBMITTED: 'Tilsynsafrapportering modtaget',
  REVIEWED: 'Chefens vurdering',
  FOLLOWUP_HELD: 'Opfølgningsmøde holdt',
  SAMTALE_HELD: 'Samtale holdt (loopet går videre)',
  SAMTALE_REOPENED: 'Samtale genåbnet (loopet går tilbage)',
  OPSAMLING_DONE: 'Opsamling gennemført',
  NEXT_REPORT_TREATED: 'Næste kvalitetsrapport behandlet (loopet slutter)',
  LOOP_STARTED: 'Læringsloop startet',
  LOOP_START_CORRECTED: 'Loopets start rettet',
  UNIT_JOINED: 'Ny enhed kom med i loopet',
  JOINED_MID_LOOP: 'Enheden åbnede midt i loopet',
  UNIT_CLOSED: 'Enheden er lukket',
  REPLANNED: 'Planlagt igen',
  REINSTATED: 'Genindsat',
  MIGRATION_REVERTED: 'Databaseændring rullet tilbage',
  DATAPAKKE_RELEASED: 'Datapakker udgivet',
  ORGANISATION_IMPORTED: 'Organisation importeret',
  ADMIN_GRANTED: 'Gjort til administrator',
  ADMIN_REVOKED: 'Ikke længere administrator',
};

const ENTITY_LABELS: Record<string, string> = { UNIT: 'Enhed', PERSON: 'Person', ASSIGNMENT: 'Tildeling', ENHED: 'Tilsynsenhed' };
const CHANGE_LABELS: Record<string, string> = { CREATED: 'oprettet', CHANGED: 'ændret', DELETED: 'slettet', CLOSED: 'afsluttet' };

/**
 * A trail event in Danish: "Milepæl: Byrådet har behandlet rapporten", "Person oprettet", … (the organisation's
 * trigger writes ENTITY_CHANGE; milestones and corrections carry the milestone after a colon).
 */
export function trailEventLabel(event: string): string {
  const [head, milestone] = event.split(':');
  if (milestone && (head === 'MILESTONE' || head === 'CORRECTED')) {
    const what =
      milestone === 'byraad_planlagt' ? PLANNED_TREATMENT_LABEL : ((MILESTONE_LABELS as Record<string, string>)[milestone] ?? milestone.replace(/_/g, ' '));
    return head === 'MILESTONE' ? `Milepæl: ${what}` : `Milepæl rettet: ${what}`;
  }
  if (TRAIL_EVENT_LABELS[event]) return TRAIL_EVENT_LABELS[event];
  const organisation = /^(UNIT|PERSON|ASSIGNMENT|ENHED)_(CREATED|CHANGED|DELETED|CLOSED)$/.exec(event);
  if (organisation) return `${ENTITY_LABELS[organisation[1]!]} ${CHANGE_LABELS[organisation[2]!]}`;
  return event;
}

/** The machines' states and events as phrases inside a refusal's sentence (from the rulebook's glossary). */
const STATE_PHRASES: Record<string, string> = {
  // obligation
  planned: 'forpligtelsen er planlagt',
  scheduled: 'forpligtelsen er booket',
  overdue: 'forpligtelsen er overskredet',
  completed: 'forpligtelsen er gennemført',
  cancelled: 'forpligtelsen er annulleret',
  waived: 'forpligtelsen er fritaget',
  // learning loop
  runde1: 'læringsloopet er i runde 1',
  runde2: 'læringsloopet er i runde 2',
  runde3: 'læringsloopet er i runde 3',
  runde4: 'læringsloopet er i runde 4',
  opsamling: 'læringsloopet er ved opsamlingen',
  lukket: 'læringsloopet er lukket',
  // learning loop and board report review share this word
  afsluttet: 'forløbet er afsluttet',
  // quality report
  oprettet: 'kvalitetsrapporten er oprettet',
  temaer_valgt: 'kvalitetsrapportens temaer er valgt',
  raadmand_godkendt: 'kvalitetsrapporten er godkendt af rådmanden',
  udvalg_droeftet: 'kvalitetsrapporten er drøftet i udvalget',
  byraad_behandlet: 'kvalitetsrapporten er behandlet i byrådet',
  fokusomraader_afrapporteret: 'kvalitetsrapportens fokusområder er afrapporteret',
  opsamlet: 'kvalitetsrapporten er samlet op',
  // board report review (R62)
  afventer_rapport: 'bestyrelsens tilsynsafrapportering ikke er modtaget',
  afventer_vurdering: 'tilsynsafrapporteringen afventer chefens vurdering',
  opfoelgning: 'tilsynsafrapporteringen afventer opfølgningsmødet',
};

const EVENT_PHRASES: Record<string, string> = {
  SCHEDULE: 'booke en dato',
  COMPLETE: 'bekræfte forpligtelsen som gennemført',
  DEADLINE_PASSED: 'markere forpligtelsen som overskredet',
  CANCEL: 'annullere forpligtelsen',
  WAIVE: 'fritage for forpligtelsen',
  REOPEN: 'genåbne forpligtelsen',
  SAMTALE_HELD: 'registrere læringssamtalen som holdt',
  SAMTALE_REOPENED: 'genåbne læringssamtalen',
  OPSAMLING_DONE: 'registrere loopopsamlingen',
  NEXT_REPORT_TREATED: 'lukke læringsloopet',
  MILESTONE: 'registrere en milepæl',
  REPORT_SUBMITTED: 'modtage bestyrelsens tilsynsafrapportering',
  REVIEWED: 'vurdere tilsynsafrapporteringen',
  FOLLOWUP_HELD: 'registrere opfølgningsmødet',
};

/** "Det er ikke muligt at bekræfte forpligtelsen som gennemført, når forpligtelsen er gennemført." */
export function notAcceptedMessage(state: string, event: string): string {
  const action = EVENT_PHRASES[event] ?? 'udføre handlingen';
  const where = STATE_PHRASES[state];
  return where ? `Det er ikke muligt at ${action}, når ${where}` : `Det er ikke muligt at ${action} i den nuværende tilstand`;
}

/** The Danish phrase for a stored state, e.g. for messages about stored snapshots. */
export function statePhrase(state: string): string | undefined {
  return STATE_PHRASES[state];
}

/**
 * An obligation's name in lists, headings and flashes: its kind and round
 * ("Læringssamtale 2"). A tilsyn visit says instead whether it is anmeldt or
 * uanmeldt, and its cycle ("Uanmeldt tilsynsbesøg 2026–2027"), read from its
 * subject key (`<cycle>:<anmeldt|uanmeldt>`); two visits of a cycle both have
 * sequence 1. Only a visit the reader may see reaches a page (R91,
 * visibility.ts), so naming its kind reveals nothing more. A follow-up visit
 * under skærpet tilsyn (its subject is the case) says so.
 *
 * What tells two rows of one unit apart is part of the name, given when the
 * caller knows it: the enhed of a statutory obligation (R4: a unit's visits,
 * reports and their follow-ups exist once per tilsynsenhed; `enhedName` is
 * null for the unit's implicit enhed) — "Anmeldt tilsynsbesøg 2026–2027,
 * Børnehuset Solsikken" — and the next-layer leader of an R51 follow-up —
 * "Ledelsesopfølgning 3 med Christian Holm" (R50's, chef with leader, has no
 * subject). Leave `subjectName` out where the reader is that person.
 */
export function obligationName(o: { kind: ObligationKind; sequence: number; subjectKey?: string | null; enhedName?: string | null; subjectName?: string | null }): string {
  const enhed = o.enhedName ? `, ${o.enhedName}` : '';
  if (o.kind === 'tilsynsbesoeg') {
    const m = /^(.+):(anmeldt|uanmeldt)$/.exec(o.subjectKey ?? '');
    if (!m) return `Opfølgende besøg (skærpet tilsyn)${enhed}`;
    return `${m[2] === 'uanmeldt' ? 'Uanmeldt' : 'Anmeldt'} tilsynsbesøg ${rangeLabel(m[1]!)}${enhed}`;
  }
  const subject = o.kind === 'ledelsesopfoelgning' && o.subjectName ? ` med ${o.subjectName}` : '';
  return `${KIND_LABELS[o.kind]}${o.kind === 'tilsynsafrapportering' || o.kind === 'opfoelgningsmoede' ? '' : ` ${o.sequence}`}${subject}${enhed}`;
}

/** The people of a 1:1 follow-up, by id and name, as the rows of Mit overblik and the calendar carry them. */
export interface FollowUpPeople {
  kind: ObligationKind;
  chefPersonId: string | null;
  chefName: string | null;
  leaderPersonId: string | null;
  leaderName: string | null;
  /** R51: the next-layer leader the unit's leader follows up with; null for R50's (chef with leader). */
  naesteLedelseslagPersonId: string | null;
  naesteLedelseslagName: string | null;
}

/**
 * Whom a 1:1 follow-up is with, seen by `reader` (a person id), for its name ("Ledelsesopfølgning 11 med Malene
 * Jørgensen", obligationName's `subjectName`): R51's next-layer leader, or, for that leader, the unit's leader; R50's
 * (chef with leader) names the one of the two the reader is not. A reader who is neither (an administrator, a chef
 * reading a leader's R51 follow-up through `omfang=enheder`) reads R50's without a name. Null for anything but a
 * ledelsesopfølgning. The one definition for every place that names a follow-up for a reader (Mit overblik, the
 * calendar feeds); it uses only names already on the row, and a follow-up is never secret (R91 does not apply).
 */
export function followUpWith(o: FollowUpPeople, reader: string): string | null {
  if (o.kind !== 'ledelsesopfoelgning') return null;
  if (o.naesteLedelseslagPersonId) return o.naesteLedelseslagPersonId !== reader ? o.naesteLedelseslagName : o.leaderName;
  if (o.leaderPersonId === reader) return o.chefName;
  if (o.chefPersonId === reader) return o.leaderName;
  return null;
}

/** A count and its noun in the right number: countOf(1, 'enhed', 'enheder') is "1 enhed", countOf(2, …) "2 enheder". */
export function countOf(count: number, one: string, many: string): string {
  return `${count} ${Number(count) === 1 ? one : many}`;
}

/** "R22, R24 og R27": a list as a Danish sentence says it. */
export function danishList(items: readonly string[]): string {
  return items.length < 2 ? items.join('') : `${items.slice(0, -1).join(', ')} og ${items[items.length - 1]}`;
}
