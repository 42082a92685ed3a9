import { Body, Controller, Get, Put, Query } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import { AdminOnly, User } from '../auth';
import type { CurrentUser } from '../auth';
import { MailTransport } from './mail-transport';
import { OutboxPage, OutboxQuery, ReminderSettingsDto, ReminderSettingsResponse } from './reminders.dto';

@ApiTags('påmindelser')
@ApiBearerAuth()
@Controller('api/v1')
export class RemindersController {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly mail: MailTransport,
  ) {}

  @Get('me/reminder-settings')
  @ApiOperation({ summary: 'Hvor ofte jeg får min e-mail-oversigt (dagligt, ugentligt om mandagen, fra)' })
  @ApiOkResponse({ type: ReminderSettingsResponse })
  async settings(@User() user: CurrentUser): Promise<ReminderSettingsResponse> {
    const [row] = await this.db.query(
      `SELECT coalesce(dp.frequency, 'dagligt') AS frequency, p.email FROM person p LEFT JOIN digest_preference dp ON dp.person_id = p.id WHERE p.id = $1`,
      [user.personId],
    );
    return row;
  }

  @Put('me/reminder-settings')
  @ApiOperation({ summary: 'Skift hvor ofte jeg får min e-mail-oversigt' })
  @ApiOkResponse({ type: ReminderSettingsResponse })
  async setSettings(@Body() dto: ReminderSettingsDto, @User() user: CurrentUser): Promise<ReminderSettingsResponse> {
    await this.db.query(
      `INSERT INTO digest_preference (person_id, frequency) VALUES ($1, $2)
       ON CONFLICT (person_id) DO UPDATE SET frequency = EXCLUDED.frequency, updated_at = now()`,
      [user.personId, dto.frequency],
    );
    return this.settings(user);
  }

  @Get('admin/outbox')
  @AdminOnly()
  @ApiOperation({
    summary: 'Udbakken: hver e-mail-oversigt, sendt eller ej',
    description: 'Nyeste først. Uden SMTP_URL sendes intet, og hver oversigt, der ville være sendt, står her med status recorded.',
  })
  @ApiOkResponse({ type: OutboxPage })
  async outbox(@Query() q: OutboxQuery): Promise<OutboxPage> {
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
    return { smtpConfigured: this.mail.enabled, items, total };
  }
}
