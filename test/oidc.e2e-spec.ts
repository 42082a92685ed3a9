import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { Client } from 'pg';
import request from 'supertest';
import type { INestApplication } from '@nestjs/common';
import { createApp } from '../src/app.factory';
import { Clock } from '../src/common/clock';
import { TokenService } from '../src/modules/auth/token.service';
import { createTestDatabase, TEST_JWT_SECRET } from './support/test-app';

/**
 * With OIDC_ISSUER set, tokens are verified against the keys the issuer
 * publishes (found through its discovery document), as the municipality's
 * single sign-on would issue them: the person is found by the token's e-mail.
 * A local issuer on 127.0.0.1 stands in for the real one.
 */
describe('bearer tokens from an OpenID Connect issuer', () => {
  let issuer: Server;
  let issuerUrl: string;
  let app: INestApplication;
  let database: { url: string; drop(): Promise<void> };
  let sign: (claims: Record<string, unknown>, iss?: string) => Promise<string>;

  beforeAll(async () => {
    const { publicKey, privateKey } = await generateKeyPair('RS256');
    const jwk = { ...(await exportJWK(publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' };
    issuer = createServer((req, res) => {
      res.setHeader('Content-Type', 'application/json');
      if (req.url === '/.well-known/openid-configuration') res.end(JSON.stringify({ issuer: issuerUrl, jwks_uri: `${issuerUrl}/keys` }));
      else if (req.url === '/keys') res.end(JSON.stringify({ keys: [jwk] }));
      else res.writeHead(404).end('{}');
    });
    await new Promise<void>((resolve) => issuer.listen(0, '127.0.0.1', resolve));
    issuerUrl = `http://127.0.0.1:${(issuer.address() as AddressInfo).port}`;
    // As providers issue them: iat and exp as numbers; a claim set to undefined is left out.
    sign = (claims, iss = issuerUrl) => {
      const now = Math.floor(Date.now() / 1000);
      return new SignJWT({ aud: 'kvalitetsloop', iat: now, exp: now + 300, ...claims })
        .setProtectedHeader({ alg: 'RS256', kid: 'k1' })
        .setIssuer(iss)
        .setSubject('5f0c6a4e-1d2b-4c3d-9e8f-001122334455') // an issuer's own id, even a UUID, names nobody here
        .sign(privateKey);
    };

    database = await createTestDatabase();
    const pg = new Client({ connectionString: database.url });
    await pg.connect();
    await pg.query(`INSERT INTO person (name, email, admin) VALUES ('Mette Kjær', 'Mette.Kjaer@aarhus.dk', true)`);
    await pg.end();
    app = await createApp({ databaseUrl: database.url, clock: new Clock('2026-11-22'), scheduler: false, auth: { oidcIssuer: issuerUrl, oidcAudience: 'kvalitetsloop' } });
    await app.init();
  });

  afterAll(async () => {
    await app.close();
    await database.drop();
    await new Promise((resolve) => issuer.close(resolve));
  });

  it('accepts the issuer’s token and finds the person by e-mail, whatever its case', async () => {
    const token = await sign({ email: 'mette.kjaer@aarhus.dk' });
    const res = await request(app.getHttpServer()).get('/api/v1/me').set('Authorization', `Bearer ${token}`).expect(200);
    expect(res.body).toMatchObject({ name: 'Mette Kjær', admin: true });
  });

  it('refuses tokens from another issuer or for another audience, unverified or missing e-mails, unknown people, and our own HS256 tokens', async () => {
    const http = request(app.getHttpServer());
    await http.get('/api/v1/me').set('Authorization', `Bearer ${await sign({ email: 'mette.kjaer@aarhus.dk' }, 'https://evil.example')}`).expect(401);
    await http.get('/api/v1/me').set('Authorization', `Bearer ${await sign({ email: 'nobody@aarhus.dk' })}`).expect(401);
    await http.get('/api/v1/me').set('Authorization', `Bearer ${await sign({ email: 'mette.kjaer@aarhus.dk', aud: 'another-app' })}`).expect(401);
    await http.get('/api/v1/me').set('Authorization', `Bearer ${await sign({ email: 'mette.kjaer@aarhus.dk', email_verified: false })}`).expect(401);
    await http.get('/api/v1/me').set('Authorization', `Bearer ${await sign({ preferred_username: 'mette.kjaer@aarhus.dk' })}`).expect(401);
    const hs256 = await new TokenService({ secret: TEST_JWT_SECRET }).sign('00000000-0000-4000-8000-000000000000');
    await http.get('/api/v1/me').set('Authorization', `Bearer ${hs256}`).expect(401);
  });

  describe('identity providers send claims in their own shapes (issue 11, kind 1)', () => {
    const now = () => Math.floor(Date.now() / 1000);
    const me = async (claims: Record<string, unknown>) =>
      (await request(app.getHttpServer()).get('/api/v1/me').set('Authorization', `Bearer ${await sign({ email: 'mette.kjaer@aarhus.dk', ...claims })}`)).status;

    it('reads email_verified as a boolean or as the string a provider sends, and accepts it missing (Entra ID, AD FS)', async () => {
      expect(await me({ email_verified: 'false' })).toBe(401);
      expect(await me({ email_verified: 'FALSE' })).toBe(401);
      expect(await me({ email_verified: false })).toBe(401);
      expect(await me({ email_verified: 'yes' })).toBe(401);
      expect(await me({ email_verified: 0 })).toBe(401);
      expect(await me({ email_verified: null })).toBe(401);
      expect(await me({ email_verified: 'true' })).toBe(200);
      expect(await me({ email_verified: 'True' })).toBe(200);
      expect(await me({ email_verified: true })).toBe(200);
      expect(await me({})).toBe(200);
    });

    it('tolerates a minute of clock skew on exp, nbf and iat, and no more', async () => {
      expect(await me({ exp: now() - 30 })).toBe(200);
      expect(await me({ exp: now() - 120 })).toBe(401);
      expect(await me({ nbf: now() + 30 })).toBe(200);
      expect(await me({ nbf: now() + 120 })).toBe(401);
      expect(await me({ iat: now() + 30 })).toBe(200);
      expect(await me({ iat: now() + 120 })).toBe(401);
    });

    it('requires exp and iat as numbers, refuses a token issued more than a day ago, and reads the e-mail only from a string claim', async () => {
      expect(await me({ exp: undefined })).toBe(401);
      expect(await me({ iat: undefined })).toBe(401);
      expect(await me({ exp: String(now() + 300) })).toBe(401);
      expect(await me({ iat: now() - 25 * 3600, exp: now() + 300 })).toBe(401);
      expect(await me({ email: ['mette.kjaer@aarhus.dk'] })).toBe(401);
      expect(await me({ email: '  Mette.Kjaer@aarhus.dk ' })).toBe(200);
    });

    it('accepts an audience list that contains the client id (Keycloak sends several)', async () => {
      expect(await me({ aud: ['account', 'kvalitetsloop'] })).toBe(200);
      expect(await me({ aud: ['account'] })).toBe(401);
    });

    it('finds a person whose e-mail has Danish letters regardless of case', async () => {
      const pg = new Client({ connectionString: database.url });
      await pg.connect();
      await pg.query(`INSERT INTO person (name, email) VALUES ('Søren Ærø', 'søren.ærø@aarhus.dk')`);
      await pg.end();
      expect(await me({ email: 'SØREN.ÆRØ@aarhus.dk' })).toBe(200);
    });
  });
});
