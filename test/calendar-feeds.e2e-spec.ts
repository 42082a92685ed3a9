import ICAL from 'ical.js';
import request from 'supertest';
import { authOf, idOf, seedOrganisation, treatReport } from './support/fixtures';
import { createTestApp, TestApp } from './support/test-app';

const PUBLIC_URL = 'https://kvalitetsloop.example.dk/app';

interface ParsedEvent {
  uid: string;
  summary: string;
  location: string | null;
  allDay: boolean;
  start: ICAL.Time;
  end: ICAL.Time;
  dtstamp: Date;
  lastModified: Date;
  sequence: number;
  status: string;
}

/** Parses a feed with ical.js (a real RFC 5545 parser) and registers its VTIMEZONEs, as a subscribing client would. */
function parse(ics: string): { calendar: ICAL.Component; events: ParsedEvent[] } {
  const calendar = new ICAL.Component(ICAL.parse(ics));
  for (const tz of calendar.getAllSubcomponents('vtimezone')) ICAL.TimezoneService.register(tz);
  const events = calendar.getAllSubcomponents('vevent').map((c) => {
    const e = new ICAL.Event(c);
    return {
      uid: e.uid,
      summary: e.summary,
      location: e.location ?? null,
      allDay: e.startDate.isDate,
      start: e.startDate,
      end: e.endDate,
      dtstamp: (c.getFirstPropertyValue('dtstamp') as ICAL.Time).toJSDate(),
      lastModified: (c.getFirstPropertyValue('last-modified') as ICAL.Time).toJSDate(),
      sequence: Number(c.getFirstPropertyValue('sequence')),
      status: String(c.getFirstPropertyValue('status')),
    };
  });
  return { calendar, events };
}

/** The rules every feed follows (issue 10), checked on the parsed calendar. */
function expectFeedRules(ics: string, calname: RegExp): ParsedEvent[] {
  const { calendar, events } = parse(ics);
  expect(String(calendar.getFirstPropertyValue('x-wr-calname'))).toMatch(calname);
  expect(String(calendar.getFirstPropertyValue('x-published-ttl'))).toBe('PT1H');
  expect(String(calendar.getFirstPropertyValue('refresh-interval'))).toBe('PT1H');
  const timed = events.filter((e) => !e.allDay);
  if (timed.length > 0) {
    const zones = calendar.getAllSubcomponents('vtimezone').map((z) => z.getFirstPropertyValue('tzid'));
    expect(zones).toEqual(['Europe/Copenhagen']);
  }
  for (const e of timed) expect(e.start.zone?.tzid).toBe('Europe/Copenhagen');
  for (const e of events) {
    expect(e.status).not.toBe('CANCELLED');
    expect(e.dtstamp.getTime()).toBe(e.lastModified.getTime());
    expect(e.end.compare(e.start)).toBe(1);
  }
  return events;
}

describe('calendar feeds people can subscribe to (issue 10)', () => {
  let t: TestApp;
  let admin: string;
  let chef: string;
  let leader: string;
  let sk1: string;
  let feedPath: string;
  let unitsFeedPath: string;
  const anonymous = () => request(t.app.getHttpServer());
  const get = async (path: string) => (await anonymous().get(path).expect(200)).text;

  beforeAll(async () => {
    t = await createTestApp({ today: '2020-04-01', app: { publicUrl: PUBLIC_URL } });
    admin = (await t.person('admin@test.local')).auth;
    await seedOrganisation(t, admin);
    await treatReport(t, admin, '6-18', 2020, '2020-03-25', ['Fravær', 'Læringsmiljø']);
    chef = await authOf(t, 'chef.vest@test.dk');
    leader = await authOf(t, 'leder.sk1@test.dk');
    sk1 = await idOf(t, 'unit', 'SK-1');
    const created = (await t.as(chef).post('/api/v1/me/calendar-feed').expect(201)).body as { url: string; unitsUrl: string };
    // The subscription link is absolute from PUBLIC_URL, so it can be pasted into Outlook.
    expect(created.url).toMatch(/^https:\/\/kvalitetsloop\.example\.dk\/app\/api\/v1\/calendar\/[A-Za-z0-9_-]{43}\.ics$/);
    expect(created.unitsUrl).toBe(`${created.url}?omfang=enheder`);
    feedPath = created.url.slice(PUBLIC_URL.length);
    unitsFeedPath = created.unitsUrl.slice(PUBLIC_URL.length);
  });
  afterAll(() => t.close());

  it("by default a chef's feed holds what she takes part in, not her leaders' follow-ups with their next-layer leaders; ?omfang=enheder adds them", async () => {
    const mine = expectFeedRules(await get(feedPath), /^Kvalitetsloop – mine forpligtelser \(Søren Vestergaard\)$/);
    const units = expectFeedRules(await get(unitsFeedPath), /^Kvalitetsloop – mine enheder \(Søren Vestergaard\)$/);
    expect(mine.some((e) => e.summary.startsWith('Læringssamtale 1 – Ellekærskolen'))).toBe(true);
    // R50: the chef's own 1:1 follow-up names the leader it is with, as Mit overblik does (followUpWith).
    expect(mine.some((e) => /^1:1 ledelsesopfølgning \d+ med Mette Kjær – Ellekærskolen$/.test(e.summary))).toBe(true);
    expect(mine.filter((e) => /^1:1 ledelsesopfølgning \d+ – /.test(e.summary))).toEqual([]);
    expect(mine.filter((e) => e.summary.includes(' med Rasmus Lund'))).toEqual([]);
    expect(units.filter((e) => e.summary.includes(' med Rasmus Lund')).length).toBeGreaterThan(0);
    const mineUids = new Set(mine.map((e) => e.uid));
    expect(units.filter((e) => mineUids.has(e.uid))).toHaveLength(mine.length);
    // The next-layer leader's own feed has their follow-ups with the leader.
    const pl = (await t.as(await authOf(t, 'pl.sk1@test.dk')).get('/api/v1/me/calendar.ics').expect(200)).text;
    const plEvents = expectFeedRules(pl, /Rasmus Lund/);
    expect(plEvents.length).toBeGreaterThan(0);
    expect(plEvents.every((e) => e.summary.startsWith('1:1 ledelsesopfølgning'))).toBe(true);
    // R51 seen by the next-layer leader: with the unit's leader, never with themself.
    expect(plEvents.every((e) => / med Mette Kjær – Ellekærskolen$/.test(e.summary))).toBe(true);
    await anonymous().get(`${feedPath}?omfang=alt`).expect(400);
  });

  it('R50: the leader reads the same follow-ups as with the chef, in the bearer feed and the token feed, both omfang', async () => {
    const feed = (await t.as(leader).post('/api/v1/me/calendar-feed').expect(201)).body as { token: string };
    const chefFollowUps = expectFeedRules(await get(feedPath), /mine forpligtelser/).filter((e) => /^1:1 ledelsesopfølgning .* – Ellekærskolen$/.test(e.summary));
    expect(chefFollowUps.length).toBeGreaterThan(0);
    for (const ics of [
      (await t.as(leader).get('/api/v1/me/calendar.ics').expect(200)).text,
      (await t.as(leader).get('/api/v1/me/calendar.ics?omfang=enheder').expect(200)).text,
      await get(`/api/v1/calendar/${feed.token}.ics`),
      await get(`/api/v1/calendar/${feed.token}.ics?omfang=enheder`),
    ]) {
      const events = expectFeedRules(ics, /Mette Kjær/);
      const r50 = events.filter((e) => chefFollowUps.some((c) => c.uid === e.uid));
      expect(r50.length).toBe(chefFollowUps.length);
      expect(r50.every((e) => / med Søren Vestergaard – Ellekærskolen$/.test(e.summary))).toBe(true);
      // R51 from the leader's side names the next-layer leader.
      expect(events.some((e) => / med Rasmus Lund – Ellekærskolen$/.test(e.summary))).toBe(true);
      expect(events.filter((e) => e.summary.includes('med Mette Kjær'))).toEqual([]);
    }
  });

  it('a booking with a start time is a timed event in Europe/Copenhagen with its place; without one it is all-day on the booked date', async () => {
    const { items } = (await t.as(leader).get(`/api/v1/units/${sk1}/obligations?kind=laeringssamtale&limit=10`).expect(200)).body;
    const [s1, s2] = items;
    const timed = await t.as(leader).post(`/api/v1/obligations/${s1.id}/schedule`)
      .send({ date: '2020-05-12', startTime: '09:30', endTime: '11:00', location: 'Mødelokale 2, Ellekærskolen' }).expect(200);
    expect(timed.body).toMatchObject({ startTime: '09:30', endTime: '11:00', location: 'Mødelokale 2, Ellekærskolen' });
    await t.as(leader).post(`/api/v1/obligations/${s2.id}/schedule`).send({ date: '2020-09-10' }).expect(200);
    await t.as(leader).post(`/api/v1/obligations/${s2.id}/schedule`).send({ date: '2020-09-10', endTime: '10:00' }).expect(400);
    await t.as(leader).post(`/api/v1/obligations/${s2.id}/schedule`).send({ date: '2020-09-10', startTime: '10:00', endTime: '09:00' }).expect(400);
    await t.as(leader).post(`/api/v1/obligations/${s2.id}/schedule`).send({ date: '2020-09-10', startTime: '25:00' }).expect(400);

    const events = expectFeedRules(await get(feedPath), /mine forpligtelser/);
    const e1 = events.find((e) => e.uid === `${s1.id}@kvalitetsloop`)!;
    expect(e1.allDay).toBe(false);
    // 09:30 summer time in Copenhagen is 07:30 UTC; 11:00 is 09:00 UTC.
    expect(e1.start.toJSDate().toISOString()).toBe('2020-05-12T07:30:00.000Z');
    expect(e1.end.toJSDate().toISOString()).toBe('2020-05-12T09:00:00.000Z');
    expect(e1.location).toBe('Mødelokale 2, Ellekærskolen');
    const e2 = events.find((e) => e.uid === `${s2.id}@kvalitetsloop`)!;
    expect(e2.allDay).toBe(true);
    expect(e2.start.toString()).toBe('2020-09-10');
    // Stamps come from the stored row.
    const [row] = await t.query<{ updated_at: Date; version: number }>(`SELECT updated_at, version FROM obligation WHERE id = $1`, [s1.id]);
    expect(e1.dtstamp.getTime()).toBe(Math.floor(row!.updated_at.getTime() / 1000) * 1000);
    expect(e1.sequence).toBe(row!.version - 1);
  });

  it('a completed obligation sits on the day it was held; cancelled and waived ones leave the feed', async () => {
    const followUps = (await t.as(chef).get(`/api/v1/units/${sk1}/obligations?kind=ledelsesopfoelgning&limit=500`).expect(200)).body.items
      .filter((o: { subjectKey: string }) => o.subjectKey === '');
    const [held, cancelled, waived] = followUps;
    await t.as(chef).post(`/api/v1/obligations/${held.id}/complete`).send({ heldOn: '2020-03-30' }).expect(200);
    await t.as(admin).post(`/api/v1/obligations/${cancelled.id}/cancel`).send({ reason: 'Ikke relevant' }).expect(200);
    await t.as(admin).post(`/api/v1/obligations/${waived.id}/waive`).send({ reason: 'Ikke relevant' }).expect(200);
    const events = expectFeedRules(await get(feedPath), /mine forpligtelser/);
    const e = events.find((x) => x.uid === `${held.id}@kvalitetsloop`)!;
    expect([e.allDay, e.start.toString()]).toEqual([true, '2020-03-30']);
    expect(events.find((x) => x.uid === `${cancelled.id}@kvalitetsloop`)).toBeUndefined();
    expect(events.find((x) => x.uid === `${waived.id}@kvalitetsloop`)).toBeUndefined();
  });

  it('an unchanged feed keeps its strong ETag and answers 304 to If-None-Match; a change gives a new one', async () => {
    const first = await anonymous().get(feedPath).expect(200);
    await new Promise((r) => setTimeout(r, 1100));
    const second = await anonymous().get(feedPath).expect(200);
    expect(second.text).toBe(first.text);
    const etag = first.headers.etag as string;
    expect(etag).toMatch(/^"[A-Za-z0-9_-]+"$/); // strong: no W/
    expect(second.headers.etag).toBe(etag);
    const notModified = await anonymous().get(feedPath).set('If-None-Match', etag).expect(304);
    expect(notModified.text ?? '').toBe('');
    const bearer = await t.as(chef).get('/api/v1/me/calendar.ics').expect(200);
    await t.as(chef).get('/api/v1/me/calendar.ics').set('If-None-Match', bearer.headers.etag as string).expect(304);

    const { items } = (await t.as(leader).get(`/api/v1/units/${sk1}/obligations?kind=laeringssamtale&limit=10`).expect(200)).body;
    await t.as(leader).post(`/api/v1/obligations/${items[2].id}/schedule`).send({ date: '2021-03-02', startTime: '13:00' }).expect(200);
    const changed = await anonymous().get(feedPath).set('If-None-Match', etag).expect(200);
    expect(changed.headers.etag).not.toBe(etag);
    const e = expectFeedRules(changed.text, /mine forpligtelser/).find((x) => x.uid === `${items[2].id}@kvalitetsloop`)!;
    // 13:00 winter time is 12:00 UTC; without an end time the meeting lasts an hour.
    expect([e.start.toJSDate().toISOString(), e.end.toJSDate().toISOString()]).toEqual(['2021-03-02T12:00:00.000Z', '2021-03-02T13:00:00.000Z']);
  });
});
