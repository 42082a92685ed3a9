import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger, Optional } from '@nestjs/common';
import type { Request, Response } from 'express';
import { QueryFailedError } from 'typeorm';
import { AppError } from './errors';
import { danishFrameworkMessage } from './framework-messages';
import { PageErrorRenderer } from './page-errors';
import { redactUrl } from './redact';

/** PostgreSQL error codes that can only come from what a client sent. */
const CLIENT_PG_ERRORS: Record<string, { status: HttpStatus; message: string }> = {
  '22P02': { status: HttpStatus.BAD_REQUEST, message: 'Ugyldig værdi' },
  '22007': { status: HttpStatus.BAD_REQUEST, message: 'Ugyldig dato' },
  '22008': { status: HttpStatus.BAD_REQUEST, message: 'Dato uden for gyldigt område' },
  '22001': { status: HttpStatus.BAD_REQUEST, message: 'En værdi er for lang' },
  '22003': { status: HttpStatus.BAD_REQUEST, message: 'Et tal er uden for det tilladte område' },
  '23505': { status: HttpStatus.CONFLICT, message: 'Findes allerede' },
  '23P01': { status: HttpStatus.CONFLICT, message: 'Overlapper en eksisterende periode' },
  '40001': { status: HttpStatus.CONFLICT, message: 'Samtidig ændring; prøv igen' },
  // Two writers of the same unit can wait for each other on its coverage stamp (unit_audit_stamp) and its obligations;
  // PostgreSQL aborts one, whose change was not written: the same answer as a concurrent change.
  '40P01': { status: HttpStatus.CONFLICT, message: 'Samtidig ændring; prøv igen' },
};

/** Error codes meaning the database cannot be reached or is going away: not the client's fault, and temporary. */
const DATABASE_UNAVAILABLE = new Set([
  'ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENOTFOUND', 'EPIPE',
  '57P01', '57P02', '57P03', // admin_shutdown, crash_shutdown, cannot_connect_now
  '53300', // too_many_connections
  '08000', '08001', '08003', '08004', '08006', // connection exceptions
  '3D000', // the database is gone
]);

/** Seconds a client should wait before trying again while the database is away. */
export const DATABASE_RETRY_AFTER_SECONDS = 10;

function databaseUnavailable(exception: unknown): string | undefined {
  const error = exception as { code?: string; driverError?: { code?: string; message?: string }; message?: string } | undefined;
  const code = error?.driverError?.code ?? error?.code;
  if (code && DATABASE_UNAVAILABLE.has(code)) return code;
  const message = String(error?.driverError?.message ?? error?.message ?? '');
  if (/Connection terminated|timeout exceeded when trying to connect|connect ECONNREFUSED|Client has encountered a connection error/i.test(message)) return 'forbindelse';
  return undefined;
}

/**
 * One shape for every error: `{ statusCode, error, message, ...details }`.
 * Deliberate refusals (AppError) carry their rule id or fields; framework
 * HttpExceptions (validation, body too large, malformed JSON) keep their status.
 */
@Catch()
export class ErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('ErrorFilter');

  /** The web layer's HTML answers for page requests; absent in an app without pages. */
  constructor(@Optional() private readonly pages?: PageErrorRenderer) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Response>();
    const request = host.switchToHttp().getRequest<Request>();
    const unavailable = databaseUnavailable(exception);
    if (unavailable) {
      // One line, no stack: an outage is an operations matter, and every request during it would repeat the stack.
      this.logger.warn(`Databasen svarer ikke (${unavailable}); svarer 503 på ${request?.method ?? ''} ${redactUrl(String(request?.originalUrl ?? request?.url ?? ''))}`);
      response.setHeader('Retry-After', String(DATABASE_RETRY_AFTER_SECONDS));
      const message = 'Databasen er midlertidigt utilgængelig; prøv igen om lidt';
      if (request && this.pages?.handles(request)) return this.pages.render(exception, 503, message, request, response);
      response.status(503).json({ statusCode: 503, error: reasonPhrase(503), message });
      return;
    }
    const { status, body } = this.toResponse(exception);
    if (status >= 500 && !(exception instanceof Error && exception.name === 'LoginRequired')) this.logger.error(exception instanceof Error ? exception.stack : String(exception));
    // The pages answer in HTML (and a missing login redirects); the API keeps its JSON.
    if (request && this.pages?.handles(request)) return this.pages.render(exception, status, String(body.message ?? ''), request, response);
    response.status(status).json({ statusCode: status, error: reasonPhrase(status), ...body });
  }

  private toResponse(exception: unknown): { status: number; body: Record<string, unknown> } {
    if (exception instanceof AppError) {
      return { status: exception.status, body: { message: exception.message, ...exception.details } };
    }
    if (exception instanceof HttpException) {
      const payload = exception.getResponse();
      const status = exception.getStatus();
      if (typeof payload === 'string') return { status, body: { message: danishFrameworkMessage(payload) } };
      const { message, ...rest } = payload as Record<string, unknown>;
      delete rest.statusCode;
      delete rest.error;
      if (Array.isArray(message)) {
        return { status, body: { message: 'Ugyldigt input', fields: message.map(toField), ...rest } };
      }
      return { status, body: { message: danishFrameworkMessage(typeof message === 'string' ? message : exception.message), ...rest } };
    }
    if (exception instanceof QueryFailedError) {
      const code = (exception.driverError as { code?: string } | undefined)?.code;
      const known = code ? CLIENT_PG_ERRORS[code] : undefined;
      if (known) return { status: known.status, body: { message: known.message } };
    }
    return { status: HttpStatus.INTERNAL_SERVER_ERROR, body: { message: 'Intern fejl' } };
  }
}

/** class-validator messages start with the property path; keep it as `field`. */
function toField(message: unknown): { field: string; message: string } {
  const text = String(message);
  const field = text.split(' ')[0] ?? '';
  return { field, message: text };
}

function reasonPhrase(status: number): string {
  const name = HttpStatus[status];
  return name ? name.toLowerCase().replace(/(^|_)(\w)/g, (_, sep: string, c: string) => (sep ? ' ' : '') + c.toUpperCase()) : 'Error';
}
