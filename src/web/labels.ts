import type { ObligationState } from '../../workflows/domain';

/** R90: the header's name for a person named as inspector on a visit. */
export const INSPECTOR_LABEL = 'Tilsynsførende';

/** The domain's Danish words live in workflows/labels.ts (one map for pages, calendar and messages); the pages add badges and dates. */
export {
  AGE_AREA_LABELS,
  AGREEMENT_STATUS_LABELS,
  DATA_INPUT_LABELS,
  BOARD_REPORT_STATE_LABELS,
  GOVERNANCE_LABELS,
  KIND_LABELS,
  LOOP_STATE_LABELS,
  PARTICIPANT_LABELS,
  QUALITY_REPORT_STATE_LABELS,
  ROLE_LABELS,
  STATE_LABELS,
  UNIT_TYPE_LABELS,
  VISIT_TRIGGER_LABELS,
  countOf,
  danishList,
  followUpWith,
  obligationName,
  rangeLabel,
  stateLabel,
  trailEventLabel,
  visitLabel,
} from '../../workflows/labels';

/** DKFDS badge variants per state (colour is never the only carrier: the label is always printed). */
export const STATE_BADGES: Record<ObligationState, string> = {
  planned: 'badge-info',
  scheduled: 'badge-info',
  overdue: 'badge-error',
  completed: 'badge-success',
  cancelled: '',
  waived: '',
};

const MONTHS = ['jan.', 'feb.', 'mar.', 'apr.', 'maj', 'jun.', 'jul.', 'aug.', 'sep.', 'okt.', 'nov.', 'dec.'];

/** 2026-11-30 → "30. nov. 2026" */
export function formatDate(value: string | null | undefined): string {
  if (!value) return '';
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(String(value));
  if (!m) return String(value);
  return `${Number(m[3])}. ${MONTHS[Number(m[2]) - 1]} ${m[1]}`;
}

/**
 * The API's messages write dates as ISO (2026-12-10, for machines); a page
 * writes them as "10. dec. 2026". Every message a page shows from a service
 * passes here (withFieldLabels, the error page, the impartiality list).
 */
export function danishDatesIn(text: string): string {
  return text.replace(/\b(\d{4})-(\d{2})-(\d{2})\b/g, (iso) => formatDate(iso));
}
