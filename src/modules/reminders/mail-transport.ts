import { Injectable, OnModuleDestroy } from '@nestjs/common';
import nodemailer, { Transporter } from 'nodemailer';
import { MailSettings } from './mail-settings';

export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
  html: string;
  /** Stable per digest (`<uuid@host>`), so a mail sent again after a crash is recognisably the same one. */
  messageId: string;
}

/** SMTP through nodemailer, from SMTP_URL. Without SMTP_URL there is no transport and nothing is sent. */
@Injectable()
export class MailTransport implements OnModuleDestroy {
  private transporter?: Transporter;

  constructor(private readonly settings: MailSettings) {}

  get enabled(): boolean {
    return this.settings.smtpUrl !== undefined;
  }

  async send(mail: OutgoingMail): Promise<void> {
    if (!this.settings.smtpUrl) throw new Error('Ingen SMTP_URL: der sendes ingen e-mails');
    this.transporter ??= nodemailer.createTransport({
      url: this.settings.smtpUrl,
      // A hung server must not hold a claimed digest forever.
      connectionTimeout: 15_000,
      greetingTimeout: 15_000,
      socketTimeout: 30_000,
    } as Parameters<typeof nodemailer.createTransport>[0]);
    await this.transporter.sendMail({
      from: this.settings.from,
      to: mail.to,
      subject: mail.subject,
      text: mail.text,
      html: mail.html,
      messageId: mail.messageId,
      headers: { 'Auto-Submitted': 'auto-generated', 'X-Auto-Response-Suppress': 'All' },
    });
  }

  onModuleDestroy(): void {
    this.transporter?.close();
  }
}
