import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = join(__dirname, '..');

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

/** The test process's environment without its database (the service must start its own embedded one in DATA_DIR). */
function serviceEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env = { ...process.env, ...extra };
  delete env.DATABASE_URL;
  delete env.MIGRATION_DATABASE_URL;
  return env;
}

/**
 * `kill -INT` of the service (`npm start`'s node dist/src/main.js) at any moment of its start stops the embedded
 * PostgreSQL it started and releases its lease. Seen once: a signal while the database was still being created
 * (before the service had its signal handlers) ended Node at once, leaving the detached server or its lease behind.
 */
describe('the service stopped by SIGINT while it starts leaves no PostgreSQL and no lease', () => {
  beforeAll(() => {
    // The service as npm start runs it: dist/ built from the sources (incremental).
    const build = spawnSync(process.execPath, [join(root, 'scripts', 'build.mjs')], { cwd: root, encoding: 'utf8' });
    expect(build.status).toBe(0);
  }, 300_000);

  for (const moment of ['Opretter databasen', 'Databasen kører', 'Opdaterer databaseskemaet', 'Indlæser demo-organisationen', 'Kvalitetsloop kører på']) {
    it(`SIGINT right after "${moment} …"`, async () => {
      const dir = mkdtempSync(join(tmpdir(), 'kl-signal-'));
      chmodSync(dir, 0o755);
      try {
        const child = spawn(process.execPath, [join(root, 'dist', 'src', 'main.js')], {
          cwd: root,
          env: serviceEnv({ DATA_DIR: dir, PORT: String(await freePort()), LOG_FORMAT: 'pretty', SCHEDULER: 'false' }),
          stdio: ['ignore', 'pipe', 'pipe'],
        });
        let out = '';
        const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
        await new Promise<void>((resolve, reject) => {
          const seen = (chunk: Buffer) => {
            out += chunk.toString('utf8');
            if (out.includes(moment)) resolve();
          };
          child.stdout.on('data', seen);
          child.stderr.on('data', seen);
          void exited.then(() => reject(new Error(`Tjenesten stoppede før "${moment}": ${out}`)));
        });
        child.kill('SIGINT');
        const code = await exited;
        expect([code, out]).toEqual([0, expect.stringContaining('Kvalitetsloop er stoppet.')]);
        expect(readdirSync(join(dir, 'pg-leases'))).toEqual([]);
        expect(existsSync(join(dir, 'pg', 'postmaster.pid'))).toBe(false);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    }, 180_000);
  }
});
