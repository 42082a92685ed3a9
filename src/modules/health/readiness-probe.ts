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
      await client.query({ text: 'SELECT 1', query_timeout: timeoutMs } as never);
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
