import { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AppModule } from '../app.module';
import { Clock } from '../common/clock';
import { loadConfig } from '../config/config';
import { prepareDatabase } from '../database/migrate';
import { MailSettings } from '../modules/reminders';
import { resolveDatabase } from '../database/resolve-database';
import { resolveJwtSecret } from '../modules/auth/token-keys';

/**
 * The service's modules without HTTP, for operator commands. Uses the same
 * database as the service (joins the embedded server when it is running).
 */
export async function createStandaloneContext(): Promise<{ app: INestApplicationContext; close(): Promise<void> }> {
  const config = loadConfig();
  const auth = { secret: resolveJwtSecret(config), oidcIssuer: config.oidcIssuer, oidcAudience: config.oidcAudience };
  const database = await resolveDatabase(config);
  try {
    await prepareDatabase(database);
    const app = await NestFactory.createApplicationContext(
      AppModule.forRoot({ databaseUrl: database.url, databasePoolSize: config.databasePoolSize, clock: new Clock(config.today), scheduler: false, auth,
        publicUrl: config.publicUrl, mail: new MailSettings(config.smtpUrl, config.mailFrom), jobs: { worker: false } }),
      { logger: ['error'] },
    );
    return {
      app,
      async close() {
        await app.close();
        await database.stop();
      },
    };
  } catch (error) {
    await database.stop();
    throw error;
  }
}
