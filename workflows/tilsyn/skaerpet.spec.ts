import { addDays, toUtcDate } from '../calendar/local-date';
import { boardCommentStatus, checkBoardComment, checkEnding, checkHandleplan, checkOpening, commentWindow, DEFAULT_SKAERPET_DEADLINES as D, followUpVisitWindow, handleplanDueOn, orientationDueOn } from './skaerpet';

/** Weekdays only: enough for these rules, which take the calendar as a parameter. */
const weekdays = (date: string, n: number) => {
  let d = date;
  for (let left = n; left > 0; ) {
    d = addDays(d, 1);
    const w = toUtcDate(d).getUTCDay();
    if (w !== 0 && w !== 6) left -= 1;
  }
  return d;
};

describe('R95 skærpet tilsyn and R96 handleplan (pure rules)', () => {
  it('R95: decided within 5 working days of the finding, not before it, not in the future, not twice', () => {
    const base = { foundOn: '2026-11-13', today: '2026-11-30', alreadyOpen: false };
    expect(checkOpening({ ...base, decidedOn: '2026-11-20' }, D, weekdays)).toEqual([]);
    expect(checkOpening({ ...base, decidedOn: '2026-11-23' }, D, weekdays).map((v) => v.rule)).toEqual(['R95']);
    expect(checkOpening({ ...base, decidedOn: '2026-11-12' }, D, weekdays).map((v) => v.rule)).toEqual(['R95']);
    expect(checkOpening({ ...base, decidedOn: '2026-11-20', today: '2026-11-19' }, D, weekdays)).toHaveLength(1);
    expect(checkOpening({ ...base, decidedOn: '2026-11-20', alreadyOpen: true }, D, weekdays)).toHaveLength(1);
  });

  it('R95: the follow-up visit is due 3 months after the decision with a handleplan, 6 without', () => {
    expect(followUpVisitWindow('2026-11-20', true, D)).toEqual({ opensOn: '2026-11-20', dueOn: '2027-02-20' });
    expect(followUpVisitWindow('2026-11-20', false, D)).toEqual({ opensOn: '2026-11-20', dueOn: '2027-05-20' });
  });

  it('R95: ends only after a held follow-up visit, by a decision not before the opening', () => {
    const base = { state: 'aaben' as const, openedOn: '2026-11-20', today: '2027-03-01' };
    expect(checkEnding({ ...base, decidedOn: '2027-03-01', followUpHeldOn: null })).toHaveLength(1);
    expect(checkEnding({ ...base, decidedOn: '2027-02-01', followUpHeldOn: '2027-02-10' })).toHaveLength(1);
    expect(checkEnding({ ...base, decidedOn: '2027-03-01', followUpHeldOn: '2027-02-10' })).toEqual([]);
    expect(checkEnding({ ...base, decidedOn: '2026-11-19', followUpHeldOn: '2026-11-19' }).map((v) => v.rule)).toEqual(['R95']);
  });

  it('R96: the handleplan is due 10 working days after the decision; the orientation 5 after the handleplan; the window 14 days', () => {
    expect(handleplanDueOn('2026-11-20', D, weekdays)).toBe('2026-12-04');
    expect(orientationDueOn('2026-12-04', D, weekdays)).toBe('2026-12-11');
    expect(commentWindow('2026-12-11', D)).toEqual({ opensOn: '2026-12-11', closesOn: '2026-12-25' });
  });

  it('R96: the handleplan is made with the leader and says how quality is strengthened', () => {
    const leaders = ['leder', 'paedagogisk_leder'] as const;
    expect(checkHandleplan({ participants: [{ role: 'leder', name: 'A' }], plan: 'Plan' }, leaders)).toEqual([]);
    expect(checkHandleplan({ participants: [{ role: 'chef', name: 'A' }], plan: 'Plan' }, leaders).map((v) => v.field)).toEqual(['participants']);
    expect(checkHandleplan({ participants: [{ role: 'leder', name: 'A' }], plan: ' ' }, leaders).map((v) => v.field)).toEqual(['note']);
  });

  it('R96: comments only inside the window; a window closed without comments reads "ingen bemærkninger"', () => {
    const w = { opensOn: '2026-12-11', closesOn: '2026-12-25' };
    expect(checkBoardComment(null, '2026-12-12', '2026-12-12')).toHaveLength(1);
    expect(checkBoardComment(w, '2026-12-25', '2026-12-30')).toEqual([]);
    expect(checkBoardComment(w, '2026-12-26', '2026-12-30')).toHaveLength(1);
    expect(checkBoardComment(w, '2026-12-10', '2026-12-30')).toHaveLength(1);
    expect(boardCommentStatus(null, 0, '2026-12-30')).toBe('ikke_orienteret');
    expect(boardCommentStatus(w, 0, '2026-12-25')).toBe('vindue_aabent');
    expect(boardCommentStatus(w, 0, '2026-12-26')).toBe('ingen_bemaerkninger');
    expect(boardCommentStatus(w, 2, '2026-12-26')).toBe('bemaerkninger');
  });
});
