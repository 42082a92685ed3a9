import { Injectable, Module } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { DigestFrequency } from './digest.service';
import type { OutboxItem, OutboxQuery, ReminderSettingsResponse } from './reminders.dto';

/**
 * One's digest setting and the administrators' outbox: what the reminders API
 * answers, kept here so the web pages (/mig/paamindelser, /admin/udbakke) read
 * and write through the same code.
 */
@Injectable()
export class RemindersService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async settings(personId: string): Promise<ReminderSettingsResponse> {
    const [row] = await this.db.query(
      `SELECT coalesce(dp.frequency, 'dagligt') AS frequency, p.email FROM person p LEFT JOIN digest_preference dp ON dp.person_id = p.id WHERE p.id = $1`,
      [personId],
    );
    return row;
  }

  async setFrequency(personId: string, frequency: DigestFrequency): Promise<ReminderSettingsResponse> {
    await this.db.query(
      `INSERT INTO digest_preference (person_id, frequency) VALUES ($1, $2)
       ON CONFLICT (person_id) DO UPDATE SET frequency = EXCLUDED.frequency, updated_at = now()`,
      [personId, frequency],
    );
    return this.settings(personId);
  }

  /** Newest first. */
  async outbox(q: OutboxQuery): Promise<{ items: OutboxItem[]; total: number }> {
    const where = `($1::text IS NULL OR d.status = $1) AND ($2::uuid IS NULL OR d.recipient_person_id = $2) AND ($3::date IS NULL OR d.digest_on = $3)`;
    const params = [q.status ?? null, q.personId ?? null, q.on ?? null];
    const [{ total }] = await this.db.query(`SELECT count(*)::int AS total FROM digest d WHERE ${where}`, params);
    const items = await this.db.query(
      `SELECT d.id, d.digest_on::text AS "digestOn", d.recipient_person_id AS "recipientPersonId", p.name AS "recipientName", d.to_address AS "to",
              d.subject, d.text_body AS text, d.html_body AS html, d.message_id AS "messageId", d.status, d.attempts, d.last_error AS "lastError",
              d.sent_at AS "sentAt", d.created_at AS "createdAt",
              (SELECT count(*)::int FROM reminder r WHERE r.digest_id = d.id) AS reminders
         FROM digest d JOIN person p ON p.id = d.recipient_person_id
        WHERE ${where}
        ORDER BY d.created_at DESC, d.id
        LIMIT $4 OFFSET $5`,
      [...params, q.limit, q.offset],
    );
    return { items, total };
  }
}

/** RemindersService alone, for the API's controller and the web pages (one instance). */
@Module({ providers: [RemindersService], exports: [RemindersService] })
export class RemindersServiceModule {}
