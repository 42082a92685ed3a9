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
/** The planner's cost of a random page read relative to a sequential one for heavy reads: SSD or cached data. */
const HEAVY_RANDOM_PAGE_COST = 1.1;
/** Rows fetched from the cursor per round trip. */
const BATCH_ROWS = 50;

/** One heavy-read transaction (HeavyReads.inSnapshot): short statements and cursors in one snapshot. */
export interface HeavySnapshot {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  query(sql: string, params: unknown[]): Promise<any[]>;
  rows<R>(sql: string, params: unknown[]): AsyncGenerator<R>;
}

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
  /**
   * The statements an audit runs beside its cursor (the statutory part per batch of units). A pool of their own,
   * of the same size: a side statement never waits for a cursor's connection, so audits that hold every cursor
   * connection cannot deadlock waiting for one more.
   */
  private readonly side: Pool;

  constructor(settings: DatabaseSettings) {
    const heavyPool = () =>
      new Pool({
        connectionString: settings.url,
        max: settings.heavyReadPoolSize,
        connectionTimeoutMillis: HEAVY_WAIT_MS,
        idleTimeoutMillis: 30_000,
        application_name: 'kvalitetsloop-revision',
        statement_timeout: HEAVY_STATEMENT_TIMEOUT_MS,
      });
    this.pool = heavyPool();
    this.side = heavyPool();
    // An idle connection cut by the server must not crash the process; the pool opens a new one.
    this.pool.on('error', () => undefined);
    this.side.on('error', () => undefined);
  }

  /** One short statement beside a cursor (see `side`), its rows. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  async query(sql: string, params: unknown[]): Promise<any[]> {
    return (await this.side.query(sql, params)).rows;
  }

  /**
   * The rows of one statement, streamed from a cursor in one read-only,
   * repeatable-read transaction (a consistent snapshot of obligations and
   * trail however long the reading takes). Stopping the iteration early
   * closes the cursor and returns the connection.
   */
  rows<T>(sql: string, params: unknown[]): AsyncGenerator<T> {
    return this.inSnapshot((tx) => tx.rows<T>(sql, params));
  }

  /**
   * Several statements in ONE read-only, repeatable-read transaction on one of the pool's connections: everything
   * `body` reads (short statements through `tx.query`, streams through `tx.rows`) sees the same snapshot. The coverage
   * memo relies on it: the per-unit stamps and the data judged under them come from one snapshot. Whatever `body`
   * yields is yielded on; stopping early closes the cursor and returns the connection.
   */
  async *inSnapshot<T>(body: (tx: HeavySnapshot) => AsyncIterable<T>): AsyncGenerator<T> {
    const client: PoolClient = await this.pool.connect();
    let clean = false;
    try {
      await client.query('BEGIN TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY');
      // The audit's sorts and hashes at national scale (tens of MB) stay in memory instead of spilling to disk;
      // the pool's size bounds how many run at once.
      await client.query(`SET LOCAL work_mem = '${HEAVY_WORK_MEM}'`);
      // The audit reads the country's obligations from the narrow obligation_audit index (a quarter of the table's
      // pages); with the default random_page_cost of 4 (spinning disks) PostgreSQL prefers the whole table.
      await client.query(`SET LOCAL random_page_cost = ${HEAVY_RANDOM_PAGE_COST}`);
      const tx: HeavySnapshot = {
        query: async (sql, params) => (await client.query(sql, params)).rows,
        // Leaving the loop early (the reader went away) destroys the stream, which closes the cursor.
        rows: async function* <R>(sql: string, params: unknown[]): AsyncGenerator<R> {
          for await (const row of client.query(new QueryStream(sql, params, { batchSize: BATCH_ROWS, highWaterMark: BATCH_ROWS }))) yield row as R;
        },
      };
      yield* body(tx);
      await client.query('COMMIT');
      clean = true;
    } finally {
      // A connection left mid-cursor or after an error is closed rather than handed to the next export.
      client.release(clean ? undefined : true);
    }
  }

  async onModuleDestroy(): Promise<void> {
    await Promise.all([this.pool.end(), this.side.end()]);
  }
}
