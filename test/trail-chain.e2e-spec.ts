import { Client } from 'pg';
import { createTestApp, type TestApp } from './support/test-app';

/** `work` on a superuser connection to `t`'s database (closed afterwards). */
async function asSuperuserOf<T>(t: TestApp, work: (c: Client) => Promise<T>): Promise<T> {
  const c = new Client({ connectionString: t.superuserUrl });
  await c.connect();
  try {
    return await work(c);
  } finally {
    await c.end();
  }
}

/**
 * R71, R81: tamper evidence beyond the database's own guard. Every trail row
 * carries a SHA-256 chained to the previous row's; the verifier names the
 * first row that does not match, even after a superuser's edit.
 */
describe('the audit trail hash chain (R71, R81)', () => {
  let t: TestApp;
  let admin: { id: string; auth: string };

  beforeAll(async () => {
    t = await createTestApp();
    admin = await t.person('revisor@aarhus.dk');
  });
  afterAll(() => t.close());

  it('R81: rows written by concurrent transactions form one unbroken chain', async () => {
    await Promise.all(
      Array.from({ length: 12 }, async (_, i) => {
        const c = new Client({ connectionString: t.databaseUrl });
        await c.connect();
        try {
          await c.query('BEGIN');
          await c.query(`INSERT INTO transition (event, to_state, reason) VALUES ('TEST', 'planned', $1)`, [`skriver ${i}`]);
          await c.query(`SELECT pg_sleep($1)`, [(i % 4) * 0.05]);
          await c.query(`INSERT INTO transition (event, to_state, reason, payload) VALUES ('TEST', 'planned', $1, $2)`, [`skriver ${i} igen`, JSON.stringify({ i, tekst: 'æøå' })]);
          await c.query('COMMIT');
        } finally {
          await c.end();
        }
      }),
    );
    const rows = await t.query<{ id: string; prev_hash: string | null; hash: string }>(`SELECT id, prev_hash, hash FROM transition ORDER BY id`);
    expect(rows.length).toBeGreaterThanOrEqual(24);
    rows.forEach((r, i) => expect(r.prev_hash).toBe(i === 0 ? null : rows[i - 1]!.hash));

    const res = await t.as(admin.auth).post('/api/v1/audit/trail/verify').expect(200);
    expect(res.body).toMatchObject({ ok: true, rowsChecked: rows.length, firstBadId: null, reason: null });
  });

  it('R81: only administrators verify the chain', async () => {
    const leader = await t.person('leder@aarhus.dk', false);
    await t.as(leader.auth).post('/api/v1/audit/trail/verify').expect(403);
  });

  it('R81: a row a superuser changes with the triggers off is named, and the coverage audit says so', async () => {
    const [victim] = await t.query<{ id: string }>(`SELECT id FROM transition ORDER BY id OFFSET 5 LIMIT 1`);
    await asSuperuserOf(t, async (c) => {
      await c.query(`SET session_replication_role = replica`);
      await c.query(`UPDATE transition SET reason = 'omskrevet' WHERE id = $1`, [victim!.id]);
    });
    const res = await t.as(admin.auth).post('/api/v1/audit/trail/verify').expect(200);
    expect(res.body).toMatchObject({ ok: false, firstBadId: Number(victim!.id) });
    expect(res.body.reason).toMatch(/ændret/);

    const coverage = await t.as(admin.auth).get('/api/v1/audit/coverage?from=2026-01-01&to=2026-12-31').expect(200);
    expect(coverage.body.trailChain).toMatchObject({ ok: false, firstBadId: Number(victim!.id) });
    expect(Date.parse(coverage.body.trailChain.verifiedAt)).not.toBeNaN();
    expect(coverage.headers['x-revisionsspor-kontrolleret']).toMatch(new RegExp(`fejl ved række ${victim!.id}`));
  });

  it('R81: a row a superuser deletes is named by the row after it', async () => {
    await asSuperuserOf(t, async (c) => {
      await c.query(`SET session_replication_role = replica`);
      const [row] = (await c.query(`SELECT id FROM transition WHERE reason = 'omskrevet'`)).rows;
      await c.query(`DELETE FROM transition WHERE id = $1`, [row.id]);
      const [next] = (await c.query(`SELECT id FROM transition WHERE id > $1 ORDER BY id LIMIT 1`, [row.id])).rows;
      const res = await t.as(admin.auth).post('/api/v1/audit/trail/verify').expect(200);
      expect(res.body).toMatchObject({ ok: false, firstBadId: Number(next.id) });
    });
  });
});

/**
 * Its own database: the statistics must be a young trail's (a few rows), as on a new installation. After the
 * tests above have written theirs, PostgreSQL picks the index anyway and the test could not fail.
 */
describe('the audit trail hash chain at scale (R81)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('R81: one statement writing thousands of trail rows reads the chain head by its index, not by a scan per row', async () => {
    // What made a national scheduler pass hang (bench:api's build, 129,000 DEADLINE_PASSED rows in one statement):
    // statistics taken while the trail was small, and a session whose first chained row cached that plan for
    // transition_chain()'s head read — a sequential scan of the whole trail for every row, quadratic in the statement.
    await asSuperuserOf(t, (c) => c.query('ANALYZE transition'));
    const c = new Client({ connectionString: t.databaseUrl });
    await c.connect();
    try {
      await c.query(`INSERT INTO transition (event, to_state, reason) VALUES ('TEST', 'planned', 'første i sessionen')`);
      await c.query('BEGIN');
      await c.query(`INSERT INTO transition (event, to_state, reason) SELECT 'TEST', 'planned', 'massevis ' || g FROM generate_series(1, 2000) g`);
      const [scans] = (await c.query(`SELECT seq_scan::int AS n FROM pg_stat_xact_user_tables WHERE relname = 'transition'`)).rows;
      const [chained] = (
        await c.query(`SELECT count(*)::int AS n FROM transition t JOIN transition p ON p.hash = t.prev_hash AND p.id < t.id WHERE t.reason LIKE 'massevis %'`)
      ).rows;
      await c.query('ROLLBACK');
      expect(chained.n).toBe(2000);
      expect(scans.n).toBeLessThanOrEqual(1);
    } finally {
      await c.end();
    }
  });
});
