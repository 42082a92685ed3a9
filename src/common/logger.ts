import type { LoggerService } from '@nestjs/common';
import pino, { Logger, LoggerOptions } from 'pino';
import type { LogFormat } from '../config/config';
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

/**
 * JSON (pino, one object a line) for machines, short Danish lines for a person
 * at a terminal: `LOG_FORMAT` decides, and unset it follows stdout, so
 * `npm start` at a terminal reads like progress while a container, a pipe or a
 * file gets JSON.
 */
export function resolveLogFormat(configured: LogFormat | undefined, stdoutIsTerminal = process.stdout.isTTY === true): LogFormat {
  return configured ?? (stdoutIsTerminal ? 'pretty' : 'json');
}

/** `destination` is stdout unless a test captures the output. */
export function createRootLogger(level: string, format: LogFormat = 'json', destination?: NodeJS.WritableStream): Logger {
  const options: LoggerOptions = { level, base: { service: 'kvalitetsloop' }, timestamp: pino.stdTimeFunctions.isoTime, ...REDACTING_LOG_OPTIONS };
  if (format === 'pretty') return pino(options, prettyStream(destination));
  return destination ? pino(options, destination) : pino(options);
}

/** One line per entry: the time, "Advarsel:"/"Fejl:" when it is one, the message. The fields stay in the JSON format. */
function prettyStream(destination?: NodeJS.WritableStream) {
  // Loaded only for a terminal, so a JSON-only deployment never needs it.
  const { PinoPretty } = require('pino-pretty') as typeof import('pino-pretty');
  return PinoPretty({
    sync: true,
    ...(destination ? { destination, colorize: false } : {}),
    ignore: 'pid,hostname,service,level,time',
    hideObject: true,
    customColors: 'message:reset',
    messageFormat: (log, messageKey, _label, { colors }) => {
      const level = Number(log.level);
      const word = level >= 50 ? colors.red('Fejl: ') : level >= 40 ? colors.yellow('Advarsel: ') : '';
      const err = log.err as { message?: string; stack?: string } | undefined;
      // An unexpected error keeps its stack; a warning needs only the reason.
      const detail = err ? `: ${level >= 50 && err.stack ? err.stack : err.message}` : '';
      return `${colors.gray(clockTime(String(log.time)))} ${word}${String(log[messageKey])}${detail}`;
    },
  });
}

function clockTime(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? '' : date.toTimeString().slice(0, 8);
}

/**
 * Nest's own start-up chatter ("Mapped {/api/v1/units, GET} route", one line
 * per module and route, some 60 in all) is debug here: it says nothing an
 * operator acts on, and our own start line says where the service listens.
 * `LOG_LEVEL=debug` brings it back.
 */
const NEST_STARTUP_CONTEXTS = new Set(['NestFactory', 'InstanceLoader', 'RoutesResolver', 'RouterExplorer', 'NestApplication']);

export class PinoNestLogger implements LoggerService {
  constructor(private readonly logger: Logger) {}

  log(message: unknown, context?: string) {
    if (context && NEST_STARTUP_CONTEXTS.has(context)) this.logger.debug({ context }, stringify(message));
    else this.logger.info({ context }, stringify(message));
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
