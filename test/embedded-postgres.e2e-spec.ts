import { spawnSync } from 'node:child_process';
import { appendFileSync, chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { EmbeddedPostgresError, startEmbeddedPostgres } from '../src/database/embedded-postgres';

async function answers(url: string): Promise<boolean> {
  const c = new Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  c.on('error', () => undefined);
  try {
    await c.connect();
    await c.end();
    return true;
  } catch {
    return false;
  }
}

function freshDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'kl-embedded-'));
  chmodSync(dir, 0o755);
  return dir;
}

/** The embedded server is shared by every process that uses DATA_DIR and outlives any one of them. */
describe('the embedded PostgreSQL', () => {
  const dir = freshDir();
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('concurrent starts settle on one server; it runs as random-password roles kept in DATA_DIR (mode 600)', async () => {
    const [a, b] = await Promise.all([startEmbeddedPostgres(dir), startEmbeddedPostgres(dir)]);
    try {
      expect(new URL(a.url).port).toBe(new URL(b.url).port);
      expect([a.owned, b.owned].sort()).toEqual([false, true]);
      expect(new URL(a.url).hostname).toBe('127.0.0.1');
      expect(statSync(join(dir, 'credentials.json')).mode & 0o777).toBe(0o600);
      const credentials = JSON.parse(readFileSync(join(dir, 'credentials.json'), 'utf8'));
      expect(decodeURIComponent(new URL(a.url).password)).toBe(credentials.app.password);
      expect(credentials.app.password).toHaveLength(32);
      // Without the password there is no way in, not even for the superuser.
      const wrong = new URL(a.superuserUrl);
      wrong.password = 'kvalitetsloop';
      expect(await answers(wrong.toString())).toBe(false);
      const hba = readFileSync(join(dir, 'pg', 'pg_hba.conf'), 'utf8').split('\n').filter((l) => /^(local|host)/.test(l));
      expect(hba.every((l) => /scram-sha-256$/.test(l.trim()))).toBe(true);

      // One process letting go does not take the server from the other.
      await a.stop();
      expect(await answers(b.url)).toBe(true);
      await b.stop();
      expect(await answers(b.url)).toBe(false);
    } finally {
      await a.stop();
      await b.stop();
    }
  });

  it('a server orphaned by a killed process (kill -9) is adopted, then stopped by the last user', async () => {
    const first = await startEmbeddedPostgres(dir);
    // Simulate kill -9: the lease stays behind under a pid that no longer runs.
    const gone = spawnSync('true').pid!;
    const leases = join(dir, 'pg-leases');
    const [lease] = readdirSync(leases);
    renameSync(join(leases, lease!), join(leases, `${gone}.1`));
    const next = await startEmbeddedPostgres(dir);
    expect(next.owned).toBe(false);
    expect(new URL(next.url).port).toBe(new URL(first.url).port);
    await next.stop();
    expect(await answers(first.url)).toBe(false);
    expect(readdirSync(leases)).toEqual([]);
  });

  it('a second stop of one handle waits for the first: when either returns, the server is down and the lease released', async () => {
    const db = await startEmbeddedPostgres(dir);
    expect(await answers(db.url)).toBe(true);
    // A signal's shutdown and a failed start's clean-up stop at once; the one that returns first ended the process.
    const first = db.stop();
    await db.stop();
    expect(await answers(db.url)).toBe(false);
    expect(readdirSync(join(dir, 'pg-leases'))).toEqual([]);
    await first;
  });

  it('a server that exits before it is ready is one Danish line naming the cause and the fix', async () => {
    appendFileSync(join(dir, 'pg', 'postgresql.conf'), '\nshared_buffers = mange\n');
    try {
      const error = await startEmbeddedPostgres(dir).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(EmbeddedPostgresError);
      expect((error as Error).message).toMatch(/^Den indlejrede PostgreSQL i .* stoppede, før den var klar \(.*shared_buffers.*\); [^\n]+\.$/);
    } finally {
      const conf = readFileSync(join(dir, 'pg', 'postgresql.conf'), 'utf8');
      writeFileSync(join(dir, 'pg', 'postgresql.conf'), conf.replace('\nshared_buffers = mange\n', '\n'));
    }
    expect(readdirSync(join(dir, 'pg-leases'))).toEqual([]);
  });

  it('a data directory another PostgreSQL version created is one Danish line naming the fix', async () => {
    const other = freshDir();
    try {
      mkdirSync(join(other, 'pg'));
      writeFileSync(join(other, 'pg', 'PG_VERSION'), '9\n');
      await expect(startEmbeddedPostgres(other)).rejects.toThrow(/^Datamappen .* er oprettet af PostgreSQL 9, men den indlejrede server er PostgreSQL \d+; start med en ny DATA_DIR[^\n]*$/);
    } finally {
      rmSync(other, { recursive: true, force: true });
    }
  });

  it('a data directory an older Kvalitetsloop created (no separate roles) is one Danish line', async () => {
    const other = freshDir();
    try {
      mkdirSync(join(other, 'pg'));
      writeFileSync(join(other, 'pg', 'PG_VERSION'), readFileSync(join(dir, 'pg', 'PG_VERSION')));
      await expect(startEmbeddedPostgres(other)).rejects.toThrow(/^Datamappen .* er oprettet af en ældre version af Kvalitetsloop[^\n]*$/);
    } finally {
      rmSync(other, { recursive: true, force: true });
    }
  });
});
