import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { Logger } from 'pino';
import { pinoHttp } from 'pino-http';
import { AppModule, AppOptions } from './app.module';
import { configureHttpServer } from './common/http-server';
import { PinoNestLogger } from './common/logger';
import { withErrorResponses } from './common/openapi';
import { createValidationPipe } from './common/validation';

/** Builds the HTTP application; used by main.ts and by the e2e tests alike. */
export async function createApp(options: AppOptions & { logger?: Logger }): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(options), {
    logger: options.logger ? new PinoNestLogger(options.logger) : false,
    bodyParser: false,
  });
  // Small bodies only: nothing in the API needs more, and a huge body is refused with 413.
  app.useBodyParser('json', { limit: '256kb' });
  app.useBodyParser('urlencoded', { limit: '256kb', extended: false });
  configureHttpServer(app.getHttpServer());
  if (options.logger) app.use(
      pinoHttp({
        logger: options.logger,
        autoLogging: { ignore: (req) => req.url === '/health' },
        // A line a person can read at a terminal; the JSON keeps req, res and responseTime as fields.
        customSuccessMessage: (req, res, ms) => `${req.method} ${maskCalendarToken(String(req.url))} ${res.statusCode} (${Math.round(ms)} ms)`,
        customErrorMessage: (req, res) => `${req.method} ${maskCalendarToken(String(req.url))} ${res.statusCode}`,
        // Bearer tokens and calendar feed tokens never reach the logs.
        redact: ['req.headers.authorization', 'req.headers.cookie'],
        serializers: { req: (req: { method: string; url: string; id: unknown }) => ({ id: req.id, method: req.method, url: maskCalendarToken(String(req.url)) }) },
      }),
    );
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

function maskCalendarToken(url: string): string {
  return url.replace(/\/calendar\/[^/]+\.ics/, '/calendar/***.ics');
}
