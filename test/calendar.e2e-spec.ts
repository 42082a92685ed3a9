import request from 'supertest';
import { authOf, idOf, seedOrganisation, treatReport } from './support/fixtures';
import { createTestApp, TestApp } from './support/test-app';

/** RFC 5545 §3.1 unfolding. */
const unfold = (ics: string) => ics.replace(/\r\n[ \t]/g, '');

interface Vevent {
  uid: string;
  dtstart: string;
  dtend: string;
  summary: string;
  status: string;
  sequence: string;
  description: string;
}

/** The VEVENTs of a calendar, their properties unfolded (values still escaped). */
function events(ics: string): Vevent[] {
  return [...unfold(ics).matchAll(/BEGIN:VEVENT\r\n([\s\S]*?)END:VEVENT\r\n/g)].map((m) => {
    const props = new Map<string, string>();
    for (const line of m[1]!.split('\r\n').filter(Boolean)) {
      const colon = line.indexOf(':');
      props.set(line.slice(0, colon), line.slice(colon + 1));
    }
    return {
      uid: props.get('UID')!,
      dtstart: props.get('DTSTART;VALUE=DATE')!,
      dtend: props.get('DTEND;VALUE=DATE')!,
      summary: props.get('SUMMARY')!,
      status: props.get('STATUS')!,
      sequence: props.get('SEQUENCE')!,
      description: props.get('DESCRIPTION') ?? '',
    };
  });
}

/** The structural checks of RFC 5545 that a subscribing client relies on. */
function expectValidIcs(ics: string): void {
  expect(ics.endsWith('\r\n')).toBe(true);
  // CRLF everywhere: no bare LF or CR.
  expect(ics.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
  const lines = ics.slice(0, -2).split('\r\n');
  for (const line of lines) expect(Buffer.byteLength(line, 'utf8')).toBeLessThanOrEqual(75);
  // BEGIN/END balanced and properly nested.
  const stack: string[] = [];
  for (const line of unfold(ics).slice(0, -2).split('\r\n')) {
    if (line.startsWith('BEGIN:')) stack.push(line.slice(6));
    else if (line.startsWith('END:')) expect(stack.pop()).toBe(line.slice(4));
  }
  expect(stack).toEqual([]);
  const unfolded = unfold(ics).split('\r\n');
  expect(unfolded[0]).toBe('BEGIN:VCALENDAR');
  expect(unfolded).toEqual(expect.arrayContaining(['VERSION:2.0', 'CALSCALE:GREGORIAN', 'METHOD:PUBLISH', 'X-WR-TIMEZONE:Europe/Copenhagen']));
  expect(unfolded.some((l) => l.startsWith('PRODID:'))).toBe(true);
  for (const e of events(ics)) {
    expect(e.uid).toMatch(/^[0-9a-f-]{36}@kvalitetsloop$/);
    expect(e.dtstart).toMatch(/^\d{8}$/);
    expect(e.dtend).toMatch(/^\d{8}$/);
    expect(['TENTATIVE', 'CONFIRMED', 'CANCELLED']).toContain(e.status);
  }
}

const icsDate = (d: string) => d.replace(/-/g, '');

describe('calendars for chefs: me/calendar.ics and subscription feeds (issue 4)', () => {
  let t: TestApp;
  let admin: string;
  let chefVest: string;
  let chefNord: string;
  let leaderSk1: string;
  let samtaler: { id: string; sequence: number; dueOn: string }[];
  const bookedOn = '2020-05-12';

  const fetchIcs = async (auth: string) => {
    const res = await t.as(auth).get('/api/v1/me/calendar.ics').expect(200);
    expect(res.headers['content-type']).toBe('text/calendar; charset=utf-8');
    return res.text;
  };

  beforeAll(async () => {
    t = await createTestApp({ today: '2020-04-01' });
    admin = (await t.person('admin@test.local')).auth;
    await seedOrganisation(t, admin);
    await treatReport(t, admin, '6-18', 2020, '2020-03-25', ['Fravær', 'Læringsmiljø', 'Faglig udvikling']);
    chefVest = await authOf(t, 'chef.vest@test.dk');
    chefNord = await authOf(t, 'chef.nord@test.dk');
    leaderSk1 = await authOf(t, 'leder.sk1@test.dk');
    const sk1 = await idOf(t, 'unit', 'SK-1');
    samtaler = (await t.as(admin).get(`/api/v1/units/${sk1}/obligations?kind=laeringssamtale&limit=500`).expect(200)).body.items;
    expect(samtaler).toHaveLength(4);
  });
  afterAll(() => t.close());

  it("a chef's calendar holds their units' samtaler as valid RFC 5545, unbooked ones all-day on the due date", async () => {
    const ics = await fetchIcs(chefVest);
    expectValidIcs(ics);
    expect(unfold(ics)).toContain('X-WR-CALNAME:Kvalitetsloop – mine forpligtelser (Søren Vestergaard)');
    const byUid = new Map(events(ics).map((e) => [e.uid, e]));
    for (const s of samtaler) {
      const e = byUid.get(`${s.id}@kvalitetsloop`);
      expect(e).toBeDefined();
      expect(e!.summary).toBe(`Læringssamtale ${s.sequence} – Ellekærskolen`);
      expect(e!.dtstart).toBe(icsDate(s.dueOn));
      expect(e!.status).toBe('TENTATIVE');
      expect(e!.description).toContain('Ikke booket');
    }
    // The chef's other units and kinds are there too (FU-1's samtaler, follow-ups).
    expect(events(ics).some((e) => e.summary === 'Læringssamtale 1 – UngiAarhus Vest')).toBe(true);
    // R50: the chef's own follow-up names the leader it is with (followUpWith), as Mit overblik does.
    expect(events(ics).some((e) => e.summary.startsWith('1:1 ledelsesopfølgning 1 med Mette Kjær – Ellekærskolen'))).toBe(true);
  });

  it('UIDs are stable across fetches', async () => {
    const first = events(await fetchIcs(chefVest)).map((e) => e.uid);
    const second = events(await fetchIcs(chefVest)).map((e) => e.uid);
    expect(first.length).toBeGreaterThan(0);
    expect(second).toEqual(first);
  });

  it('a samtale booked by the leader sits on its booked date, CONFIRMED, with a higher SEQUENCE', async () => {
    const samtale1 = samtaler.find((s) => s.sequence === 1)!;
    const before = events(await fetchIcs(chefVest)).find((e) => e.uid === `${samtale1.id}@kvalitetsloop`)!;
    await t.as(leaderSk1).post(`/api/v1/obligations/${samtale1.id}/schedule`).send({ date: bookedOn }).expect(200);
    const after = events(await fetchIcs(chefVest)).find((e) => e.uid === `${samtale1.id}@kvalitetsloop`)!;
    expect(after.dtstart).toBe(icsDate(bookedOn));
    expect(after.dtend).toBe('20200513');
    expect(after.status).toBe('CONFIRMED');
    expect(after.description).toContain('Booket: 12. maj 2020');
    expect(Number(after.sequence)).toBeGreaterThan(Number(before.sequence));
    // The leader, who booked it, sees the same event in their own calendar.
    const leaders = events(await fetchIcs(leaderSk1)).find((e) => e.uid === `${samtale1.id}@kvalitetsloop`)!;
    expect(leaders.dtstart).toBe(icsDate(bookedOn));
  });

  it("another chef's calendar does not contain them, and an administrator's calendar is personal", async () => {
    const other = await fetchIcs(chefNord);
    expectValidIcs(other);
    const uids = new Set(events(other).map((e) => e.uid));
    for (const s of samtaler) expect(uids.has(`${s.id}@kvalitetsloop`)).toBe(false);
    expect(other).not.toContain('Ellekærskolen');
    const admins = await fetchIcs(admin);
    expectValidIcs(admins);
    expect(events(admins)).toEqual([]);
  });

  it('cancelled and waived obligations leave the calendar (issue 10)', async () => {
    const sk1 = await idOf(t, 'unit', 'SK-1');
    const followUps = (await t.as(admin).get(`/api/v1/units/${sk1}/obligations?kind=ledelsesopfoelgning&limit=500`).expect(200)).body.items
      .filter((o: { subjectKey: string }) => o.subjectKey === '');
    const [cancelled, waived] = followUps;
    const before = new Set(events(await fetchIcs(chefVest)).map((e) => e.uid));
    expect(before.has(`${cancelled.id}@kvalitetsloop`) && before.has(`${waived.id}@kvalitetsloop`)).toBe(true);
    await t.as(admin).post(`/api/v1/obligations/${cancelled.id}/cancel`).send({ reason: 'Test af kalenderen' }).expect(200);
    await t.as(admin).post(`/api/v1/obligations/${waived.id}/waive`).send({ reason: 'Test af kalenderen' }).expect(200);
    const after = new Set(events(await fetchIcs(chefVest)).map((e) => e.uid));
    expect(after.has(`${cancelled.id}@kvalitetsloop`)).toBe(false);
    expect(after.has(`${waived.id}@kvalitetsloop`)).toBe(false);
    expect(after.size).toBe(before.size - 2);
  });

  it('leaves out obligations due more than a year back or two years ahead', async () => {
    const uidsOn = async (today: string) => {
      t.clock.setToday(today);
      return new Set(events(await fetchIcs(chefVest)).map((e) => e.uid));
    };
    const uid = (sequence: number) => `${samtaler.find((s) => s.sequence === sequence)!.id}@kvalitetsloop`;
    try {
      // One year back from 2022-07-15 is 2021-07-15: samtale 4 (due 2021-12-15) is in, samtaler 1–3 are not.
      const late = await uidsOn('2022-07-15');
      expect([1, 2, 3, 4].map((n) => late.has(uid(n)))).toEqual([false, false, false, true]);
      // Two years ahead of 2018-06-05 is 2020-06-05: samtale 1 (due 2020-06-03) is in, samtaler 2–4 are not.
      const early = await uidsOn('2018-06-05');
      expect([1, 2, 3, 4].map((n) => early.has(uid(n)))).toEqual([true, false, false, false]);
    } finally {
      t.clock.setToday('2020-04-01');
    }
  });

  it('anonymous and forged bearer requests for me/calendar.ics get 401', async () => {
    const anonymous = await request(t.app.getHttpServer()).get('/api/v1/me/calendar.ics').expect(401);
    expect(anonymous.headers['content-type']).toMatch(/application\/json/);
    await t.as('Bearer not.a.token').get('/api/v1/me/calendar.ics').expect(401);
    await request(t.app.getHttpServer()).post('/api/v1/me/calendar-feed').expect(401);
    await request(t.app.getHttpServer()).delete('/api/v1/me/calendar-feed').expect(401);
  });

  describe('the subscription feed', () => {
    const server = () => request(t.app.getHttpServer());
    /** Feed links are absolute (PUBLIC_URL, here the default); the test server is reached by their path. */
    const anonymous = () => ({
      get: (url: string) => server().get(url.startsWith('http://localhost:3000/') ? url.slice('http://localhost:3000'.length) : url),
    });

    it('works without a bearer token, with the same content as me/calendar.ics', async () => {
      const created = await t.as(chefVest).post('/api/v1/me/calendar-feed').expect(201);
      const { url, token } = created.body as { url: string; token: string };
      expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(url).toBe(`http://localhost:3000/api/v1/calendar/${token}.ics`);
      // Only the hash is stored.
      const stored = await t.query<{ token_hash: string }>(`SELECT token_hash FROM calendar_feed`);
      expect(stored).toHaveLength(1);
      expect(stored[0]!.token_hash).toMatch(/^[0-9a-f]{64}$/);
      expect(JSON.stringify(stored)).not.toContain(token);

      const feed = await anonymous().get(url).expect(200);
      expect(feed.headers['content-type']).toBe('text/calendar; charset=utf-8');
      expect(feed.headers['cache-control']).toBe('private, max-age=300');
      expectValidIcs(feed.text);
      const mine = await fetchIcs(chefVest);
      const withoutStamp = (s: string) => unfold(s).replace(/^DTSTAMP:.*$/gm, '');
      expect(withoutStamp(feed.text)).toBe(withoutStamp(mine));
      expect(events(feed.text).map((e) => e.uid)).toEqual(expect.arrayContaining(samtaler.map((s) => `${s.id}@kvalitetsloop`)));
    });

    it('regenerating invalidates the old token (401) and the new one works', async () => {
      const first = (await t.as(chefVest).post('/api/v1/me/calendar-feed').expect(201)).body as { url: string; token: string };
      await anonymous().get(first.url).expect(200);
      const second = (await t.as(chefVest).post('/api/v1/me/calendar-feed').expect(201)).body as { url: string; token: string };
      expect(second.token).not.toBe(first.token);
      const old = await anonymous().get(first.url).expect(401);
      expect(old.headers['content-type']).toMatch(/application\/json/);
      expect(old.body.statusCode).toBe(401);
      await anonymous().get(second.url).expect(200);
    });

    it("each person's feed shows their own calendar", async () => {
      const nord = (await t.as(chefNord).post('/api/v1/me/calendar-feed').expect(201)).body as { url: string };
      const feed = await anonymous().get(nord.url).expect(200);
      expect(unfold(feed.text)).toContain('X-WR-CALNAME:Kvalitetsloop – mine forpligtelser (Hanne Nørgaard)');
      expect(feed.text).not.toContain('Ellekærskolen');
    });

    it('DELETE disables the feed (204; 401 afterwards)', async () => {
      const { url } = (await t.as(chefVest).post('/api/v1/me/calendar-feed').expect(201)).body as { url: string };
      await anonymous().get(url).expect(200);
      await t.as(chefVest).delete('/api/v1/me/calendar-feed').expect(204);
      await anonymous().get(url).expect(401);
      await t.as(chefVest).delete('/api/v1/me/calendar-feed').expect(204);
    });

    it('a malformed or unknown token is 401, never 404 or 500', async () => {
      const unknown = 'A'.repeat(43);
      for (const path of [
        `/api/v1/calendar/${unknown}.ics`,
        `/api/v1/calendar/${unknown}`,
        `/api/v1/calendar/${unknown}.ICS`,
        `/api/v1/calendar/${unknown}x.ics`,
        '/api/v1/calendar/short.ics',
        '/api/v1/calendar/.ics',
        `/api/v1/calendar/${'A'.repeat(42)}%2F.ics`,
        `/api/v1/calendar/${'A'.repeat(42)}%00.ics`,
        `/api/v1/calendar/'%20OR%201=1--.ics`,
        `/api/v1/calendar/${'x'.repeat(5000)}.ics`,
      ]) {
        const res = await anonymous().get(path);
        expect([path, res.status]).toEqual([path, 401]);
      }
      // A path that is not even valid percent-encoding is refused by the router before any token is read.
      const undecodable = await anonymous().get('/api/v1/calendar/%E0%A4%A.ics');
      expect(undecodable.status).toBe(400);
      // A bearer token does not open someone else's (or a missing) feed either.
      await t.as(chefVest).get(`/api/v1/calendar/${unknown}.ics`).expect(401);
    });
  });
});
