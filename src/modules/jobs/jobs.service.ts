import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { PgBoss } from 'pg-boss';
import { DataSource, type EntityManager } from 'typeorm';
import { AppError, NotFoundError, RuleError } from '../../common/errors';
import { JOB_QUEUE_SCHEMA } from '../../database/job-queue-schema';

/** What a job's handler gets besides its input. */
export interface JobContext {
  jobId: string;
  /** 1 for the first run, 2 after one retry, … */
  attempt: number;
  /** The person who started the job (null: the system). */
  startedBy: string | null;
  /**
   * Reports how far the job has come: `done` of `total`, in the handler's own
   * unit (rows, steps, units). Written outside the handler's transaction so a
   * reader sees it while the job runs; at most a few writes a second.
   */
  progress(done: number, total: number): Promise<void>;
  /**
   * Marks the job done with `result` inside the handler's own transaction, as
   * its last statement: the work and the job's completion commit together,
   * so an attempt that committed and then died is not run again (its next
   * claim finds the job done). Progress reported after it is dropped (it
   * would wait for this transaction's row lock).
   */
  finishIn(em: EntityManager, result: unknown): Promise<void>;
}

/**
 * A job's work. It must give the same result when it runs again after a crash
 * (pg-boss runs a job at least once): one transaction for what it writes, and
 * a check at the start for work an earlier attempt already committed.
 * Refusals (AppError: 400/404/409/422) end the job as failed with their
 * Danish message; any other error is retried, then ends it as failed.
 */
export type JobHandler<I, R> = (input: I, context: JobContext) => Promise<R>;

export type JobState = 'venter' | 'koerer' | 'faerdig' | 'fejlet';

/** One problem a failed job reports: the Danish message, and the rule id or field when a rule refused. */
export interface JobError {
  message: string;
  rule?: string;
  field?: string;
  /** An import's problem: the file, line and column it is in. */
  file?: string;
  line?: number;
  column?: string;
  details?: unknown;
  /** True when the job died unexpectedly (not a refusal); nothing of it is saved. The job page tells "fejlede" from "blev afvist" by it. */
  unexpected?: boolean;
}

export interface JobView {
  id: string;
  kind: string;
  state: JobState;
  progress: { done: number; total: number | null };
  attempts: number;
  result: unknown;
  errors: JobError[] | null;
  startedByPersonId: string | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
}

export interface JobsOptions {
  /** The application role's URL; pg-boss keeps its own small pool on it. */
  databaseUrl: string;
  /** Claim and run jobs in this process (off in operator commands, which only enqueue). */
  worker: boolean;
  /** Seconds between polls for new jobs (pg-boss's minimum is 0.5). */
  pollingIntervalSeconds?: number;
}

export const JOBS_OPTIONS = Symbol('JOBS_OPTIONS');

interface Registered {
  handler: JobHandler<never, unknown>;
  retryLimit: number;
}

/** pg-boss marks a claimed job dead when it hears nothing for this long (seconds), and hands it out again. */
const HEARTBEAT_SECONDS = 30;
/** The longest one attempt may run (seconds): a treatment at national scale takes about a minute. */
const EXPIRE_SECONDS = 60 * 60;
const PROGRESS_WRITE_INTERVAL_MS = 250;

/**
 * Long work as jobs (issue 15) on pg-boss: stored in PostgreSQL, so they
 * survive a restart; claimed with FOR UPDATE SKIP LOCKED, so one replica runs
 * each; retried when an attempt dies. What people see of a job (who started
 * it, progress, result, errors) is our own row in `job_run`, keyed by the
 * pg-boss job id.
 */
@Injectable()
export class JobsService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Jobs');
  private readonly handlers = new Map<string, Registered>();
  private boss?: PgBoss;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(JOBS_OPTIONS) private readonly options: JobsOptions,
  ) {}

  /**
   * Registers the handler of a kind of job (call it from onModuleInit). `kind`
   * is the queue name: lowercase ASCII and dashes. `retryLimit`: how many
   * times an attempt that failed unexpectedly (a crash, a lost connection) is
   * tried again.
   */
  register<I, R>(kind: string, handler: JobHandler<I, R>, options: { retryLimit?: number } = {}): void {
    if (this.handlers.has(kind)) throw new Error(`Jobtypen ${kind} er registreret to gange`);
    this.handlers.set(kind, { handler: handler as JobHandler<never, unknown>, retryLimit: options.retryLimit ?? 2 });
  }

  /** The registered handler of a kind (for tests that run one attempt by hand). */
  handlerOf<I, R>(kind: string): JobHandler<I, R> {
    const found = this.handlers.get(kind);
    if (!found) throw new Error(`Ukendt jobtype ${kind}`);
    return found.handler as unknown as JobHandler<I, R>;
  }

  /**
   * Stores a job and hands it to the queue; returns its id at once. The caller
   * has validated the input; the handler checks again when it runs.
   */
  async enqueue<I extends object>(kind: string, input: I, startedBy: string | null): Promise<{ id: string }> {
    const registered = this.handlers.get(kind);
    if (!registered) throw new Error(`Ukendt jobtype ${kind}`);
    const id = randomUUID();
    // JSON text, not jsonb: an import's file may hold a NUL, which jsonb refuses and the import reports by line.
    await this.db.query(`INSERT INTO job_run (id, kind, started_by_person_id, input) VALUES ($1, $2, $3, $4)`, [id, kind, startedBy, JSON.stringify(input)]);
    try {
      // The input lives in job_run alone (an import's files can be megabytes); the queue carries only the id.
      await this.started().send(kind, {}, {
        id,
        retryLimit: registered.retryLimit,
        retryDelay: 1,
        expireInSeconds: EXPIRE_SECONDS,
        heartbeatSeconds: HEARTBEAT_SECONDS,
      });
    } catch (error) {
      await this.finish(id, 'fejlet', null, [{ message: 'Jobbet kunne ikke lægges i kø; prøv igen', unexpected: true }]);
      throw error;
    }
    return { id };
  }

  /**
   * A job as the person asking may see it: the one who started it, or an
   * administrator. Anyone else gets the same 404 as for a job that does not
   * exist, so job ids reveal nothing.
   */
  async get(id: string, viewer: { personId: string; admin: boolean }): Promise<JobView> {
    const [row] = await this.db.query(
      `SELECT id, kind, state, done, total, attempts, result, errors, started_by_person_id,
              created_at, started_at, finished_at
         FROM job_run WHERE id = $1`,
      [id],
    );
    if (!row || (!viewer.admin && row.started_by_person_id !== viewer.personId)) throw new NotFoundError('Jobbet findes ikke');
    return {
      id: row.id,
      kind: row.kind,
      state: row.state,
      progress: { done: row.done, total: row.total },
      attempts: row.attempts,
      result: row.result,
      errors: row.errors,
      startedByPersonId: row.started_by_person_id,
      createdAt: iso(row.created_at)!,
      startedAt: iso(row.started_at),
      finishedAt: iso(row.finished_at),
    };
  }

  async onApplicationBootstrap(): Promise<void> {
    const boss = new PgBoss({
      connectionString: this.options.databaseUrl,
      schema: JOB_QUEUE_SCHEMA,
      application_name: 'kvalitetsloop-jobs',
      max: 3,
      // The schema is the migration role's (src/database/job-queue-schema.ts); this role only uses it.
      migrate: false,
      createSchema: false,
      schedule: false,
      supervise: this.options.worker,
      // REINDEX needs the owner; the migration role's maintenance does not run here.
      reindex: false,
      persistWarnings: false,
    });
    // Every worker polls every second: while the database is away, say so once a minute, not per poll.
    let quietUntil = 0;
    boss.on('error', (error: unknown) => {
      if (Date.now() < quietUntil) return;
      quietUntil = Date.now() + 60_000;
      this.logger.warn(`Jobkøen kan ikke nå databasen eller fejlede: ${(error as Error).message}`);
    });
    try {
      await boss.start();
    } catch (error) {
      const message = (error as Error).message;
      throw new Error(
        /not installed|requires migrations/.test(message)
          ? 'Jobkøens skema (pgboss) mangler eller er forældet; sæt MIGRATION_DATABASE_URL, så tjenesten kan installere det (se README, "Jobs").'
          : `Jobkøen kunne ikke starte: ${message}`,
      );
    }
    this.boss = boss;
    for (const [kind] of this.handlers) {
      // Unpartitioned (one row in pgboss.queue): the application role may create it.
      await boss.createQueue(kind);
    }
    if (!this.options.worker) return;
    for (const [kind] of this.handlers) {
      await boss.work<Record<string, unknown>>(
        kind,
        { pollingIntervalSeconds: this.options.pollingIntervalSeconds ?? 1, batchSize: 1 },
        async ([job]) => this.run(kind, job!.id, job!.retryCount),
      );
    }
  }

  async onApplicationShutdown(): Promise<void> {
    const boss = this.boss;
    this.boss = undefined;
    // A job cut short here is handed out again after its heartbeat lapses; its transaction rolls back.
    await boss?.stop({ graceful: true, timeout: 5_000 }).catch(() => undefined);
  }

  private started(): PgBoss {
    if (!this.boss) throw new Error('Jobkøen er ikke startet');
    return this.boss;
  }

  /** One attempt of a job, as pg-boss hands it out. */
  private async run(kind: string, id: string, retryCount: number): Promise<unknown> {
    const registered = this.handlers.get(kind)!;
    const [claimed] = await this.db.query(
      `WITH claimed AS (
         UPDATE job_run SET state = 'koerer', attempts = attempts + 1, done = 0,
                started_at = coalesce(started_at, now()), updated_at = now()
          WHERE id = $1 AND state IN ('venter', 'koerer')
          RETURNING attempts, started_by_person_id, input)
       SELECT * FROM claimed`,
      [id],
    );
    // Finished already (an attempt that completed just before its process died): nothing to do again.
    if (!claimed) return { alreadyFinished: true };
    let lastWrite = 0;
    let finishing = false;
    const context: JobContext = {
      jobId: id,
      attempt: claimed.attempts,
      startedBy: claimed.started_by_person_id,
      progress: async (done, total) => {
        if (finishing) return;
        const now = Date.now();
        if (done < total && now - lastWrite < PROGRESS_WRITE_INTERVAL_MS) return;
        lastWrite = now;
        await this.db.query(`UPDATE job_run SET done = $2, total = $3, updated_at = now() WHERE id = $1 AND state = 'koerer'`, [id, done, total]);
      },
      finishIn: async (em, result) => {
        finishing = true;
        await em.query(
          `UPDATE job_run SET state = 'faerdig', result = $2::jsonb, errors = NULL, done = coalesce(total, done), finished_at = now(), updated_at = now() WHERE id = $1`,
          [id, JSON.stringify(result ?? null)],
        );
      },
    };
    try {
      const result = await registered.handler(JSON.parse(claimed.input) as never, context);
      await this.finish(id, 'faerdig', result ?? null, null);
      return result;
    } catch (error) {
      if (error instanceof AppError) {
        // A refusal does not change by trying again: the job ends here, with why.
        await this.finish(id, 'fejlet', null, refusals(error));
        return { refused: true };
      }
      const message = (error as Error)?.message ?? String(error);
      this.logger.error(`Jobbet ${kind} ${id} fejlede (forsøg ${retryCount + 1}): ${message}`);
      if (retryCount >= registered.retryLimit) {
        await this.finish(id, 'fejlet', null, [{ message: `Jobbet fejlede uventet efter ${retryCount + 1} forsøg: ${message}. Intet af det er gemt; start det igen.`, unexpected: true }]);
      } else {
        await this.db.query(
          `UPDATE job_run SET state = 'venter', errors = $2::jsonb, updated_at = now() WHERE id = $1`,
          [id, JSON.stringify([{ message: `Forsøg ${retryCount + 1} fejlede (${message}); jobbet prøves igen.` }])],
        );
      }
      throw error;
    }
  }

  private async finish(id: string, state: 'faerdig' | 'fejlet', result: unknown, errors: JobError[] | null): Promise<void> {
    await this.db.query(
      `UPDATE job_run SET state = $2::varchar, result = $3::jsonb, errors = $4::jsonb, finished_at = now(), updated_at = now(),
              done = CASE WHEN $2::varchar = 'faerdig' THEN coalesce(total, done) ELSE done END
        WHERE id = $1`,
      [id, state, result === null ? null : JSON.stringify(result), errors === null ? null : JSON.stringify(errors)],
    );
  }
}

function refusals(error: AppError): JobError[] {
  const problems = (error.details as { problems?: JobError[] }).problems;
  return Array.isArray(problems) && problems.length > 0 ? problems : [refusal(error)];
}

function refusal(error: AppError): JobError {
  const details = error.details as { field?: string; fields?: unknown };
  return {
    message: error.message,
    ...(error instanceof RuleError && { rule: error.rule }),
    ...(typeof details.field === 'string' && { field: details.field }),
    ...(details.fields !== undefined && { details: details.fields }),
  };
}

function iso(value: Date | string | null): string | null {
  return value === null ? null : new Date(value).toISOString();
}
