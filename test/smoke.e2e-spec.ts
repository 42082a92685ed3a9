import { Client } from 'pg';
it('reaches postgres', async () => {
  const c = new Client({ connectionString: process.env.DATABASE_URL });
  await c.connect();
  const r = await c.query('select version()');
  expect(r.rows[0].version).toMatch(/PostgreSQL/);
  await c.end();
});
