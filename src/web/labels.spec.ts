import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BOARD_REPORT_STATES } from '../../workflows/board-report/board-report.machine';
import { OBLIGATION_STATES } from '../../workflows/domain';
import { AGREEMENT_STATUSES } from '../../workflows/laeringssamtale/agreement-followup.rules';
import { LEARNING_LOOP_STATES } from '../../workflows/learning-loop/learning-loop.machine';
import { QUALITY_REPORT_MILESTONES, QUALITY_REPORT_STATES } from '../../workflows/quality-report/quality-report.machine';
import { AGE_AREA_LABELS, AGREEMENT_STATUS_LABELS, obligationName, rangeLabel, stateLabel, trailEventLabel } from './labels';
import { historyRows } from './controllers/history';

const ROOT = join(__dirname, '..', '..');
/** String.prototype.normalize's forms: quoted capitals in a trail writer that are no event. */
const UNICODE_FORMS = new Set(['NFC', 'NFD', 'NFKC', 'NFKD']);

/** Every file that writes to the trail (services, the organisation trigger, data migrations). */
function trailWriters(): string[] {
  const walk = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name)) : e.name.endsWith('.ts') && !e.name.endsWith('.spec.ts') ? [join(dir, e.name)] : []));
  return [...walk(join(ROOT, 'src', 'modules')), ...walk(join(ROOT, 'migrations'))].filter((f) => /INTO transition|appendTransition\(/.test(readFileSync(f, 'utf8')));
}

describe('pages show Danish words, never a statechart value or an event code', () => {
  it('every state of every stored machine has a Danish label, the loop’s "runde3" included', () => {
    for (const state of [...OBLIGATION_STATES, ...LEARNING_LOOP_STATES, ...QUALITY_REPORT_STATES, ...BOARD_REPORT_STATES, 'recorded', 'udgivet']) {
      const label = stateLabel(state);
      expect({ state, label }).toEqual({ state, label: expect.stringMatching(/^[A-ZÆØÅ][^_]*$/) });
      expect(label).not.toBe(state);
    }
    expect(stateLabel('runde3')).toBe('Runde 3');
    for (const status of AGREEMENT_STATUSES) expect(AGREEMENT_STATUS_LABELS[status]).toEqual(expect.stringMatching(/^[A-ZÆØÅ][^_]*$/));
  });

  it('every event any code writes to the trail has a Danish label (found by reading the writers, so a new event without one fails here)', () => {
    const events = new Set<string>();
    for (const file of trailWriters()) {
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(/'([A-Z][A-Z]+(?:_[A-Z]+)*)'/g)) if (!UNICODE_FORMS.has(m[1]!)) events.add(m[1]!);
    }
    // The organisation trigger composes ENTITY_CHANGE; milestones carry their name after a colon.
    for (const entity of ['UNIT', 'PERSON', 'ASSIGNMENT']) for (const change of ['CREATED', 'CHANGED', 'DELETED', 'CLOSED']) events.add(`${entity}_${change}`);
    for (const m of [...QUALITY_REPORT_MILESTONES, 'byraad_planlagt']) events.add(`MILESTONE:${m}`).add(`CORRECTED:${m}`);
    // SQL and trigger words that are not events.
    for (const word of ['INSERT', 'UPDATE', 'DELETE', 'ASC', 'DESC']) events.delete(word);
    expect(events.size).toBeGreaterThan(30);
    const unlabelled = [...events].filter((e) => trailEventLabel(e) === e || /[A-Z]{2,}|_/.test(trailEventLabel(e)));
    expect(unlabelled).toEqual([]);
  });

  it('a history row reads in Danish from event to states', () => {
    const [row] = historyRows([{ at: '2026-11-30T08:56:00Z', actorName: null, event: 'LOOP_STARTED', fromState: null, toState: 'runde1', reason: null, payload: null }]);
    expect(row).toMatchObject({ who: 'Systemet', what: 'Læringsloop startet', change: '– → Runde 1' });
    expect(historyRows([{ at: '2026-11-30T08:56:00Z', actorName: 'A', event: 'SAMTALE_HELD', fromState: 'runde2', toState: 'runde3', reason: null, payload: null }])[0]!.change).toBe('Runde 2 → Runde 3');
  });
});

describe('displayed ranges take an en dash (webB finding 3)', () => {
  it('age areas read "0–6 år" and "6–18 år"; their values keep the hyphen', () => {
    expect(AGE_AREA_LABELS).toEqual({ '0-6': '0–6 år', '6-18': '6–18 år' });
  });

  it('a tilsyn cycle or an age area value is shown with an en dash; dates, codes and empty values are left alone', () => {
    expect(rangeLabel('2026-2027')).toBe('2026–2027');
    expect(rangeLabel('6-18')).toBe('6–18');
    expect(rangeLabel('2026-11-30')).toBe('2026-11-30');
    expect(rangeLabel('DAG-01')).toBe('DAG-01');
    expect(rangeLabel(null)).toBe('');
  });

  it('a tilsyn visit’s name writes its cycle with an en dash', () => {
    expect(obligationName({ kind: 'tilsynsbesoeg', sequence: 1, subjectKey: '2026-2027:uanmeldt' })).toBe('Uanmeldt tilsynsbesøg 2026–2027');
  });
});
