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
    sign = (claims, iss = issuerUrl) =>
      new SignJWT({ aud: 'kvalitetsloop', ...claims })
        .setProtectedHeader({ alg: 'RS256', kid: 'k1' })
        .setIssuer(iss)
        .setSubject('5f0c6a4e-1d2b-4c3d-9e8f-001122334455') // an issuer's own id, even a UUID, names nobody here
        .setExpirationTime('5m')
        .sign(privateKey);

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
});
