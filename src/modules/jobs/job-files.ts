import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Readable, Writable } from 'node:stream';
import { DataSource, type EntityManager } from 'typeorm';
import { NotFoundError } from '../../common/errors';
import type { JobView } from './jobs.service';

/** The largest piece of a job's file stored in one row, in bytes. */
export const JOB_FILE_CHUNK_BYTES = 256 * 1024;
/** How long a job's file is kept after the job finished, in days. */
export const JOB_FILE_KEEP_DAYS = 7;

/** What a job that leaves a file puts in its result (besides its own fields). */
export interface JobFileResult {
  /** The name a download gets, e.g. tilsynsdaekning-2026-01-01-2026-12-31.csv. */
  filename: string;
  contentType: string;
  /** The file's size in bytes. */
  bytes: number;
}

/**
 * A job's result file in PostgreSQL (`job_file_chunk`), so it survives a
 * restart and any replica serves it. Written and read one piece
 * (JOB_FILE_CHUNK_BYTES) at a time: neither the job nor a download holds
 * more than a piece or two of the file in memory.
 */
@Injectable()
export class JobFiles {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /**
   * A writable that stores what it is given as the job's file, inside `em`'s
   * transaction (so the file and the job's completion commit together, and a
   * rerun after a crash starts from nothing: pieces an earlier attempt wrote
   * are deleted first). Each piece is written before the writable takes more,
   * which is the backpressure. `bytes()` says how much was written.
   */
  async writer(em: EntityManager, jobId: string): Promise<Writable & { bytes(): number }> {
    await em.query(`DELETE FROM job_file_chunk WHERE job_id = $1`, [jobId]);
    let seq = 0;
    let total = 0;
    let pending: Buffer[] = [];
    let pendingBytes = 0;
    const store = async (piece: Buffer) => {
      await em.query(`INSERT INTO job_file_chunk (job_id, seq, data) VALUES ($1, $2, $3)`, [jobId, seq++, piece]);
    };
    const flushFull = async () => {
      while (pendingBytes >= JOB_FILE_CHUNK_BYTES) {
        const all = Buffer.concat(pending, pendingBytes);
        await store(all.subarray(0, JOB_FILE_CHUNK_BYTES));
        const rest = all.subarray(JOB_FILE_CHUNK_BYTES);
        pending = rest.length ? [Buffer.from(rest)] : [];
        pendingBytes = rest.length;
      }
    };
    const out = new Writable({
      highWaterMark: JOB_FILE_CHUNK_BYTES,
      write(chunk: Buffer, _encoding, callback) {
        pending.push(chunk);
        pendingBytes += chunk.length;
        total += chunk.length;
        flushFull().then(() => callback(), callback);
      },
      final(callback) {
        const rest = Buffer.concat(pending, pendingBytes);
        pending = [];
        pendingBytes = 0;
        (rest.length ? store(rest) : Promise.resolve()).then(() => callback(), callback);
      },
    });
    return Object.assign(out, { bytes: () => total });
  }

  /**
   * The file of a finished job, piece by piece (one query a piece). 404 when
   * the job left no file, is not finished, or its file was cleaned away.
   * `job` is what JobsService.get gave, so who may see it is already checked.
   */
  async open(job: JobView): Promise<{ file: JobFileResult; stream: Readable }> {
    const file = job.result as Partial<JobFileResult> | null;
    if (job.state !== 'faerdig' || !file || typeof file.filename !== 'string') throw new NotFoundError('Jobbet har ingen fil (endnu)');
    const [{ n }] = await this.db.query(`SELECT count(*)::int AS n FROM job_file_chunk WHERE job_id = $1`, [job.id]);
    if (n === 0 && (file.bytes ?? 0) > 0) {
      throw new NotFoundError(`Filen er slettet; filer gemmes i ${JOB_FILE_KEEP_DAYS} dage efter jobbet. Start en ny eksport.`);
    }
    const db = this.db;
    let seq = 0;
    const stream = new Readable({
      highWaterMark: 1,
      objectMode: false,
      read() {
        db.query(`SELECT data FROM job_file_chunk WHERE job_id = $1 AND seq = $2`, [job.id, seq++]).then(
          (rows: { data: Buffer }[]) => this.push(rows[0]?.data ?? null),
          (error: Error) => this.destroy(error),
        );
      },
    });
    return { file: { filename: file.filename, contentType: file.contentType ?? 'application/octet-stream', bytes: file.bytes ?? 0 }, stream };
  }

  /** Deletes the files of jobs that finished more than JOB_FILE_KEEP_DAYS days ago; returns how many pieces went. */
  async cleanup(): Promise<number> {
    const [{ n }] = await this.db.query(
      `WITH gone AS (
         DELETE FROM job_file_chunk c USING job_run j
          WHERE j.id = c.job_id AND j.finished_at < now() - make_interval(days => $1)
          RETURNING 1)
       SELECT count(*)::int AS n FROM gone`,
      [JOB_FILE_KEEP_DAYS],
    );
    return n;
  }
}
