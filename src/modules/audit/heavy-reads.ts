import { Injectable, OnModuleDestroy } from '@nestjs/common';
import { Pool, type PoolClient } from 'pg';
import QueryStream from 'pg-query-stream';
import { DatabaseSettings } from '../../database/database-settings';

/** How long one heavy statement may run before PostgreSQL cancels it, in milliseconds. */
export const HEAVY_STATEMENT_TIMEOUT_MS = 120_000;
/** How long a heavy read waits for one of the pool's connections, in milliseconds. */
const HEAVY_WAIT_MS = 60_000;
/** PostgreSQL's memory per sort or hash of a heavy statement (default work_mem is 4 MB). */
const HEAVY_WORK_MEM = '64MB';
/** Rows fetched from the cursor per round trip. */
const BATCH_ROWS = 50;

/**
 * A small pool of its own for the reads that cost seconds at national scale
 * (the coverage audit and its CSV): however many administrators export at
 * once, they hold at most DatabaseSettings.heavyReadPoolSize connections, and
 * the request pool stays free for everyone else (issue 14: one audit held
 * pooled connections long enough for /health to answer 503). Each statement
 * is bounded by statement_timeout, and rows arrive through a cursor, so the
 * service never holds a whole result (issue 15: memory that does not grow
 * with the country).
 */
@Injectable()
export class HeavyReads implements OnModuleDestroy {
  private readonly pool: Pool;

  constructor(settings: DatabaseSettings) {
    this.pool = new Pool({
      connectionString: settings.url,
      max: settings.heavyReadPoolSize,
      connectionTimeoutMillis: HEAVY_WAIT_MS,
      idleTimeoutMillis: 30_000,
      application_name: 'kvalitetsloop-revision',
      statement_timeout: HEAVY_STATEMENT_TIMEOUT_MS,
    });
    // An idle connection cut by the server must not crash the process; the pool opens a new one.
    this.pool.on('error', () => undefined);
  }

  /**
   * The rows of one statement, streamed from a cursor in one read-only,
   * repeatable-read transaction (a consistent snapshot of obligations and
   * trail however long the reading takes). Stopping the iteration early
   * closes the cursor and returns the connection.
   */
  async *rows<T>(sql: string, params: unknown[]): AsyncGenerator<T> {
    const client: PoolClient = await this.pool.connect();
    let clean = false;
    try {
      await client.query('BEGIN TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY');
      // The audit's sorts and hashes at national scale (tens of MB) stay in memory instead of spilling to disk;
      // the pool's size bounds how many run at once.
      await client.query(`SET LOCAL work_mem = '${HEAVY_WORK_MEM}'`);
      // Leaving the loop early (the reader went away) destroys the stream, which closes the cursor.
      for await (const row of client.query(new QueryStream(sql, params, { batchSize: BATCH_ROWS, highWaterMark: BATCH_ROWS }))) yield row as T;
      await client.query('COMMIT');
      clean = true;
    } finally {
      // A connection left mid-cursor or after an error is closed rather than handed to the next export.
      client.release(clean ? undefined : true);
    }
  }

  async onModuleDestroy(): Promise<void> {
    await this.pool.end();
  }
}
