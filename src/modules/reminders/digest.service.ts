import { followUpWith } from '../../../workflows/labels';
import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { addDays, addYears, toUtcDate } from '../../../workflows/calendar/local-date';
import type { LocalDate } from '../../../workflows/domain';
import { Clock } from '../../common/clock';
import { PublicUrl } from '../../common/public-url';
import { AuditService } from '../audit';
import type { CoverageQuery } from '../audit';
import { reminderRecipients, visibleTo } from '../obligations';
import { CoverageFailure, DigestItem, DigestSection, renderDigest } from './digest-content';
import { MailTransport } from './mail-transport';

/** "KVDIGE" in ASCII: one composer at a time across replicas. */
export const DIGEST_LOCK = 0x4b5644494745;

export const DIGEST_FREQUENCIES = ['dagligt', 'ugentligt', 'fra'] as const;
export type DigestFrequency = (typeof DIGEST_FREQUENCIES)[number];

/** How far "falls due soon" reaches, in days. */
export const DUE_SOON_DAYS = 14;
/** A window that opened this many days ago still gets its "start now" (after downtime, or for a weekly digest). */
export const OPENS_LOOKBACK_DAYS = 6;
/** Retries after a failed send, in minutes; after the last one the digest is marked failed. */
export const RETRY_BACKOFF_MINUTES = [1, 5, 15, 60, 240, 720];
/** How long a claimed digest is held before another worker may take it (a worker killed mid-send). */
export const CLAIM_MINUTES = 10;

export interface ComposeReport {
  ran: boolean;
  today: LocalDate;
  opened: number;
  digests: number;
  obsolete: number;
}

export interface DeliveryReport {
  sent: number;
  failed: number;
}

interface ClaimedDigest {
  id: string;
  to_address: string;
  subject: string;
  text_body: string;
  html_body: string;
  message_id: string;
  attempts: number;
}

interface ReminderRow {
  reminder_id: string;
  kind: string;
  visible: boolean;
  obligation_id: string;
  o_kind: DigestItem['kind'];
  sequence: number;
  subject_key: string;
  subject_name: string | null;
  subject_person_id: string | null;
  chef_person_id: string | null;
  leader_person_id: string | null;
  enhed_name: string | null;
  unit_id: string;
  unit_name: string;
  opens_on: string;
  due_on: string;
  state: DigestItem['state'];
  scheduled_on: string | null;
  chef_name: string | null;
  leader_name: string | null;
  responsible_name: string | null;
}

const SECTION_RANK: Record<DigestSection, number> = { overskredet: 0, frist_snart: 1, aabner: 2 };

/**
 * Where a reminder lands in today's digest, judged on the obligation as it
 * is now; null when there is nothing left to remind of (done, cancelled, or
 * no longer the recipient's to see).
 */
export function sectionOf(kind: string, o: { state: string; dueOn: LocalDate; opensOn: LocalDate }, visible: boolean, today: LocalDate): DigestSection | null {
  if (!visible) return null;
  if (o.state === 'overdue') return 'overskredet';
  if (o.state !== 'planned' && o.state !== 'scheduled') return null;
  if (o.dueOn < today) return 'overskredet';
  if (o.dueOn <= addDays(today, DUE_SOON_DAYS) && kind.startsWith('before_due_')) return 'frist_snart';
  if (kind === 'opens' && o.opensOn <= today) return o.dueOn <= addDays(today, DUE_SOON_DAYS) ? 'frist_snart' : 'aabner';
  if (o.dueOn <= addDays(today, DUE_SOON_DAYS)) return 'frist_snart';
  return null;
}

export function isMonday(date: LocalDate): boolean {
  return toUtcDate(date).getUTCDay() === 1;
}

/**
 * The reminder outbox becomes one Danish digest per person per day.
 *
 * Composing (each morning): the reminder rows the scheduler wrote (14 and 1
 * days before the due date, overdue) and the "start now" rows written here
 * for windows that open are gathered per recipient, judged against the
 * obligation as it is now and the one visibility rule, rendered, and stored
 * as a digest that records which reminder rows it carried (reminder.digest_id)
 * in one transaction per person. A digest per person and day is unique, so a
 * second pass the same day composes nothing for those already served; what
 * arrives later waits for the next digest, never lost.
 *
 * Delivering: a digest is claimed with `FOR UPDATE SKIP LOCKED` (two replicas
 * never take the same one), sent with its stable Message-ID, and marked sent;
 * a failure is logged and retried with backoff, and never stops the others.
 * A worker killed mid-send leaves the claim to expire, and the digest is sent
 * at most once more, with the same Message-ID. Without SMTP_URL digests are
 * only recorded (status `recorded`) for the administrators' outbox.
 */
@Injectable()
export class DigestService {
  private readonly logger = new Logger('Paamindelser');

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly clock: Clock,
    private readonly links: PublicUrl,
    private readonly mail: MailTransport,
    private readonly audit: AuditService,
  ) {}

  /** Compose, then deliver: the morning's work. */
  async morning(): Promise<{ compose: ComposeReport; delivery: DeliveryReport }> {
    const compose = await this.compose();
    const delivery = await this.deliver();
    return { compose, delivery };
  }

  async compose(): Promise<ComposeReport> {
    const today = this.clock.today();
    const runner = this.db.createQueryRunner();
    await runner.connect();
    try {
      const [{ locked }] = await runner.query(`SELECT pg_try_advisory_lock($1) AS locked`, [DIGEST_LOCK]);
      if (!locked) return { ran: false, today, opened: 0, digests: 0, obsolete: 0 };
      try {
        const opened = await this.db.transaction((em) => this.writeOpensReminders(em, today));
        const monday = isMonday(today);
        const recipients: { id: string; admin: boolean; frequency: DigestFrequency }[] = await this.db.query(
          `SELECT p.id, p.admin, coalesce(dp.frequency, 'dagligt') AS frequency
             FROM person p LEFT JOIN digest_preference dp ON dp.person_id = p.id
            WHERE (EXISTS (SELECT 1 FROM reminder r WHERE r.recipient_person_id = p.id AND r.digest_id IS NULL AND r.obsolete_at IS NULL)
                   OR ($2 AND p.admin))
              AND NOT EXISTS (SELECT 1 FROM digest d WHERE d.recipient_person_id = p.id AND d.digest_on = $1)
              AND coalesce(dp.frequency, 'dagligt') <> 'fra'
              AND (coalesce(dp.frequency, 'dagligt') = 'dagligt' OR $2)
            ORDER BY p.id`,
          [today, monday],
        );
        const coverage = monday && recipients.some((r) => r.admin) ? await this.coverageFailures(today).catch((error: Error) => {
          // The administrators still get their datapakker; the summary comes next Monday.
          this.logger.error(`Ugens tilsynsdækning kunne ikke beregnes: ${error.message}`, error.stack);
          return undefined;
        }) : undefined;
        let digests = 0;
        let obsolete = 0;
        for (const recipient of recipients) {
          try {
            const result = await this.db.transaction((em) => this.composeFor(em, recipient, today, recipient.admin ? coverage : undefined));
            digests += result.digest ? 1 : 0;
            obsolete += result.obsolete;
          } catch (error) {
            // One person's trouble never stops the others; their reminders wait for the next pass.
            this.logger.error(`Oversigten til person ${recipient.id} kunne ikke dannes: ${(error as Error).message}`, (error as Error).stack);
          }
        }
        this.logger.log(`Påmindelser for ${today}: ${digests} oversigter dannet, ${opened} "åbner nu", ${obsolete} forældede påmindelser`);
        return { ran: true, today, opened, digests, obsolete };
      } finally {
        await runner.query(`SELECT pg_advisory_unlock($1)`, [DIGEST_LOCK]);
      }
    } finally {
      await runner.release();
    }
  }

  /**
   * "Start now": a reminder when an obligation's window opens, to whoever
   * answers for it (every administrator for the administration's own), at
   * most once per obligation and recipient (the reminder's unique key).
   */
  private async writeOpensReminders(em: EntityManager, today: LocalDate): Promise<number> {
    const [{ n }] = await em.query(
      `WITH candidates AS (
         SELECT o.id, o.responsible_person_id, o.responsible_role FROM obligation o
         WHERE o.state IN ('planned', 'scheduled') AND o.opens_on <= $1 AND o.opens_on >= $2 AND o.due_on >= $1),
       recipients AS (${reminderRecipients('candidates')}),
       inserted AS (
         INSERT INTO reminder (obligation_id, recipient_person_id, kind)
         SELECT id, person_id, 'opens' FROM recipients
         ON CONFLICT (obligation_id, recipient_person_id, kind) DO NOTHING RETURNING 1)
       SELECT count(*)::int AS n FROM inserted`,
      [today, addDays(today, -OPENS_LOOKBACK_DAYS)],
    );
    return n;
  }

  private async composeFor(
    em: EntityManager,
    recipient: { id: string; admin: boolean; frequency: DigestFrequency },
    today: LocalDate,
    coverage: { from: LocalDate; to: LocalDate; failures: CoverageFailure[] } | undefined,
  ): Promise<{ digest: boolean; obsolete: number }> {
    const [person] = await em.query(`SELECT id, name, email, admin FROM person WHERE id = $1 FOR SHARE`, [recipient.id]);
    if (!person) return { digest: false, obsolete: 0 };
    // Visibility is the one rule of visibility.ts (administrators see everything): nothing in a digest the recipient may not see.
    const rows: ReminderRow[] = await em.query(
      `SELECT r.id::text AS reminder_id, r.kind, ($2 OR ${visibleTo('o', '$1')}) AS visible,
              o.id AS obligation_id, o.kind AS o_kind, o.sequence, o.subject_key, sp.name AS subject_name, sp.id AS subject_person_id, e.name AS enhed_name,
              o.chef_person_id, o.leader_person_id,
              o.unit_id, u.name AS unit_name, o.opens_on::text AS opens_on, o.due_on::text AS due_on, o.state,
              o.scheduled_on::text AS scheduled_on, cp.name AS chef_name, lp.name AS leader_name, rp.name AS responsible_name
         FROM reminder r
         JOIN obligation o ON o.id = r.obligation_id
         JOIN unit u ON u.id = o.unit_id
         LEFT JOIN person sp ON o.kind = 'ledelsesopfoelgning' AND o.subject_key <> '' AND sp.id::text = o.subject_key
         LEFT JOIN enhed e ON e.id = o.enhed_id
         LEFT JOIN person cp ON cp.id = o.chef_person_id
         LEFT JOIN person lp ON lp.id = o.leader_person_id
         LEFT JOIN person rp ON rp.id = o.responsible_person_id
        WHERE r.recipient_person_id = $1 AND r.digest_id IS NULL AND r.obsolete_at IS NULL
        ORDER BY o.due_on, u.name, o.kind, o.sequence, o.id
        FOR UPDATE OF r SKIP LOCKED`,
      [recipient.id, person.admin],
    );
    const byObligation = new Map<string, DigestItem>();
    const carried: string[] = [];
    const stale: string[] = [];
    for (const r of rows) {
      const section = sectionOf(r.kind, { state: r.state, dueOn: r.due_on, opensOn: r.opens_on }, r.visible, today);
      if (!section) {
        stale.push(r.reminder_id);
        continue;
      }
      carried.push(r.reminder_id);
      const existing = byObligation.get(r.obligation_id);
      if (existing && SECTION_RANK[existing.section] <= SECTION_RANK[section]) continue;
      byObligation.set(r.obligation_id, {
        obligationId: r.obligation_id,
        kind: r.o_kind,
        sequence: r.sequence,
        subjectKey: r.subject_key,
        // Whom a 1:1 follow-up is with, as the recipient sees it: the one definition the pages and calendars use (R50, R51).
        subjectName: followUpWith(
          { kind: r.o_kind, chefPersonId: r.chef_person_id, chefName: r.chef_name, leaderPersonId: r.leader_person_id, leaderName: r.leader_name, naesteLedelseslagPersonId: r.subject_person_id, naesteLedelseslagName: r.subject_name },
          recipient.id,
        ),
        enhedName: r.enhed_name,
        unitId: r.unit_id,
        unitName: r.unit_name,
        opensOn: r.opens_on,
        dueOn: r.due_on,
        state: r.state,
        scheduledOn: r.scheduled_on,
        chefName: r.chef_name,
        leaderName: r.leader_name,
        responsibleName: r.responsible_name,
        section,
      });
    }
    if (stale.length) await em.query(`UPDATE reminder SET obsolete_at = now() WHERE id = ANY($1::bigint[])`, [stale]);
    const items = [...byObligation.values()];
    const withCoverage = coverage && coverage.failures.length > 0 ? coverage : undefined;
    if (items.length === 0 && !withCoverage) return { digest: false, obsolete: stale.length };
    const id = randomUUID();
    const mail = renderDigest({
      recipientName: person.name,
      today,
      frequency: recipient.frequency === 'ugentligt' ? 'ugentligt' : 'dagligt',
      items,
      coverage: withCoverage,
      links: { base: this.links.base, obligation: (x) => this.links.obligation(x), unit: (x) => this.links.unit(x) },
    });
    const inserted = await em.query(
      `INSERT INTO digest (id, recipient_person_id, digest_on, to_address, subject, text_body, html_body, message_id, status)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
       ON CONFLICT (recipient_person_id, digest_on) DO NOTHING RETURNING id`,
      [id, person.id, today, formatAddress(person.name, person.email), mail.subject, mail.text, mail.html, messageIdFor(id, this.links.base), this.mail.enabled ? 'pending' : 'recorded'],
    );
    if (inserted.length === 0) throw new Error('en anden kørsel dannede samtidig dagens oversigt');
    if (carried.length) await em.query(`UPDATE reminder SET digest_id = $1 WHERE id = ANY($2::bigint[])`, [id, carried]);
    return { digest: true, obsolete: stale.length };
  }

  private async coverageFailures(today: LocalDate): Promise<{ from: LocalDate; to: LocalDate; failures: CoverageFailure[] }> {
    const from = addDays(addYears(today, -1), 1);
    const query = { from, to: today, limit: 1, offset: 0, format: 'json' } as unknown as CoverageQuery;
    const result = await this.audit.coverage(query, { personId: '00000000-0000-0000-0000-000000000000', admin: true, name: 'Påmindelser' });
    return { from, to: today, failures: result.totals.rules.filter((r) => r.failed > 0).map((r) => ({ rule: r.rule, failed: r.failed })) };
  }

  /** Sends every deliverable digest, one claim at a time, until none is left (or `max`). */
  async deliver(max = 10_000): Promise<DeliveryReport> {
    const report: DeliveryReport = { sent: 0, failed: 0 };
    if (!this.mail.enabled) return report;
    for (let i = 0; i < max; i++) {
      const claimed = await this.db.query(
        `UPDATE digest d SET status = 'sending', attempts = d.attempts + 1, claimed_until = now() + make_interval(mins => $1)
          WHERE d.id = (
            SELECT id FROM digest
             WHERE (status = 'pending' AND next_attempt_at <= now()) OR (status = 'sending' AND claimed_until < now())
             ORDER BY next_attempt_at, id
             FOR UPDATE SKIP LOCKED LIMIT 1)
        RETURNING d.id, d.to_address, d.subject, d.text_body, d.html_body, d.message_id, d.attempts`,
        [CLAIM_MINUTES],
      );
      // TypeORM answers an UPDATE … RETURNING with [rows, count].
      const rows = (Array.isArray(claimed[0]) ? claimed[0] : claimed) as ClaimedDigest[];
      const row = rows[0];
      if (!row) break;
      try {
        await this.mail.send({ to: row.to_address, subject: row.subject, text: row.text_body, html: row.html_body, messageId: row.message_id });
        await this.db.transaction(async (em) => {
          await em.query(`UPDATE digest SET status = 'sent', sent_at = now(), claimed_until = NULL, last_error = NULL WHERE id = $1`, [row.id]);
          await em.query(`UPDATE reminder SET sent_at = now() WHERE digest_id = $1`, [row.id]);
        });
        report.sent++;
      } catch (error) {
        report.failed++;
        const message = (error as Error).message;
        const retryIn = RETRY_BACKOFF_MINUTES[row.attempts - 1];
        if (retryIn === undefined) {
          await this.db.query(`UPDATE digest SET status = 'failed', claimed_until = NULL, last_error = $2 WHERE id = $1`, [row.id, message]);
          this.logger.error(`Oversigt ${row.id} til ${row.to_address} kunne ikke sendes efter ${row.attempts} forsøg og opgives: ${message}`);
        } else {
          await this.db.query(
            `UPDATE digest SET status = 'pending', claimed_until = NULL, last_error = $2, next_attempt_at = now() + make_interval(mins => $3) WHERE id = $1`,
            [row.id, message, retryIn],
          );
          this.logger.warn(`Oversigt ${row.id} til ${row.to_address} kunne ikke sendes (forsøg ${row.attempts}); prøver igen om ${retryIn} min.: ${message}`);
        }
      }
    }
    return report;
  }
}

/** `"Søren Ærø" <soeren@example.dk>`; nodemailer encodes the name (RFC 2047). */
export function formatAddress(name: string, email: string): string {
  return `"${name.replace(/["\\\r\n]/g, '')}" <${email}>`;
}

/** Stable per digest: the same mail sent again carries the same Message-ID. */
export function messageIdFor(digestId: string, publicUrl: string): string {
  return `<digest-${digestId}@${new URL(publicUrl).hostname}>`;
}
