/** The reminders module's public face. */
export { RemindersModule } from './reminders.module';
export { MailSettings } from './mail-settings';
export { RemindersService, RemindersServiceModule } from './reminders.service';
export { ReminderSettingsDto, OutboxQuery } from './reminders.dto';
export { DIGEST_FREQUENCIES } from './digest.service';
