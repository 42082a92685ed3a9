import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { from as copyFrom } from 'pg-copy-streams';
import type { EntityManager } from 'typeorm';

export type StagedValue = string | number | boolean | null | undefined;

/**
 * Streams rows into a (temporary) table with `COPY … FROM STDIN` on the
 * transaction's own connection: one round trip for any number of rows, where
 * INSERTs would cost one each. `pg-copy-streams` is the pg driver's companion
 * for COPY (same maintainer); writing the protocol by hand is not worth it.
 * Values are written in COPY's CSV format: every text quoted, so an empty
 * string stays empty and only `null`/`undefined` (unquoted) become NULL.
 */
export async function copyInto(em: EntityManager, table: string, columns: readonly string[], rows: readonly StagedValue[][]): Promise<void> {
  if (rows.length === 0) return;
  const runner = em.queryRunner;
  if (!runner) throw new Error('copyInto needs the EntityManager of a transaction');
  const client = (await runner.connect()) as { query(stream: unknown): NodeJS.WritableStream };
  const sink = client.query(copyFrom(`COPY ${table} (${columns.join(', ')}) FROM STDIN WITH (FORMAT csv)`));
  await pipeline(Readable.from(chunks(rows)), sink as unknown as NodeJS.WritableStream);
}

function* chunks(rows: readonly StagedValue[][]): Generator<string> {
  const size = 1000;
  for (let i = 0; i < rows.length; i += size) {
    yield rows.slice(i, i + size).map((row) => row.map(csvCell).join(',')).join('\n') + '\n';
  }
}

function csvCell(value: StagedValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'boolean') return value ? 't' : 'f';
  if (typeof value === 'number') return String(value);
  return `"${value.replace(/"/g, '""')}"`;
}
