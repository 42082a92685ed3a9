import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { plainToInstance } from 'class-transformer';
import { Writable } from 'node:stream';
import { DataSource } from 'typeorm';
import { NotFoundError } from '../../common/errors';
import type { CurrentUser } from '../auth';
import { JobFiles, type JobFileResult, JobsService } from '../jobs';
import { CoverageQuery } from './audit.dto';
import { AuditService, periodOutOfOrder } from './audit.service';
import { coverageUnitCountStatement } from './coverage.sql';

/** The coverage audit's CSV (R80, R81) as a job: the whole country takes a minute and is a file of megabytes (issue 15). */
export const COVERAGE_EXPORT_JOB = 'tilsynsdaekning-eksport';

/** The slice to export: CoverageQuery's filters (format, offset and limit do not apply). */
export type CoverageExportInput = Pick<CoverageQuery, 'from' | 'to' | 'unitId' | 'chefId' | 'district' | 'type' | 'governance' | 'ageArea' | 'special'>;

export interface CoverageExportResult extends JobFileResult {
  /** Units in the file (its lines but the header and the totals line). */
  units: number;
  from: string;
  to: string;
}

const FILTER_KEYS = ['from', 'to', 'unitId', 'chefId', 'district', 'type', 'governance', 'ageArea', 'special'] as const;

/**
 * Exports the coverage audit as CSV into the job's stored file
 * (`job_file_chunk`, JobFiles): the audit streams unit by unit from a cursor
 * into pieces of 256 KiB, each written before the next units are read, so
 * memory holds a piece, not the country. The file and the job's completion
 * commit in one transaction: an attempt that dies leaves no file, and a rerun
 * writes the whole file afresh. Progress is units written of the units in the
 * slice. Every run also deletes files older than seven days.
 */
@Injectable()
export class CoverageExportJob implements OnModuleInit {
  constructor(
    private readonly jobs: JobsService,
    private readonly files: JobFiles,
    private readonly audit: AuditService,
    @InjectDataSource() private readonly db: DataSource,
  ) {}

  onModuleInit(): void {
    this.jobs.register<CoverageExportInput, CoverageExportResult>(COVERAGE_EXPORT_JOB, async (input, context) => {
      await this.files.cleanup();
      const query = plainToInstance(CoverageQuery, { ...input, format: 'csv' });
      // The starter as they are now: an administrator who lost the right meanwhile exports only their own units (R3).
      const [person] = await this.db.query(`SELECT id, name, admin FROM person WHERE id = $1`, [context.startedBy]);
      if (!person) throw new NotFoundError('Personen, der startede eksporten, findes ikke længere');
      const user: CurrentUser = { personId: person.id, admin: person.admin, name: person.name };
      const total = await this.unitCount(query, user);
      await context.progress(0, total);
      const filename = `tilsynsdaekning-${query.from}-${query.to}.csv`;
      return this.db.transaction(async (em) => {
        // Two attempts of one job (one thought dead) must not interleave their pieces.
        await em.query(`SELECT pg_advisory_xact_lock(hashtext('job-file:' || $1::text))`, [context.jobId]);
        const file = await this.files.writer(em, context.jobId);
        let lines = 0;
        // Counts the lines as they pass (the header and the totals line are not units); progress never waits on the file.
        const counting = new Writable({
          write(chunk: Buffer, _encoding, callback) {
            for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) lines++;
            const units = Math.min(Math.max(lines - 1, 0), total);
            void context.progress(units, total).catch(() => undefined);
            if (file.write(chunk)) callback();
            else file.once('drain', () => callback());
          },
        });
        await this.audit.writeCoverageCsv(query, user, counting);
        await new Promise<void>((resolve, reject) => file.end((error?: Error | null) => (error ? reject(error) : resolve())));
        const result: CoverageExportResult = {
          filename,
          contentType: 'text/csv; charset=utf-8',
          bytes: file.bytes(),
          units: Math.max(lines - 2, 0),
          from: query.from,
          to: query.to,
        };
        await context.finishIn(em, result);
        return result;
      });
    });
  }

  /**
   * Checks the slice as the audit would (400 for a bad period, naming the
   * field) and enqueues the export for `user`; returns the job's id.
   */
  async start(query: CoverageQuery, user: CurrentUser): Promise<{ id: string }> {
    if (query.from > query.to) throw periodOutOfOrder();
    const input = Object.fromEntries(FILTER_KEYS.filter((k) => query[k] !== undefined).map((k) => [k, query[k]])) as CoverageExportInput;
    // The audit's own checks (the period's length) run when the job runs; the job then fails with the same Danish message.
    return this.jobs.enqueue<CoverageExportInput>(COVERAGE_EXPORT_JOB, input, user.personId);
  }

  /**
   * How many units the export will have (the progress bar's total): the
   * slice's units valid in the period and, in a chef's slice, those the chef
   * was chef for in it (R3): coverage.sql.ts's own slice.
   */
  private async unitCount(q: CoverageQuery, user: CurrentUser): Promise<number> {
    if (!user.admin && q.chefId && q.chefId !== user.personId) return 0;
    const chef = user.admin ? q.chefId ?? null : user.personId;
    const { sql, params } = coverageUnitCountStatement(q, chef);
    const [{ n }] = await this.db.query(sql, params);
    return n;
  }
}
