/**
 * bench:api's reference: the least a Node service can do per request on the
 * same database — one `SELECT` by primary key of a random obligation through
 * a pg pool of the service's size (10), answered as JSON. Started by
 * bench:api as its own process: `node dist/bench/bare-pk-server.js` with
 * DATABASE_URL and PORT.
 */
import { createServer } from 'node:http';
import { Pool } from 'pg';

async function main(): Promise<void> {
  const pool = new Pool({ connectionString: process.env.DATABASE_URL, max: 10 });
  const { rows } = await pool.query<{ id: string }>(`SELECT id FROM obligation ORDER BY id LIMIT 10000`);
  const ids = rows.map((r) => r.id);
  const server = createServer((_req, res) => {
    const id = ids[Math.floor(Math.random() * ids.length)];
    pool
      .query(`SELECT id, state, due_on::text AS "dueOn" FROM obligation WHERE id = $1`, [id])
      .then((r) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify(r.rows[0] ?? null));
      })
      .catch(() => {
        res.writeHead(500);
        res.end();
      });
  });
  server.listen(Number(process.env.PORT), '127.0.0.1', () => process.stdout.write('klar\n'));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
