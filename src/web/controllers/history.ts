import { formatDate, stateLabel, trailEventLabel } from '../labels';

type TrailPayload = { date?: string; startTime?: string; endTime?: string; location?: string; decision?: string; published?: string };

/**
 * What a trail row was about, in Danish: the obligation by name (when the
 * table is not already that obligation's own) and the payload's date, time
 * and place — "Dato booket" says which obligation and which date.
 */
export function trailDetail(t: { obligationId?: string | null; reason: string | null; payload: unknown }, obligationNames?: Map<string, string>): string {
  const payload = (t.payload ?? {}) as TrailPayload;
  const time = payload.startTime ? `kl. ${payload.startTime}${payload.endTime ? `–${payload.endTime}` : ''}` : '';
  return [
    t.obligationId && obligationNames?.get(t.obligationId) ? obligationNames.get(t.obligationId)! : '',
    payload.date ? `dato ${formatDate(payload.date)}` : '',
    time,
    payload.location ? `sted: ${payload.location}` : '',
    payload.published ? `offentliggjort ${formatDate(payload.published)}` : '',
    payload.decision ? `beslutning: ${payload.decision === 'opfoelgningsmoede' ? 'opfølgningsmøde' : 'ingen opfølgning'}` : '',
    t.reason ?? '',
  ]
    .filter(Boolean)
    .join(' · ');
}

/** The audit trail's rows in Danish words for a history table; `obligationNames` names each row's obligation (a unit's history). */
export function historyRows(
  items: { at: string; actorName: string | null; event: string; fromState: string | null; toState: string; reason: string | null; payload: unknown; obligationId?: string | null }[],
  obligationNames?: Map<string, string>,
) {
  return items.map((t) => {
    const at = new Date(t.at);
    const local = new Intl.DateTimeFormat('da-DK', { timeZone: 'Europe/Copenhagen', hour: '2-digit', minute: '2-digit' }).format(at);
    const day = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Copenhagen' }).format(at);
    return {
      when: `${formatDate(day)} kl. ${local}`,
      who: t.actorName ?? 'Systemet',
      what: trailEventLabel(t.event),
      change: `${t.fromState ? stateLabel(t.fromState) : '–'} → ${stateLabel(t.toState)}`,
      detail: trailDetail(t, obligationNames),
    };
  });
}
