import { formatDate } from '../labels';
import { STATE_LABELS } from '../labels';

const EVENT_LABELS: Record<string, string> = {
  SCHEDULE: 'Dato booket',
  COMPLETE: 'Bekræftet',
  CANCEL: 'Annulleret',
  WAIVE: 'Fritaget',
  REOPEN: 'Genåbnet',
  DEADLINE_PASSED: 'Fristen overskredet',
  REPORT_SUBMITTED: 'Tilsynsafrapportering modtaget',
  REVIEWED: 'Chefens vurdering',
  FOLLOWUP_HELD: 'Opfølgningsmøde holdt',
  SAMTALE_HELD: 'Samtale holdt (loopet går videre)',
  SAMTALE_REOPENED: 'Samtale genåbnet (loopet går tilbage)',
  OPSAMLING_DONE: 'Opsamling gennemført',
  CREATED: 'Oprettet',
};

/** The audit trail's rows in Danish words for a history table. */
export function historyRows(items: { at: string; actorName: string | null; event: string; fromState: string | null; toState: string; reason: string | null; payload: unknown }[]) {
  return items.map((t) => {
    const at = new Date(t.at);
    const local = new Intl.DateTimeFormat('da-DK', { timeZone: 'Europe/Copenhagen', hour: '2-digit', minute: '2-digit' }).format(at);
    const day = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Copenhagen' }).format(at);
    const payload = (t.payload ?? {}) as { date?: string; decision?: string };
    return {
      when: `${formatDate(day)} kl. ${local}`,
      who: t.actorName ?? 'Systemet',
      what: EVENT_LABELS[t.event] ?? t.event,
      change: `${t.fromState ? label(t.fromState) : '–'} → ${label(t.toState)}`,
      detail: [payload.date ? `dato ${formatDate(payload.date)}` : '', payload.decision ? `beslutning: ${payload.decision === 'opfoelgningsmoede' ? 'opfølgningsmøde' : 'ingen opfølgning'}` : '', t.reason ?? '']
        .filter(Boolean)
        .join(' · '),
    };
  });
}

function label(state: string): string {
  return (STATE_LABELS as Record<string, string>)[state] ?? state.replace(/_/g, ' ');
}
