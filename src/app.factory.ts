import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { Logger } from 'pino';
import { pinoHttp } from 'pino-http';
import { AppModule, AppOptions } from './app.module';
import { PinoNestLogger } from './common/logger';
import { withErrorResponses } from './common/openapi';
import { createValidationPipe } from './common/validation';
import { WebResources } from './web/web.module';
import { DEFAULT_WEB_OPTIONS } from './web/web-options';
import { setupWeb } from './web/web.setup';

/** Builds the HTTP application; used by main.ts and by the e2e tests alike. */
export async function createApp(options: AppOptions & { logger?: Logger }): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(options), {
    logger: options.logger ? new PinoNestLogger(options.logger) : false,
    bodyParser: false,
  });
  // Small bodies only: nothing in the API needs more, and a huge body is refused with 413.
  app.useBodyParser('json', { limit: '256kb' });
  app.useBodyParser('urlencoded', { limit: '256kb', extended: false });
  if (options.logger) app.use(
      pinoHttp({
        logger: options.logger,
        autoLogging: { ignore: (req) => req.url === '/health' },
        // Bearer tokens and calendar feed tokens never reach the logs.
        redact: ['req.headers.authorization', 'req.headers.cookie'],
        serializers: { req: (req: { method: string; url: string; id: unknown }) => ({ id: req.id, method: req.method, url: String(req.url).replace(/\/calendar\/[^/]+\.ics/, '/calendar/***.ics') }) },
      }),
    );
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
