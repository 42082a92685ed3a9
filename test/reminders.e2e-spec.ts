import { simpleParser, ParsedMail } from 'mailparser';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { SchedulerService } from '../src/modules/scheduler/scheduler.service';
import { DigestService } from '../src/modules/reminders/digest.service';
import { MailSettings } from '../src/modules/reminders/mail-settings';
import { authOf, idOf, seedOrganisation, treatReport } from './support/fixtures';
import { createTestApp, TestApp } from './support/test-app';

const PUBLIC_URL = 'https://kvalitetsloop.example.dk';
const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';

/** A real SMTP server in the test: every message is parsed with mailparser. */
async function startSmtp(refuse: Set<string>) {
  const received: { to: string[]; mail: ParsedMail }[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onRcptTo(address, _session, callback) {
      if (refuse.has(address.address)) {
        const error = new Error('Postkassen er midlertidigt utilgængelig') as Error & { responseCode: number };
        error.responseCode = 450;
        return callback(error);
      }
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', async () => {
        received.push({ to: session.envelope.rcptTo.map((r) => r.address), mail: await simpleParser(Buffer.concat(chunks)) });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  return { received, url: `smtp://127.0.0.1:${port}`, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

describe('e-mail digests: one Danish digest per person (issue 10)', () => {
  let t: TestApp;
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  const refuse = new Set<string>();
  let admin: string;
  let scheduler: SchedulerService;
  let digests: DigestService;

  beforeAll(async () => {
    smtp = await startSmtp(refuse);
    // A Wednesday: samtale 1 (due 3 June) falls due within 14 days, and the first follow-up window is open.
    t = await createTestApp({ today: '2020-05-27', app: { publicUrl: PUBLIC_URL, mail: new MailSettings(smtp.url, 'Kvalitetsloop <noreply@aarhus.dk>') } });
    admin = (await t.person('admin@test.local')).auth;
    await seedOrganisation(t, admin);
    await treatReport(t, admin, '6-18', 2020, '2020-03-25', ['Fravær', 'Læringsmiljø']);
    scheduler = t.app.get(SchedulerService);
    digests = t.app.get(DigestService);
  });
  afterAll(async () => {
    await t.close();
    await smtp.close();
  });

  it('one digest per person per day after two scheduler passes: Danish letters intact, links absolute, nothing the recipient may not see (R3)', async () => {
    // A reminder about Ellekærskolen addressed to the chef of another unit: she may not see it, so no digest may mention it.
    const chefNord = await idOf(t, 'person', 'chef.nord@test.dk');
    const sk1 = await idOf(t, 'unit', 'SK-1');
    refuse.add('leder.fu1@test.dk');
    await scheduler.runPass();
    const [secret] = await t.query<{ id: string }>(`SELECT id FROM obligation WHERE unit_id = $1 AND kind = 'laeringssamtale' AND sequence = 1`, [sk1]);
    await t.query(`INSERT INTO reminder (obligation_id, recipient_person_id, kind) VALUES ($1, $2, 'before_due_14')`, [secret!.id, chefNord]);
    const first = await digests.morning();
    await scheduler.runPass();
    const second = await digests.morning();
    expect(first.compose.digests).toBeGreaterThan(3);
    expect(second.compose.digests).toBe(0);
    expect(second.delivery.sent).toBe(0);

    const byRecipient = new Map<string, ParsedMail[]>();
    for (const r of smtp.received) for (const to of r.to) byRecipient.set(to, [...(byRecipient.get(to) ?? []), r.mail]);
    for (const [to, mails] of byRecipient) expect([to, mails.length]).toEqual([to, 1]);
    const stored = await t.query<{ email: string; status: string; message_id: string }>(
      `SELECT p.email, d.status, d.message_id FROM digest d JOIN person p ON p.id = d.recipient_person_id`,
    );
    expect(stored.filter((d) => d.status === 'sent').map((d) => d.email).sort()).toEqual([...byRecipient.keys()].sort());
    // Every reminder written is carried by a digest or settled as obsolete: none is left behind.
    const [{ left }] = await t.query<{ left: number }>(`SELECT count(*)::int AS left FROM reminder WHERE digest_id IS NULL AND obsolete_at IS NULL`);
    expect(left).toBe(0);

    const chefMail = byRecipient.get('chef.vest@test.dk')![0]!;
    expect(chefMail.subject).toMatch(/^Kvalitetsloop: /);
    expect(chefMail.subject).toContain('frist inden for 14 dage');
    expect(chefMail.from!.value[0]).toMatchObject({ name: 'Kvalitetsloop', address: 'noreply@aarhus.dk' });
    expect(chefMail.to && 'text' in chefMail.to ? chefMail.to.text : '').toContain('Søren Vestergaard');
    expect(chefMail.text).toContain('Hej Søren Vestergaard');
    expect(chefMail.text).toContain('Læringssamtale 1 – Ellekærskolen');
    expect(chefMail.text).toContain('leder: Mette Kjær');
    expect(chefMail.text).toContain('frist 3. juni 2020');
    expect(chefMail.html).toContain('Ellekærskolen');
    expect(chefMail.messageId).toBe(stored.find((d) => d.email === 'chef.vest@test.dk')!.message_id);
    expect(chefMail.messageId).toMatch(new RegExp(`^<digest-${UUID}@kvalitetsloop\\.example\\.dk>$`));

    for (const { to, mail } of smtp.received) {
      const hrefs = [...String(mail.html).matchAll(/href="([^"]+)"/g)].map((m) => m[1]!);
      expect(hrefs.length).toBeGreaterThan(0);
      for (const href of hrefs) expect(href.startsWith(`${PUBLIC_URL}/`)).toBe(true);
      const textUrls = mail.text!.match(/https?:\/\/\S+/g) ?? [];
      for (const url of textUrls) expect(url.startsWith(`${PUBLIC_URL}/`)).toBe(true);
      // Only obligations the recipient may see (visibility.ts): checked against the database.
      const ids = [...new Set([...String(mail.html).matchAll(new RegExp(`/forpligtelser/(${UUID})`, 'g'))].map((m) => m[1]!))];
      const [person] = await t.query<{ id: string; admin: boolean }>(`SELECT id, admin FROM person WHERE email = $1`, [to[0]]);
      const visible = await t.query<{ id: string }>(
        `SELECT o.id FROM obligation o WHERE o.id = ANY($1::uuid[]) AND ($3 OR o.responsible_person_id = $2 OR o.chef_person_id = $2 OR o.leader_person_id = $2
           OR (o.kind = 'ledelsesopfoelgning' AND o.subject_key = $2::text))`,
        [ids, person!.id, person!.admin],
      );
      expect(visible.map((v) => v.id).sort()).toEqual(ids.sort());
    }
    // R50/R51: a 1:1 follow-up in a mail names whom it is with, as the recipient sees it (followUpWith), never the recipient.
    const followUps = [...smtp.received].flatMap(({ to, mail }) => [...mail.text!.matchAll(/1:1 ledelsesopfølgning \d+[^\n–]*/g)].map((m) => ({ to: to[0]!, title: m[0].trim() })));
    expect(followUps.filter((f) => !/ med \S/.test(f.title))).toEqual([]);
    expect(followUps.filter((f) => f.to === 'chef.vest@test.dk').map((f) => f.title)).toEqual(
      expect.arrayContaining([expect.stringMatching(/ med Mette Kjær$/), expect.stringMatching(/ med Jens Østergaard$/)]),
    );
    const nord = byRecipient.get('chef.nord@test.dk') ?? [];
    for (const mail of nord) expect(mail.html).not.toContain(secret!.id);
  });

  it('a failing recipient never stops the others; the failure is retried with backoff and then sent once', async () => {
    const [failed] = await t.query<{ id: string; status: string; attempts: number; last_error: string; next_attempt_at: Date; message_id: string }>(
      `SELECT d.* FROM digest d JOIN person p ON p.id = d.recipient_person_id WHERE p.email = 'leder.fu1@test.dk'`,
    );
    expect(failed).toMatchObject({ status: 'pending', attempts: 1 });
    expect(failed!.last_error).toContain('450');
    expect(failed!.next_attempt_at.getTime()).toBeGreaterThan(Date.now());
    // Not yet due: nothing is sent.
    expect((await digests.deliver()).sent).toBe(0);
    refuse.clear();
    await t.query(`UPDATE digest SET next_attempt_at = now() WHERE id = $1`, [failed!.id]);
    const before = smtp.received.length;
    expect(await digests.deliver()).toEqual({ sent: 1, failed: 0 });
    expect(smtp.received.length).toBe(before + 1);
    expect(smtp.received.at(-1)!.mail.messageId).toBe(failed!.message_id);
    const [row] = await t.query<{ status: string }>(`SELECT status FROM digest WHERE id = $1`, [failed!.id]);
    expect(row!.status).toBe('sent');
    const carried = await t.query<{ sent_at: Date | null }>(`SELECT sent_at FROM reminder WHERE digest_id = $1`, [failed!.id]);
    expect(carried.length).toBeGreaterThan(0);
    expect(carried.every((r) => r.sent_at !== null)).toBe(true);
  });

  it('a worker killed mid-send: its claim expires and the digest is sent at most once more, with the same Message-ID; a live claim is left alone', async () => {
    const [sent] = await t.query<{ id: string; message_id: string }>(`SELECT id, message_id FROM digest WHERE status = 'sent' ORDER BY id LIMIT 1`);
    // As if a worker claimed it again and died: status sending, claim still held by someone else.
    await t.query(`UPDATE digest SET status = 'sending', claimed_until = now() + interval '5 minutes' WHERE id = $1`, [sent!.id]);
    expect((await digests.deliver()).sent).toBe(0);
    await t.query(`UPDATE digest SET claimed_until = now() - interval '1 second' WHERE id = $1`, [sent!.id]);
    const before = smtp.received.length;
    const [a, b] = await Promise.all([digests.deliver(), digests.deliver()]);
    expect(a.sent + b.sent).toBe(1);
    expect(smtp.received.length).toBe(before + 1);
    expect(smtp.received.at(-1)!.mail.messageId).toBe(sent!.message_id);
    expect((await digests.deliver()).sent).toBe(0);
  });

  it('two replicas delivering at once never send the same digest', async () => {
    t.clock.setToday('2020-05-28');
    try {
      await scheduler.runPass();
      // Something new for the leaders of the 6-18 units, so the day has digests to deliver.
      await t.query(
        `INSERT INTO reminder (obligation_id, recipient_person_id, kind)
         SELECT id, leader_person_id, 'before_due_1' FROM obligation
          WHERE kind = 'laeringssamtale' AND sequence = 1 AND leader_person_id IS NOT NULL AND state IN ('planned', 'scheduled')
         ON CONFLICT DO NOTHING`,
      );
      // Two replicas composing at once: one takes the lock, the other returns at once; one digest per person and day either way.
      const composed = await Promise.all([digests.compose(), digests.compose()]);
      expect(composed.reduce((n, c) => n + c.digests, 0)).toBeGreaterThan(0);
      const [{ dupes }] = await t.query<{ dupes: number }>(
        `SELECT count(*)::int AS dupes FROM (SELECT 1 FROM digest GROUP BY recipient_person_id, digest_on HAVING count(*) > 1) x`);
      expect(dupes).toBe(0);
      const [{ pending }] = await t.query<{ pending: number }>(`SELECT count(*)::int AS pending FROM digest WHERE status = 'pending'`);
      expect(pending).toBeGreaterThan(0);
      const before = smtp.received.length;
      const reports = await Promise.all([digests.deliver(), digests.deliver(), digests.deliver()]);
      expect(reports.reduce((n, r) => n + r.sent, 0)).toBe(pending);
      const ids = smtp.received.slice(before).map((r) => r.mail.messageId);
      expect(new Set(ids).size).toBe(ids.length);
    } finally {
      t.clock.setToday('2020-05-27');
    }
  });

  it('each person sets their own frequency: weekly digests wait for Monday, off sends none', async () => {
    const leader = await authOf(t, 'leder.sk1@test.dk');
    expect((await t.as(leader).get('/api/v1/me/reminder-settings').expect(200)).body).toEqual({ frequency: 'dagligt', email: 'leder.sk1@test.dk' });
    await t.as(leader).put('/api/v1/me/reminder-settings').send({ frequency: 'ugentligt' }).expect(200);
    const bad = await t.as(leader).put('/api/v1/me/reminder-settings').send({ frequency: 'hver time' }).expect(400);
    expect(JSON.stringify(bad.body)).toContain('frequency');
    const chef = await authOf(t, 'chef.vest@test.dk');
    await t.as(chef).put('/api/v1/me/reminder-settings').send({ frequency: 'fra' }).expect(200);
    const leaderId = await idOf(t, 'person', 'leder.sk1@test.dk');
    const chefId = await idOf(t, 'person', 'chef.vest@test.dk');
    const digestDays = async (id: string) => (await t.query<{ d: string }>(`SELECT digest_on::text AS d FROM digest WHERE recipient_person_id = $1 ORDER BY 1`, [id])).map((r) => r.d);
    const leaderBefore = await digestDays(leaderId);
    // Something for the leader to hear about during the week: samtale 1 at the skole, due 3 June, overdue by Monday.
    const [samtale1] = await t.query<{ id: string }>(
      `SELECT id FROM obligation WHERE unit_id = $1 AND kind = 'laeringssamtale' AND sequence = 1`, [await idOf(t, 'unit', 'SK-1')]);
    await t.query(`INSERT INTO reminder (obligation_id, recipient_person_id, kind) VALUES ($1, $2, 'overdue')`, [samtale1!.id, leaderId]);
    const chefBefore = await digestDays(chefId);
    try {
      for (const day of ['2020-06-02', '2020-06-03', '2020-06-04', '2020-06-05', '2020-06-06', '2020-06-07', '2020-06-08']) {
        t.clock.setToday(day);
        await scheduler.runPass();
        await digests.morning();
      }
    } finally {
      t.clock.setToday('2020-05-27');
    }
    // 8 June 2020 is a Monday.
    expect((await digestDays(leaderId)).filter((d) => !leaderBefore.includes(d))).toEqual(['2020-06-08']);
    expect(await digestDays(chefId)).toEqual(chefBefore);
  });

  it("administrators get the datapakker in one digest and, on Mondays, the coverage audit's failing checks", async () => {
    const [mail] = smtp.received.filter((r) => r.to.includes('admin@test.local') && /Tilsynsdækning/.test(r.mail.text ?? '')).map((r) => r.mail);
    expect(mail).toBeDefined();
    expect(mail!.text).toMatch(/R\d\d \(/);
    const adminId = await idOf(t, 'person', 'admin@test.local');
    const perDay = await t.query<{ d: string; n: number }>(`SELECT digest_on::text AS d, count(*)::int AS n FROM digest WHERE recipient_person_id = $1 GROUP BY 1`, [adminId]);
    expect(perDay.every((r) => r.n === 1)).toBe(true);
    const withDatapakker = smtp.received.filter((r) => r.to.includes('admin@test.local') && /Datapakke \d/.test(r.mail.text ?? ''));
    expect(withDatapakker.length).toBeGreaterThan(0);
  });

  it('the outbox is for administrators: every digest with its text, status and Message-ID', async () => {
    await t.as(await authOf(t, 'leder.sk1@test.dk')).get('/api/v1/admin/outbox').expect(403);
    const page = (await t.as(admin).get('/api/v1/admin/outbox?limit=500').expect(200)).body;
    expect(page.smtpConfigured).toBe(true);
    expect(page.total).toBe(page.items.length);
    expect(page.items[0]).toEqual(expect.objectContaining({ subject: expect.any(String), text: expect.any(String), html: expect.any(String), messageId: expect.any(String) }));
    await t.as(admin).get('/api/v1/admin/outbox?status=nope').expect(400);
  });
});

describe('without SMTP_URL nothing is sent, and the outbox shows what would have gone out (issue 10)', () => {
  let t: TestApp;
  let smtp: Awaited<ReturnType<typeof startSmtp>>;

  beforeAll(async () => {
    smtp = await startSmtp(new Set());
    t = await createTestApp({ today: '2020-05-27', app: { publicUrl: PUBLIC_URL } });
  });
  afterAll(async () => {
    await t.close();
    await smtp.close();
  });

  it('records every digest as recorded and sends nothing', async () => {
    const admin = (await t.person('admin@test.local')).auth;
    await seedOrganisation(t, admin);
    await treatReport(t, admin, '6-18', 2020, '2020-03-25', ['Fravær']);
    await t.app.get(SchedulerService).runPass();
    const { compose, delivery } = await t.app.get(DigestService).morning();
    expect(compose.digests).toBeGreaterThan(0);
    expect(delivery).toEqual({ sent: 0, failed: 0 });
    expect(smtp.received).toEqual([]);
    const page = (await t.as(admin).get('/api/v1/admin/outbox?limit=500').expect(200)).body;
    expect(page.smtpConfigured).toBe(false);
    expect(page.total).toBe(compose.digests);
    expect(page.items.every((i: { status: string }) => i.status === 'recorded')).toBe(true);
    const chef = page.items.find((i: { to: string }) => i.to.includes('chef.vest@test.dk'));
    expect(chef.text).toContain('Ellekærskolen');
    expect(chef.reminders).toBeGreaterThan(0);
  });
});
