import type { LoggerService } from '@nestjs/common';
import pino, { DestinationStream, Logger, LoggerOptions } from 'pino';
import { redactRecord, redactText } from './redact';

/** What every logger of the service does: secrets in messages and fields are redacted (redact.ts). */
export const REDACTING_LOG_OPTIONS: Pick<LoggerOptions, 'hooks' | 'formatters'> = {
  hooks: {
    logMethod(args, method) {
      method.apply(this, args.map((a) => (typeof a === 'string' ? redactText(a) : a)) as Parameters<typeof method>);
    },
  },
  formatters: { log: (record) => redactRecord(record) },
};

/** Structured JSON logs (pino) for Nest's own logger and for our code. */
export function createRootLogger(level: string, destination?: DestinationStream): Logger {
  const options: LoggerOptions = { level, base: { service: 'kvalitetsloop' }, timestamp: pino.stdTimeFunctions.isoTime, ...REDACTING_LOG_OPTIONS };
  return destination ? pino(options, destination) : pino(options);
}

export class PinoNestLogger implements LoggerService {
  constructor(private readonly logger: Logger) {}

  log(message: unknown, context?: string) {
    this.logger.info({ context }, stringify(message));
  }
  error(message: unknown, trace?: string, context?: string) {
    this.logger.error({ context, trace }, stringify(message));
  }
  warn(message: unknown, context?: string) {
    this.logger.warn({ context }, stringify(message));
  }
  debug(message: unknown, context?: string) {
    this.logger.debug({ context }, stringify(message));
  }
  verbose(message: unknown, context?: string) {
    this.logger.trace({ context }, stringify(message));
  }
}

function stringify(message: unknown): string {
  return typeof message === 'string' ? message : JSON.stringify(message);
}
