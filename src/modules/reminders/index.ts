/** The reminders module's public face. */
export { RemindersModule } from './reminders.module';
export { MailSettings } from './mail-settings';
