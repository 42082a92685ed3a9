import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { missingEmbeddedDatabase } from './data-dir-check';

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
