import 'reflect-metadata';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import type { INestApplication } from '@nestjs/common';
import { tokenCommand } from './cli/data-dir-check';
import { runCli } from './cli/run-cli';
import { assertPortFree, portProblem } from './common/http-server';
import { createRootLogger, resolveLogFormat } from './common/logger';
import { loadConfig } from './config/config';
import { resolveDatabase, type ResolvedDatabase } from './database/resolve-database';
import { resolveJwtSecret } from './modules/auth/token-keys';
import { DEMO_ADMIN_EMAIL } from './modules/demo/demo-organisation';

/**
 * Nest, TypeORM, Swagger and our modules: a second or two of CPU to load, so
 * they are loaded after the first progress line and while PostgreSQL boots in
 * its own process, not before anything is printed.
 */
async function loadService() {
  const [{ createApp }, { Clock }, { prepareDatabase }, { DemoService }, { DemoHistory }, { SchedulerCron }, { MailSettings }] = await Promise.all([
    import('./app.factory'),
    import('./common/clock'),
    import('./database/migrate'),
    import('./modules/demo/demo.service'),
    import('./modules/demo/demo-history'),
    import('./modules/scheduler/scheduler.cron'),
    import('./modules/reminders'),
  ]);
  return { createApp, Clock, prepareDatabase, DemoService, DemoHistory, SchedulerCron, MailSettings };
}
import { webOptionsFrom } from './web/web-options';

runCli(async () => {
  const started = Date.now();
  const config = loadConfig();
  const format = resolveLogFormat(config.logFormat);
  const logger = createRootLogger(config.logLevel, format);
  const since = (from: number) => `${((Date.now() - from) / 1000).toFixed(1).replace('.', ',')} s`;

  // A taken port ends the start now, not after the database and the demo.
  await assertPortFree(config.port);
  const auth = { secret: resolveJwtSecret(config), oidcIssuer: config.oidcIssuer, oidcAudience: config.oidcAudience };

  let app: INestApplication | undefined;
  let startPass: Promise<void> = Promise.resolve();
  let starting: Promise<ResolvedDatabase> | undefined;
  // The migrations and the role check: settled before the database is stopped under them (their clients).
  let preparing: Promise<unknown> = Promise.resolve();
  let shuttingDown: Promise<never> | undefined;
  // Before the database starts: a signal while it is being created or started (initdb and pg_ctl take seconds on a
  // first start) must still stop the server this process starts and release its lease. Node's default for SIGINT
  // ends the process at once and left a detached PostgreSQL and a lease behind.
  const shutdown = (signal: string) => {
    shuttingDown ??= (async () => {
      logger.info({ signal }, 'Kvalitetsloop stopper …');
      // Closing the connections under the pass at start would abort it with a page of errors;
      // its steps are transactions, so one cut short after 10 s loses nothing.
      await Promise.race([startPass, delay(10_000)]);
      await preparing;
      await app?.close().catch((error: unknown) => logger.error({ err: error }, 'fejl ved lukning'));
      // A database still starting is waited for and then stopped; one that failed to start has stopped itself.
      const database = await starting?.catch(() => undefined);
      await database?.stop().catch((error: unknown) => logger.error({ err: error }, 'fejl ved lukning af databasen'));
      logger.info('Kvalitetsloop er stoppet.');
      process.exit(0);
    })();
    return shuttingDown;
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));

  let step = Date.now();
  if (config.databaseUrl) logger.info('Forbinder til PostgreSQL …');
  else if (existsSync(join(config.dataDir, 'pg', 'PG_VERSION'))) logger.info(`Starter databasen (indlejret PostgreSQL i ${config.dataDir}) …`);
  else logger.info(`Opretter databasen (indlejret PostgreSQL i ${config.dataDir}; første start) …`);
  starting = resolveDatabase(config);
  // A moment for the database process to be spawned, so that it boots while this one loads the service.
  await Promise.race([starting.catch(() => undefined), delay(100)]);
  const { createApp, Clock, prepareDatabase, DemoService, DemoHistory, SchedulerCron, MailSettings } = await loadService();
  let database: ResolvedDatabase;
  try {
    database = await starting;
  } catch (error) {
    if (shuttingDown) await shuttingDown;
    throw error;
  }
  // Stopped while the database started: no migrations or demo under a server being stopped.
  if (shuttingDown) await shuttingDown;
  logger.info({ database: database.description }, `Databasen kører: ${database.description} (${since(step)})`);


  try {
    step = Date.now();
    const prepared = prepareDatabase(database, (count) =>
      logger.info(`Opdaterer databaseskemaet (${count} ${count === 1 ? 'migration' : 'migrationer'}) …`),
    );
    preparing = prepared.catch(() => undefined);
    const applied = await prepared;
    // Stopped during the migrations: nothing more is started under a server being stopped.
    if (shuttingDown) await shuttingDown;
    if (applied.length > 0) logger.info({ migrations: applied }, `Databaseskemaet er opdateret (${since(step)})`);

    const web = webOptionsFrom(config, auth.secret);
    const creating = createApp({ databaseUrl: database.url, databasePoolSize: config.databasePoolSize, readCacheMb: config.readCacheMb, coverageMemoMb: config.coverageMemoMb, accessLog: config.accessLog, clock: new Clock(config.today), scheduler: config.scheduler, auth, logger,
      publicUrl: config.publicUrl, mail: new MailSettings(config.smtpUrl, config.mailFrom), web });
    // Its pool is closed by the shutdown only once it exists (app.close), never cut under its first connections.
    preparing = creating.catch(() => undefined);
    app = await creating;
    if (shuttingDown) await shuttingDown;
    const demo = app.get(DemoService);
    // Demo data only in the embedded database (on its first start) or when DEMO=1 asks for it.
    if ((config.demo === true && !(await demo.isLoaded())) || (config.demo === 'auto' && database.kind === 'embedded' && (await demo.isEmpty()))) {
      step = Date.now();
      logger.info('Indlæser demo-organisationen og dens seneste to år (kun første gang) …');
      await demo.load();
      await app.get(DemoHistory).load();
      logger.info(`Demoen er indlæst (${since(step)})`);
    }
    try {
      await app.listen(config.port);
    } catch (error) {
      throw portProblem(config.port, (error as NodeJS.ErrnoException).code) ?? error;
    }
    // The pass at start catches up on whatever was missed while the service was down.
    if (config.scheduler) startPass = app.get(SchedulerCron).run();

    const url = `http://localhost:${config.port}`;
    // The same condition as the web's demo login (LoginService.demoEnabled): demo data loaded, no single sign-on.
    const login = !config.oidcIssuer && config.demo !== false && (await demo.isLoaded())
      ? ` — åbn ${url}/ og log ind som ${DEMO_ADMIN_EMAIL} eller en af demo-personerne (API-token: ${tokenCommand(config, DEMO_ADMIN_EMAIL)})`
      : '';
    logger.info(
      { url, database: database.description, startupMs: Date.now() - started },
      `Kvalitetsloop kører på ${url}${login} (API-dokumentation: ${url}/api/docs; startet på ${since(started)})`,
    );
    if (format === 'pretty') logger.info('Stop med Ctrl-C; data bevares til næste start.');
  } catch (error) {
    // Stopped by a signal mid-start (the demo's load, the migrations): what failed failed because the shutdown closed
    // it; the shutdown stops the database and exits 0, without a stack trace for an interruption the operator asked for.
    if (shuttingDown) await shuttingDown;
    // The embedded server this process started must not outlive a failed start.
    await app?.close().catch(() => undefined);
    await database.stop().catch(() => undefined);
    throw error;
  }
}, { exitWhenDone: false });
