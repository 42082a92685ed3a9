import { formatDate, stateLabel, trailEventLabel } from '../labels';

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
      what: trailEventLabel(t.event),
      change: `${t.fromState ? stateLabel(t.fromState) : '–'} → ${stateLabel(t.toState)}`,
      detail: [payload.date ? `dato ${formatDate(payload.date)}` : '', payload.decision ? `beslutning: ${payload.decision === 'opfoelgningsmoede' ? 'opfølgningsmøde' : 'ingen opfølgning'}` : '', t.reason ?? '']
        .filter(Boolean)
        .join(' · '),
    };
  });
}
