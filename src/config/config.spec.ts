import { ConfigError, loadConfig } from './config';

describe('loadConfig', () => {
  it('gives the documented defaults for an empty environment', () => {
    expect(loadConfig({})).toEqual({
      port: 3000,
      databaseUrl: undefined,
      migrationDatabaseUrl: undefined,
      dataDir: './data',
      databasePoolSize: 10,
      demo: 'auto',
      logLevel: 'info',
      accessLog: 'info',
      logFormat: undefined,
      scheduler: true,
      today: undefined,
      jwtSecret: undefined,
      oidcIssuer: undefined,
      oidcAudience: undefined,
      publicUrl: 'http://localhost:3000',
      smtpUrl: undefined,
      mailFrom: 'Kvalitetsloop <kvalitetsloop@localhost>',
      oidcClientSecret: undefined,
      sessionSecret: undefined,
      trustProxy: false,
      readCacheMb: 32,
      coverageMemoMb: 64,
    });
  });

  it('COVERAGE_MEMO_MB: whole megabytes from 0 (off) to 4096', () => {
    expect(loadConfig({ COVERAGE_MEMO_MB: '0' }).coverageMemoMb).toBe(0);
    expect(loadConfig({ COVERAGE_MEMO_MB: '16' }).coverageMemoMb).toBe(16);
    for (const bad of ['-1', '2.5', 'mange', '4097']) {
      expect(() => loadConfig({ COVERAGE_MEMO_MB: bad })).toThrow(/COVERAGE_MEMO_MB skal være et helt antal megabyte/);
    }
  });

  it('READ_CACHE_MB: whole megabytes from 0 (off) to 4096', () => {
    expect(loadConfig({ READ_CACHE_MB: '0' }).readCacheMb).toBe(0);
    expect(loadConfig({ READ_CACHE_MB: '64' }).readCacheMb).toBe(64);
    for (const bad of ['-1', '2.5', 'mange', '4097']) {
      expect(() => loadConfig({ READ_CACHE_MB: bad })).toThrow(/READ_CACHE_MB skal være et helt antal megabyte/);
    }
  });

  it('DATABASE_POOL_SIZE: a whole number of connections from 2 to 500', () => {
    expect(loadConfig({ DATABASE_POOL_SIZE: '25' }).databasePoolSize).toBe(25);
    for (const bad of ['1', '0', '-3', '2.5', 'ti', '501']) {
      expect(() => loadConfig({ DATABASE_POOL_SIZE: bad })).toThrow(/DATABASE_POOL_SIZE skal være et helt antal forbindelser/);
    }
  });

  it('web settings: SESSION_SECRET at least 16 characters, PUBLIC_URL an http(s) address, TRUST_PROXY a boolean', () => {
    expect(() => loadConfig({ SESSION_SECRET: 'kort' })).toThrow(/SESSION_SECRET/);
    expect(() => loadConfig({ PUBLIC_URL: 'ftp://x' })).toThrow(/PUBLIC_URL/);
    expect(() => loadConfig({ TRUST_PROXY: 'måske' })).toThrow(/TRUST_PROXY/);
    expect(loadConfig({ PUBLIC_URL: 'https://kvalitetsloop.aarhus.dk/', TRUST_PROXY: '1' })).toMatchObject({ publicUrl: 'https://kvalitetsloop.aarhus.dk', trustProxy: true });
  });

  it.each([
    [{ PORT: 'abc' }, /PORT/],
    [{ PORT: '70000' }, /PORT/],
    [{ DATABASE_URL: 'mysql://x@y/z' }, /DATABASE_URL/],
    [{ DATABASE_URL: 'not a url' }, /DATABASE_URL/],
    [{ MIGRATION_DATABASE_URL: 'mysql://x@y/z' }, /MIGRATION_DATABASE_URL/],
    [{ DEMO: 'maybe' }, /DEMO/],
    [{ LOG_LEVEL: 'loud' }, /LOG_LEVEL/],
    [{ ACCESS_LOG: 'alt' }, /ACCESS_LOG/],
    [{ LOG_FORMAT: 'xml' }, /LOG_FORMAT/],
    [{ TODAY: '2021-02-30' }, /TODAY/],
    [{ TODAY: '9999-12-31' }, /TODAY.*1900–2999/], // issue 11, kind 5: the calendar feed could not print it
    [{ TODAY: '1899-12-31' }, /TODAY.*1900–2999/],
    [{ DATA_DIR: ' ' }, /DATA_DIR/],
    [{ JWT_SECRET: 'short' }, /JWT_SECRET/],
    [{ OIDC_ISSUER: 'ftp://x', OIDC_AUDIENCE: 'kvalitetsloop' }, /OIDC_ISSUER/],
    [{ OIDC_ISSUER: 'https://login.aarhus.dk' }, /OIDC_AUDIENCE/],
    [{ PUBLIC_URL: 'kvalitetsloop.aarhus.dk' }, /PUBLIC_URL/],
    [{ PUBLIC_URL: 'ftp://kvalitetsloop.aarhus.dk' }, /PUBLIC_URL/],
    [{ PUBLIC_URL: 'https://x.dk/?a=1' }, /PUBLIC_URL/],
    [{ SMTP_URL: 'http://mail.aarhus.dk', MAIL_FROM: 'a@b.dk' }, /SMTP_URL/],
    [{ SMTP_URL: 'not a url', MAIL_FROM: 'a@b.dk' }, /SMTP_URL/],
    [{ SMTP_URL: 'smtp://mail.aarhus.dk' }, /MAIL_FROM/],
    [{ SMTP_URL: 'smtp://mail.aarhus.dk', MAIL_FROM: 'ikke en adresse' }, /MAIL_FROM/],
  ])('refuses %j with one line naming the variable', (env, name) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(name);
  });

  it('PUBLIC_URL defaults to http://localhost:PORT and loses a trailing slash', () => {
    expect(loadConfig({ PORT: '3107' }).publicUrl).toBe('http://localhost:3107');
    expect(loadConfig({ PUBLIC_URL: 'https://kvalitetsloop.aarhus.dk/app/' }).publicUrl).toBe('https://kvalitetsloop.aarhus.dk/app');
  });

  it('accepts smtp:// and smtps:// with a From address', () => {
    const config = loadConfig({ SMTP_URL: 'smtps://bruger:hemmelig@mail.aarhus.dk:465', MAIL_FROM: 'Kvalitetsloop <noreply@aarhus.dk>' });
    expect(config).toMatchObject({ smtpUrl: 'smtps://bruger:hemmelig@mail.aarhus.dk:465', mailFrom: 'Kvalitetsloop <noreply@aarhus.dk>' });
  });

  it('accepts valid values', () => {
    const config = loadConfig({ PORT: '8080', DATABASE_URL: 'postgres://u:p@h:5432/d', DEMO: '1', TODAY: '2024-02-29', LOG_FORMAT: 'json' });
    expect(config).toMatchObject({ port: 8080, databaseUrl: 'postgres://u:p@h:5432/d', demo: true, today: '2024-02-29', logFormat: 'json' });
  });
});
