import { BOARD_REPORT_STATES } from './board-report/board-report.machine';
import { OBLIGATION_STATES } from './domain';
import { notAcceptedMessage, statePhrase } from './labels';
import { LEARNING_LOOP_STATES } from './learning-loop/learning-loop.machine';
import { OBLIGATION_EVENT_TYPES } from './obligation/obligation.machine';
import { QUALITY_REPORT_STATES } from './quality-report/quality-report.machine';

describe('Danish words for states and events (issue 11, kind 6)', () => {
  it('has a phrase for every state of every stored machine', () => {
    for (const state of [...OBLIGATION_STATES, ...LEARNING_LOOP_STATES, ...QUALITY_REPORT_STATES, ...BOARD_REPORT_STATES]) {
      expect({ state, phrase: statePhrase(state) }).toEqual({ state, phrase: expect.any(String) });
    }
  });

  it('never shows an event or state identifier', () => {
    for (const state of OBLIGATION_STATES) {
      for (const event of OBLIGATION_EVENT_TYPES) {
        const message = notAcceptedMessage(state, event);
        expect(message).not.toContain(event);
        expect(message).not.toMatch(new RegExp(`\\b${state}\\b`));
      }
    }
  });
});
