import { createHash } from 'node:crypto';
import type { Pool } from 'pg';
import { DataSource, QueryFailedError } from 'typeorm';

const names = new Map<string, string>();

/** One statement name per SQL text, so two texts never share a name on a connection. */
function statementName(text: string): string {
  let name = names.get(text);
  if (!name) {
    name = `kl_${createHash('sha1').update(text).digest('hex').slice(0, 20)}`;
    names.set(text, name);
  }
  return name;
}

/**
 * `text` with `params` as a named prepared statement on the request pool,
 * for hot reads whose planning is a large share of their time (issue 14:
 * /me/upcoming's page spent 2 of its 7 ms planning). PostgreSQL parses a
 * named statement once per connection and, after five runs, keeps one
 * generic plan when it costs no more than the custom ones; an unnamed
 * statement (db.query) is parsed and planned on every call. Only for texts
 * whose generic plan is as good as a custom one, which means no parameter
 * that switches an OR arm on or off (PostgreSQL then keeps the arm in the
 * generic plan and scans it for everyone).
 *
 * Rows as db.query returns them; a failed statement as db.query's
 * QueryFailedError, so the error filter answers it the same way. Without a
 * pool (another driver): db.query.
 */
export async function namedQuery<T>(db: DataSource, text: string, params: unknown[]): Promise<T[]> {
  const pool = (db.driver as unknown as { master?: Pool }).master;
  if (!pool) return db.query(text, params);
  try {
    return (await pool.query({ name: statementName(text), text, values: params })).rows as T[];
  } catch (error) {
    throw error instanceof Error && 'code' in error ? new QueryFailedError(text, params, error) : error;
  }
}
