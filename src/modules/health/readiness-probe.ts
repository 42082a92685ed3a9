import { Injectable, OnModuleDestroy } from '@nestjs/common';
import { Client } from 'pg';
import { DatabaseSettings } from '../../database/database-settings';

/**
 * The readiness probe's own database connection, outside the request pool:
 * while slow requests hold every pooled connection, a ping through the pool
 * would wait behind them and report a healthy database as down (issue 15:
 * 25 of 27 probes answered 503 during an audit burst). One connection, opened
 * on the first probe and reopened after a failure; concurrent probes share
 * one ping, so a flood of probes costs the database one query at a time.
 */
@Injectable()
export class ReadinessProbe implements OnModuleDestroy {
  private client: Client | undefined;
  private inFlight: Promise<void> | undefined;

  constructor(private readonly settings: DatabaseSettings) {}

  /** Resolves when the database answered `SELECT 1` within `timeoutMs` milliseconds; rejects otherwise. */
  ping(timeoutMs: number): Promise<void> {
    this.inFlight ??= this.pingOnce(timeoutMs).finally(() => (this.inFlight = undefined));
    return this.inFlight;
  }

  private async pingOnce(timeoutMs: number): Promise<void> {
    try {
      const client = this.client ?? (await this.connect(timeoutMs));
      await withinTime(client.query('SELECT 1'), timeoutMs);
    } catch (error) {
      this.drop();
      throw error;
    }
  }

  private async connect(timeoutMs: number): Promise<Client> {
    const client = new Client({ connectionString: this.settings.url, connectionTimeoutMillis: timeoutMs, application_name: 'kvalitetsloop-readiness' });
    // A connection cut while idle must not crash the process; the next probe opens a new one.
    client.on('error', () => {
      if (this.client === client) this.drop();
    });
    await client.connect();
    this.client = client;
    return client;
  }

  private drop(): void {
    const client = this.client;
    this.client = undefined;
    client?.end().catch(() => undefined);
  }

  async onModuleDestroy(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    await client?.end().catch(() => undefined);
  }
}

/**
 * `work` if it settles within `ms` milliseconds. When the timer fires, the
 * answer may already be waiting in the socket while the event loop was busy
 * (timers run before I/O in each turn), so it looks once more after I/O has
 * been polled (setImmediate) before calling the database late.
 */
async function withinTime<T>(work: Promise<T>, ms: number): Promise<T> {
  let settled = false;
  const tracked = work.finally(() => (settled = true));
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      setImmediate(() => {
        if (!settled) reject(new Error(`intet svar inden for ${ms} ms`));
      });
    }, ms);
  });
  try {
    return await Promise.race([tracked, late]);
  } finally {
    clearTimeout(timer);
  }
}
