import { ConfigError, loadConfig } from './config';

describe('loadConfig', () => {
  it('gives the documented defaults for an empty environment', () => {
    expect(loadConfig({})).toEqual({
      port: 3000,
      databaseUrl: undefined,
      dataDir: './data',
      demo: 'auto',
      logLevel: 'info',
      scheduler: true,
      today: undefined,
      jwtSecret: undefined,
      oidcIssuer: undefined,
      oidcAudience: undefined,
      oidcClientSecret: undefined,
      publicUrl: undefined,
      sessionSecret: undefined,
      trustProxy: false,
    });
  });

  it.each([
    [{ PORT: 'abc' }, /PORT/],
    [{ PORT: '70000' }, /PORT/],
    [{ DATABASE_URL: 'mysql://x@y/z' }, /DATABASE_URL/],
    [{ DATABASE_URL: 'not a url' }, /DATABASE_URL/],
    [{ DEMO: 'maybe' }, /DEMO/],
    [{ LOG_LEVEL: 'loud' }, /LOG_LEVEL/],
    [{ TODAY: '2021-02-30' }, /TODAY/],
    [{ DATA_DIR: ' ' }, /DATA_DIR/],
    [{ JWT_SECRET: 'short' }, /JWT_SECRET/],
    [{ OIDC_ISSUER: 'ftp://x', OIDC_AUDIENCE: 'kvalitetsloop' }, /OIDC_ISSUER/],
    [{ OIDC_ISSUER: 'https://login.aarhus.dk' }, /OIDC_AUDIENCE/],
  ])('refuses %j with one line naming the variable', (env, name) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(name);
  });

  it('accepts valid values', () => {
    const config = loadConfig({ PORT: '8080', DATABASE_URL: 'postgres://u:p@h:5432/d', DEMO: '1', TODAY: '2024-02-29' });
    expect(config).toMatchObject({ port: 8080, databaseUrl: 'postgres://u:p@h:5432/d', demo: true, today: '2024-02-29' });
  });
});
