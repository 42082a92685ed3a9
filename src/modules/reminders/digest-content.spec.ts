import { copenhagenHour } from './reminders.cron';
import { DigestItem, MAX_ITEMS_PER_SECTION, renderDigest } from './digest-content';
import { isMonday, messageIdFor, sectionOf } from './digest.service';

const base = 'https://kvalitetsloop.aarhus.dk';
const links = { base, obligation: (id: string) => `${base}/forpligtelser/${id}`, unit: (id: string) => `${base}/enheder/${id}` };

const item = (over: Partial<DigestItem> = {}): DigestItem => ({
  obligationId: '6f1c1f49-3f4a-4a51-9d8e-0a0a0a0a0a0a',
  kind: 'laeringssamtale',
  sequence: 1,
  subjectKey: '',
  subjectName: null,
  unitId: 'a1b2c3d4-0000-4000-8000-000000000001',
  unitName: 'Den selvejende institution Åbyhøj',
  opensOn: '2020-03-25',
  dueOn: '2020-06-03',
  state: 'planned',
  scheduledOn: null,
  chefName: 'Søren Ærø',
  leaderName: 'Åse Brøndum',
  responsibleName: 'Bo Lund',
  section: 'frist_snart',
  ...over,
});

describe('a digest as e-mail (issue 10)', () => {
  const mail = renderDigest({
    recipientName: 'Søren Ærø',
    today: '2020-05-27',
    frequency: 'dagligt',
    items: [
      item(),
      item({ obligationId: 'b0000000-0000-4000-8000-000000000002', section: 'overskredet', kind: 'ledelsesopfoelgning', subjectKey: 'x', subjectName: 'Rasmus <Lund>', dueOn: '2020-05-01' }),
      item({ obligationId: 'c0000000-0000-4000-8000-000000000003', section: 'aabner', kind: 'elevinput', opensOn: '2020-05-27', dueOn: '2020-08-01' }),
    ],
    links,
  });

  it('has a Danish subject that counts each section', () => {
    expect(mail.subject).toBe('Kvalitetsloop: 1 overskredet, 1 med frist inden for 14 dage, 1 åbner nu');
  });

  it('lists overdue first, then due soon, then "start now", each with unit, names and an absolute link', () => {
    const order = ['Overskredet', 'Frist inden for 14 dage', 'Åbner nu'].map((h) => mail.text.indexOf(h));
    expect(order.every((i) => i > 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(mail.text).toContain('* Læringssamtale 1 – Den selvejende institution Åbyhøj: frist 3. juni 2020 (chef: Søren Ærø, leder: Åse Brøndum, ansvarlig: Bo Lund)');
    expect(mail.text).toContain(`  ${base}/forpligtelser/6f1c1f49-3f4a-4a51-9d8e-0a0a0a0a0a0a`);
    expect(mail.text).toContain('Input fra elevråd/senat – Den selvejende institution Åbyhøj: åbnede 27. maj 2020, frist 1. august 2020');
    expect(mail.html).toContain(`<a href="${base}/enheder/a1b2c3d4-0000-4000-8000-000000000001">Den selvejende institution Åbyhøj</a>`);
    for (const url of mail.text.match(/https?:\/\/\S+/g)!) expect(url.startsWith(`${base}/`)).toBe(true);
  });

  it('R4: a unit’s visits per tilsynsenhed are told apart by their enhed, escaped in the HTML', () => {
    const visits = renderDigest({
      recipientName: 'Søren Ærø',
      today: '2026-11-30',
      frequency: 'dagligt',
      items: [
        item({ obligationId: 'd0000000-0000-4000-8000-000000000004', kind: 'tilsynsbesoeg', subjectKey: '2026-2027:anmeldt', enhedName: 'Børnehuset <Solsikken>' }),
        item({ obligationId: 'e0000000-0000-4000-8000-000000000005', kind: 'tilsynsbesoeg', subjectKey: '2026-2027:anmeldt', enhedName: 'Vuggestuen Mælkebøtten' }),
      ],
      links,
    });
    expect(visits.text).toContain('* Anmeldt tilsynsbesøg 2026–2027, Børnehuset <Solsikken> – Den selvejende institution Åbyhøj');
    expect(visits.text).toContain('* Anmeldt tilsynsbesøg 2026–2027, Vuggestuen Mælkebøtten – Den selvejende institution Åbyhøj');
    expect(visits.html).toContain('Anmeldt tilsynsbesøg 2026–2027, Børnehuset &lt;Solsikken&gt;');
  });

  it('escapes names in the HTML', () => {
    expect(mail.html).toContain('1:1 ledelsesopfølgning 1 med Rasmus &lt;Lund&gt;');
    expect(mail.html).not.toContain('<Lund>');
  });

  it(`shows at most ${MAX_ITEMS_PER_SECTION} lines per section and counts the rest`, () => {
    const many = Array.from({ length: MAX_ITEMS_PER_SECTION + 7 }, (_, i) => item({ obligationId: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`, kind: 'datapakke' }));
    const big = renderDigest({ recipientName: 'Karin Møller', today: '2020-05-27', frequency: 'ugentligt', items: many, links });
    expect(big.text.match(/^\* Datapakke 1/gm)).toHaveLength(MAX_ITEMS_PER_SECTION);
    expect(big.text).toContain('… og 7 flere');
    expect(big.text).toContain('hver mandag');
  });

  it("adds the coverage audit's failing checks for administrators", () => {
    const admin = renderDigest({
      recipientName: 'Karin Møller', today: '2020-06-08', frequency: 'dagligt', items: [], links,
      coverage: { from: '2019-06-09', to: '2020-06-08', failures: [{ rule: 'R28', failed: 3 }, { rule: 'R41', failed: 1 }] },
    });
    expect(admin.subject).toBe('Kvalitetsloop: ugens tilsynsdækning');
    expect(admin.text).toContain('R28 (læringssamtaler med den rette deltagelse): 3 enheder');
    expect(admin.text).toContain('R41 (datapakker offentliggjort før samtalen): 1 enhed');
  });
});

describe('where a reminder lands', () => {
  const today = '2020-05-27';
  it.each([
    ['before_due_14', 'planned', '2020-06-03', '2020-03-25', true, 'frist_snart'],
    ['before_due_1', 'scheduled', '2020-05-28', '2020-03-25', true, 'frist_snart'],
    ['overdue', 'overdue', '2020-05-01', '2020-03-25', true, 'overskredet'],
    ['before_due_14', 'overdue', '2020-05-01', '2020-03-25', true, 'overskredet'],
    ['opens', 'planned', '2020-08-01', '2020-05-27', true, 'aabner'],
    ['opens', 'planned', '2020-06-01', '2020-05-27', true, 'frist_snart'],
    ['before_due_14', 'completed', '2020-06-03', '2020-03-25', true, null],
    ['overdue', 'cancelled', '2020-05-01', '2020-03-25', true, null],
    ['overdue', 'waived', '2020-05-01', '2020-03-25', true, null],
    ['overdue', 'overdue', '2020-05-01', '2020-03-25', false, null],
  ] as const)('%s on a %s obligation due %s, opening %s, visible to the recipient %s (R3) → %s', (kind, state, dueOn, opensOn, visible, expected) => {
    expect(sectionOf(kind, { state, dueOn, opensOn }, visible as boolean, today)).toBe(expected);
  });

  it('knows a Monday, and builds a stable Message-ID from the digest id', () => {
    expect(['2020-06-07', '2020-06-08', '2026-11-30'].map(isMonday)).toEqual([false, true, true]);
    expect(messageIdFor('6f1c1f49-3f4a-4a51-9d8e-0a0a0a0a0a0a', 'https://kvalitetsloop.aarhus.dk/app')).toBe('<digest-6f1c1f49-3f4a-4a51-9d8e-0a0a0a0a0a0a@kvalitetsloop.aarhus.dk>');
  });
});

describe('the morning in Copenhagen', () => {
  it('reads the hour in Europe/Copenhagen, winter and summer time alike', () => {
    expect(copenhagenHour(new Date('2026-11-30T05:00:00Z'))).toBe(6);
    expect(copenhagenHour(new Date('2026-07-01T04:00:00Z'))).toBe(6);
    expect(copenhagenHour(new Date('2026-07-01T03:59:00Z'))).toBe(5);
    expect(copenhagenHour(new Date('2026-11-30T22:30:00Z'))).toBe(23);
  });
});
