import { addDays } from '../../workflows/calendar/local-date';
import type { ObligationKind, ObligationState } from '../../workflows/domain';
import { STATE_LABELS, formatDate, obligationName } from './labels';

/** What the timeline needs of an obligation (the API's ObligationResponse has it all). */
export interface TimelineObligation {
  id: string;
  kind: ObligationKind;
  sequence: number;
  subjectKey: string;
  opensOn: string;
  dueOn: string;
  scheduledOn: string | null;
  completedOn: string | null;
  state: ObligationState;
}

export interface TimelineBar {
  x: number;
  width: number;
  y: number;
  height: number;
  state: ObligationState;
  label: string;
  /** A short mark inside or beside the bar ("1", "2"…) */
  mark: string;
  markX: number;
}

export interface TimelineLane {
  label: string;
  y: number;
  bars: TimelineBar[];
}

export interface TimelineSvg {
  width: number;
  height: number;
  lanes: TimelineLane[];
  ticks: { x: number; label: string }[];
  today: { x: number; label: string } | null;
  labelWidth: number;
  /** For aria-label: one sentence about the whole loop. */
  summary: string;
}

const LANES: { kinds: ObligationKind[]; label: string; own?: (o: TimelineObligation) => boolean }[] = [
  { kinds: ['laeringssamtale'], label: 'Læringssamtaler' },
  { kinds: ['datapakke'], label: 'Datapakker' },
  { kinds: ['elevinput'], label: 'Elevinput' },
  { kinds: ['bestyrelsesinput'], label: 'Bestyrelsens input' },
  { kinds: ['ledelsesopfoelgning'], label: 'Opfølgning chef–leder', own: (o) => o.subjectKey === '' },
  { kinds: ['tilsynsafrapportering', 'opfoelgningsmoede'], label: 'Tilsyn (bestyrelse)' },
  { kinds: ['loopopsamling'], label: 'Opsamling' },
];

const MONTHS = ['jan.', 'feb.', 'mar.', 'apr.', 'maj', 'jun.', 'jul.', 'aug.', 'sep.', 'okt.', 'nov.', 'dec.'];

function days(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/**
 * The loop at a glance as geometry for an SVG drawn on the server: one lane per
 * kind of obligation, a bar per obligation from its window's opening to its due
 * date, coloured by state (the state is also in each bar's text and in the
 * table beside it, so colour is never the only carrier). Pure: no I/O.
 */
export function buildTimeline(loop: { startsOn: string; expectedEndOn: string }, obligations: TimelineObligation[], today: string): TimelineSvg {
  const labelWidth = 190;
  const width = 1000;
  const laneHeight = 34;
  const top = 28;
  const lastDue = obligations.reduce((max, o) => (o.dueOn > max ? o.dueOn : max), loop.expectedEndOn);
  const start = loop.startsOn;
  const end = lastDue > loop.expectedEndOn ? lastDue : loop.expectedEndOn;
  const span = Math.max(1, days(start, end));
  const plot = width - labelWidth - 16;
  const xOf = (date: string) => labelWidth + Math.max(0, Math.min(span, days(start, date))) * (plot / span);

  const lanes: TimelineLane[] = [];
  for (const def of LANES) {
    const own = obligations.filter((o) => def.kinds.includes(o.kind) && (def.own ? def.own(o) : true));
    if (own.length === 0) continue;
    const y = top + lanes.length * laneHeight;
    lanes.push({
      label: def.label,
      y,
      bars: own.map((o) => {
        const x = xOf(o.opensOn);
        const w = Math.max(6, xOf(o.dueOn) - x);
        const name = obligationName(o);
        return {
          x,
          width: w,
          y: y + 6,
          height: laneHeight - 12,
          state: o.state,
          label: `${name}: ${STATE_LABELS[o.state]}, frist ${formatDate(o.dueOn)}`,
          mark: o.kind === 'ledelsesopfoelgning' ? '' : String(o.sequence),
          markX: x + w / 2,
        };
      }),
    });
  }

  // A tick at the first of every third month.
  const ticks: { x: number; label: string }[] = [];
  const [sy, sm] = start.split('-').map(Number) as [number, number];
  for (let i = 0; i < 40; i++) {
    const month = ((sm - 1 + i) % 12) + 1;
    const year = sy + Math.floor((sm - 1 + i) / 12);
    const date = `${year}-${String(month).padStart(2, '0')}-01`;
    if (date > end) break;
    if (date < start || (month - 1) % 3 !== 0) continue;
    ticks.push({ x: xOf(date), label: `${MONTHS[month - 1]} ${year}` });
  }
  const height = top + lanes.length * laneHeight + 8;
  const inside = today >= start && today <= addDays(end, 0);
  const done = obligations.filter((o) => o.state === 'completed').length;
  const overdue = obligations.filter((o) => o.state === 'overdue').length;
  return {
    width,
    height,
    lanes,
    ticks,
    today: inside ? { x: xOf(today), label: `I dag ${formatDate(today)}` } : null,
    labelWidth,
    summary: `Læringsloopet ${formatDate(start)} til ${formatDate(end)}: ${obligations.length} forpligtelser, ${done} gennemført, ${overdue} overskredne. Samme oplysninger står i tabellen under grafikken.`,
  };
}

/** R50: the chef–leader follow-ups held in a calendar year, towards six. */
export function followUpsInYear(obligations: TimelineObligation[], year: number): { held: number; planned: number; target: number } {
  const own = obligations.filter((o) => o.kind === 'ledelsesopfoelgning' && o.subjectKey === '' && o.dueOn.startsWith(`${year}-`));
  return { held: own.filter((o) => o.state === 'completed').length, planned: own.length, target: 6 };
}
