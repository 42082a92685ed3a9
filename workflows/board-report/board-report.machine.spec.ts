import { initialSnapshot } from '../machine-support';
import {
  BOARD_REPORT_SNAPSHOTS,
  BOARD_REPORT_STATES,
  boardReportMachine,
  boardReportTransition,
  type BoardReportEvent,
  type BoardReportState,
} from './board-report.machine';

const events = {
  REPORT_SUBMITTED: { type: 'REPORT_SUBMITTED' },
  'REVIEWED by chef: opfoelgningsmoede': { type: 'REVIEWED', decision: 'opfoelgningsmoede', actor: { chef: true } },
  'REVIEWED by chef: ingen_opfoelgning': { type: 'REVIEWED', decision: 'ingen_opfoelgning', actor: { chef: true } },
  'REVIEWED by non-chef': { type: 'REVIEWED', decision: 'ingen_opfoelgning', actor: { chef: false } },
  FOLLOWUP_HELD: { type: 'FOLLOWUP_HELD' },
} satisfies Record<string, BoardReportEvent>;
type EventName = keyof typeof events;

const NO = 'not-accepted' as const;
type Outcome = BoardReportState | 'R62' | typeof NO;

const expected: Record<BoardReportState, Record<EventName, Outcome>> = {
  afventer_rapport: {
    REPORT_SUBMITTED: 'afventer_vurdering',
    'REVIEWED by chef: opfoelgningsmoede': NO,
    'REVIEWED by chef: ingen_opfoelgning': NO,
    'REVIEWED by non-chef': NO,
    FOLLOWUP_HELD: NO,
  },
  afventer_vurdering: {
    REPORT_SUBMITTED: NO,
    'REVIEWED by chef: opfoelgningsmoede': 'opfoelgning',
    'REVIEWED by chef: ingen_opfoelgning': 'afsluttet',
    'REVIEWED by non-chef': 'R62',
    FOLLOWUP_HELD: NO,
  },
  opfoelgning: {
    REPORT_SUBMITTED: NO,
    'REVIEWED by chef: opfoelgningsmoede': NO,
    'REVIEWED by chef: ingen_opfoelgning': NO,
    'REVIEWED by non-chef': NO,
    FOLLOWUP_HELD: 'afsluttet',
  },
  afsluttet: {
    REPORT_SUBMITTED: NO,
    'REVIEWED by chef: opfoelgningsmoede': NO,
    'REVIEWED by chef: ingen_opfoelgning': NO,
    'REVIEWED by non-chef': NO,
    FOLLOWUP_HELD: NO,
  },
};

const cases = BOARD_REPORT_STATES.flatMap((state) =>
  (Object.keys(events) as EventName[]).map((name) => [state, name, expected[state][name]] as const),
);

describe('board report machine', () => {
  it('starts waiting for the report and ends done', () => {
    expect(initialSnapshot(boardReportMachine).value).toBe('afventer_rapport');
    expect(BOARD_REPORT_SNAPSHOTS.afsluttet.status).toBe('done');
  });

  it.each(cases)('R61/R62: %s + %s → %s', (state, name, outcome) => {
    const event = events[name];
    const result = boardReportTransition(state, event);
    if (outcome === 'R62') {
      expect(result).toEqual({
        ok: false,
        refusal: {
          kind: 'rule',
          rule: 'R62',
          message: 'Kun Børn og Unge-chefen kan vurdere bestyrelsens tilsynsafrapportering',
        },
      });
    } else if (outcome === NO) {
      expect(result).toEqual({ ok: false, refusal: { kind: 'not-accepted', state, event: event.type } });
    } else {
      expect(result).toEqual({ ok: true, state: outcome, snapshot: BOARD_REPORT_SNAPSHOTS[outcome] });
    }
  });

  it('R62: a review with an unknown decision is not accepted, even from the chef', () => {
    const result = boardReportTransition('afventer_vurdering', {
      type: 'REVIEWED',
      decision: 'skaerpet' as never,
      actor: { chef: true },
    });
    expect(result).toEqual({
      ok: false,
      refusal: { kind: 'not-accepted', state: 'afventer_vurdering', event: 'REVIEWED' },
    });
  });
});
