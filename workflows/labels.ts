/**
 * The words a user reads for the machines' states and events, from the
 * rulebook's glossary. Identifiers stay in the API's machine-readable fields
 * (`state`, `event`); messages use these.
 */
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
