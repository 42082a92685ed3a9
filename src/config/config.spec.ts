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
      sessionSecret: undefined,
      publicUrl: undefined,
      trustProxy: false,
    });
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
