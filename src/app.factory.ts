import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { Logger } from 'pino';
import { AppModule, AppOptions } from './app.module';
import { accessLog, AccessLogLevel } from './common/access-log';
import { configureHttpServer } from './common/http-server';
import { PinoNestLogger } from './common/logger';
import { PreparedAnswerAdapter } from './common/prepared-answer';
import { withErrorResponses } from './common/openapi';
import { createValidationPipe } from './common/validation';
import { NullInPatchInterceptor } from './common/null-in-patch.interceptor';
import { CachedAnswers } from './modules/auth';
import { requestLimits } from './common/request-limits';
import { WebResources } from './web/web.module';
import { DEFAULT_WEB_OPTIONS } from './web/web-options';
import { setupWeb } from './web/web.setup';

/** Builds the HTTP application; used by main.ts and by the e2e tests alike. */
export async function createApp(options: AppOptions & { logger?: Logger; accessLog?: AccessLogLevel }): Promise<INestApplication> {
  // The adapter writes the read cache's prepared answers as bytes (prepared-answer.ts).
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(options), new PreparedAnswerAdapter(), {
    logger: options.logger ? new PinoNestLogger(options.logger) : false,
    bodyParser: false,
  });
  configureHttpServer(app.getHttpServer());
  // Helmet hides it on pages (web.setup.ts); the API's answers named the framework to anyone asking, too.
  app.disable('x-powered-by');
  // One line per request, cheap when it is not written (access-log.ts).
  if (options.logger) app.use(accessLog(options.logger, options.accessLog ?? 'info'));
  // Bodies and query strings are bounded and their text checked before any work is done (request-limits.ts);
  // it also parses JSON and form bodies, so Nest's own body parsers stay off.
  app.use(requestLimits());
  // The read cache's hits, answered before the router and Nest's pipeline; everything else goes on (cached-answers.ts).
  app.use(app.get(CachedAnswers).serve);
  app.useGlobalInterceptors(new NullInPatchInterceptor());
  // The pages (sessions, CSRF, assets) come after the entrance guard, so a form's body is parsed and checked first.
  app.get(WebResources).add(setupWeb(app, options.web ?? DEFAULT_WEB_OPTIONS, options.databaseUrl).close);
  app.useGlobalPipes(createValidationPipe());
  app.enableShutdownHooks();
  const document = withErrorResponses(SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Kvalitetsloop')
      .setDescription('Børn og Unges ramme for lokal kvalitetsopfølgning og tilsyn. Regel-id’er (R1, R2, …) henviser til ramme.md.')
      .setVersion('1')
      .addBearerAuth()
      .build(),
  ));
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/docs-json' });
  return app;
}
