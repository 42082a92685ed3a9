import 'reflect-metadata';
import { createApp } from './app.factory';
import { runCli } from './cli/run-cli';
import { Clock } from './common/clock';
import { createRootLogger } from './common/logger';
import { loadConfig } from './config/config';
import { runMigrations } from './database/migrate';
import { resolveDatabase } from './database/resolve-database';
import { resolveJwtSecret } from './modules/auth/token-keys';
import { DemoHistory } from './modules/demo/demo-history';
import { DemoService } from './modules/demo/demo.service';
import { SchedulerCron } from './modules/engine/scheduler.cron';
import { webOptionsFrom } from './web/web-options';

runCli(async () => {
  const config = loadConfig();
  const logger = createRootLogger(config.logLevel);
  const auth = { secret: resolveJwtSecret(config), oidcIssuer: config.oidcIssuer, oidcAudience: config.oidcAudience };
  const database = await resolveDatabase(config);
  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    logger.info({ signal }, 'Kvalitetsloop stopper');
    await app?.close().catch((error: unknown) => logger.error({ err: error }, 'fejl ved lukning'));
    await database.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));

  const applied = await runMigrations(database.url);
  if (applied.length > 0) logger.info({ migrations: applied }, 'migrationer kørt');

  const web = webOptionsFrom(config, auth.secret);
  const app = await createApp({ databaseUrl: database.url, clock: new Clock(config.today), scheduler: config.scheduler, auth, logger, web });
  const demo = app.get(DemoService);
  // Demo data only in the embedded database (on its first start) or when DEMO=1 asks for it.
  if ((config.demo === true && !(await demo.isLoaded())) || (config.demo === 'auto' && database.kind === 'embedded' && (await demo.isEmpty()))) {
    await demo.load();
    await app.get(DemoHistory).load();
  }
  await app.listen(config.port);
  // The pass at start catches up on whatever was missed while the service was down.
  if (config.scheduler) void app.get(SchedulerCron).run();
  logger.info(
    { url: `http://localhost:${config.port}`, database: database.description },
    `Kvalitetsloop kører på http://localhost:${config.port} (API-dokumentation: /api/docs) med ${database.description}`,
  );
}, { exitWhenDone: false });
