import { DynamicModule, Module } from '@nestjs/common';
import { AuditModule } from '../audit';
import { DigestService } from './digest.service';
import { MailTransport } from './mail-transport';
import { RemindersController } from './reminders.controller';
import { RemindersCron } from './reminders.cron';
import { RemindersServiceModule } from './reminders.service';

/** E-mail digests (issue 10): one Danish digest per person, through the reminder outbox. */
@Module({})
export class RemindersModule {
  static forRoot(options: { cron: boolean }): DynamicModule {
    return {
      module: RemindersModule,
      imports: [AuditModule, RemindersServiceModule],
      controllers: [RemindersController],
      providers: [DigestService, MailTransport, ...(options.cron ? [RemindersCron] : [])],
      exports: [DigestService],
    };
  }
}
