import { Injectable } from '@nestjs/common';

/** SMTP_URL and MAIL_FROM. Without an SMTP URL the outbox only records what would have been sent. */
@Injectable()
export class MailSettings {
  constructor(
    readonly smtpUrl: string | undefined,
    readonly from: string,
  ) {}
}
