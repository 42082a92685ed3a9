import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { missingEmbeddedDatabase, tokenCommand } from './data-dir-check';

describe('npm run token: it uses the service’s data directory and never makes a new one', () => {
  let cwd: string;
  beforeEach(() => {
    cwd = mkdtempSync(join(tmpdir(), 'kl-token-'));
  });
  afterEach(() => rmSync(cwd, { recursive: true, force: true }));

  it('without DATA_DIR it looks in ./data of the working directory, like npm start, and says so when there is no database', () => {
    const message = missingEmbeddedDatabase({ dataDir: './data' }, cwd);
    expect(message).toContain(`Der er ingen database i ${join(cwd, 'data')}`);
    expect(message).toContain('samme datamappe som npm start');
    // Nothing was created while looking.
    expect(readdirSync(cwd)).toEqual([]);
  });

  it('finds the cluster the service made (DATA_DIR/pg/PG_VERSION), relative or absolute', () => {
    mkdirSync(join(cwd, 'data', 'pg'), { recursive: true });
    writeFileSync(join(cwd, 'data', 'pg', 'PG_VERSION'), '18\n');
    expect(missingEmbeddedDatabase({ dataDir: './data' }, cwd)).toBeNull();
    expect(missingEmbeddedDatabase({ dataDir: join(cwd, 'data') }, '/')).toBeNull();
  });

  it('an external database (DATABASE_URL) needs no data directory', () => {
    expect(missingEmbeddedDatabase({ dataDir: './data', databaseUrl: 'postgres://a:b@localhost/x' }, cwd)).toBeNull();
  });
});

describe('the token command the start line offers names the service’s data directory', () => {
  it('the default ./data and an external database need no DATA_DIR', () => {
    expect(tokenCommand({ dataDir: './data' }, 'admin@demo.local', '/srv/kl')).toBe('npm run --silent token -- admin@demo.local');
    expect(tokenCommand({ dataDir: '/tmp/x', databaseUrl: 'postgres://a:b@h/x' }, 'admin@demo.local')).toBe('npm run --silent token -- admin@demo.local');
  });

  it('another DATA_DIR is named absolute (and quoted when the shell needs it), so the command finds the database', () => {
    expect(tokenCommand({ dataDir: '/tmp/tmp.AbC123' }, 'admin@demo.local')).toBe('DATA_DIR=/tmp/tmp.AbC123 npm run --silent token -- admin@demo.local');
    expect(tokenCommand({ dataDir: 'mine data' }, 'admin@demo.local', '/srv/kl')).toBe("DATA_DIR='/srv/kl/mine data' npm run --silent token -- admin@demo.local");
  });
});
