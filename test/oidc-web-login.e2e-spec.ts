import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createTestApp, type TestApp } from './support/test-app';
import { csrfOf } from './support/web-login';

/**
 * The web login through a real OpenID Connect provider (oidc-provider, the
 * certified Node implementation, on 127.0.0.1): the authorization-code flow
 * with PKCE, the person found by a verified e-mail as the API finds them,
 * and logging out ending the provider's session too. The "browser" is fetch
 * with a cookie jar, following redirects one by one so each hop is visible.
 */
describe('web login with OpenID Connect (authorization code + PKCE) against a real provider', () => {
  let t: TestApp;
  let appUrl: string;
  let issuerUrl: string;
  let issuerServer: Server;
  let provider: { callback(): (req: IncomingMessage, res: ServerResponse) => void };

  /** The provider's accounts, by the login typed on its (development) login form. */
  const accounts: Record<string, Record<string, unknown>> = {
    mette: { email: 'Mette.Kjaer@Aarhus.dk', email_verified: true, name: 'M. Kjær (fra udbyderen)' },
    uverificeret: { email: 'mette.kjaer@aarhus.dk', email_verified: false },
    ukendt: { email: 'ingen@aarhus.dk', email_verified: true },
    udenflag: { email: 'jonas.berg@aarhus.dk' }, // Entra ID leaves email_verified out; the API accepts that too
  };

  beforeAll(async () => {
    // The provider's development notices ("you SHOULD change …") are about running it in production, which this is not.
    for (const level of ['info', 'warn'] as const) {
      const original = console[level].bind(console);
      jest.spyOn(console, level).mockImplementation((...args: unknown[]) => {
        if (!String(args[0]).startsWith('oidc-provider ')) original(...args);
      });
    }
    issuerServer = createServer((req, res) => provider.callback()(req, res));
    await new Promise<void>((resolve) => issuerServer.listen(0, '127.0.0.1', resolve));
    issuerUrl = `http://127.0.0.1:${(issuerServer.address() as AddressInfo).port}`;

    t = await createTestApp({
      web: { demoLogin: 'auto', oidc: { issuer: issuerUrl, clientId: 'kvalitetsloop', clientSecret: 'hemmelig-klientnoegle' }, sessionSecret: 'oidc-web-e2e', trustProxy: false },
    });
    // A demo administrator exists, yet with OIDC configured there must be no demo login.
    await t.query(
      `INSERT INTO person (name, email, admin) VALUES ('Mette Kjær', 'mette.kjaer@aarhus.dk', true), ('Jonas Berg', 'jonas.berg@aarhus.dk', true), ('Demo Admin', 'admin@demo.local', true)`,
    );
    const listening = await t.app.listen(0, '127.0.0.1');
    appUrl = `http://127.0.0.1:${(listening.address() as AddressInfo).port}`;

    // ESM-only: loaded through require(esm) like the service's other ESM dependencies.
    const { default: Provider } = await import('oidc-provider');
    const created = new Provider(issuerUrl, {
      clients: [
        {
          client_id: 'kvalitetsloop',
          client_secret: 'hemmelig-klientnoegle',
          redirect_uris: [`${appUrl}/login/callback`],
          post_logout_redirect_uris: [`${appUrl}/login?ud=1`],
          token_endpoint_auth_method: 'client_secret_post',
        },
      ],
      pkce: { required: () => true },
      claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
      async findAccount(_ctx: unknown, id: string) {
        const claims = accounts[id];
        return claims ? { accountId: id, claims: async () => ({ sub: id, ...claims }) } : undefined;
      },
      // The municipality's own application: no consent screen, as an enterprise provider is configured.
      async loadExistingGrant(ctx: any) {
        const grant = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client.clientId, accountId: ctx.oidc.session.accountId });
        grant.addOIDCScope('openid email profile');
        await grant.save();
        return grant;
      },
    });
    provider = created as unknown as typeof provider;
  });

  afterAll(async () => {
    jest.restoreAllMocks();
    await t?.close();
    await new Promise((resolve) => issuerServer?.close(resolve));
  });

  /** A browser's cookies for 127.0.0.1 (cookies do not separate ports, so the app and provider share the jar as in a browser). */
  function browser() {
    const jar = new Map<string, string>();
    const visited: string[] = [];
    async function request(url: string, init: { method?: string; form?: Record<string, string> } = {}): Promise<Response> {
      const res = await fetch(url, {
        method: init.method ?? (init.form ? 'POST' : 'GET'),
        redirect: 'manual',
        headers: {
          cookie: [...jar].map(([k, v]) => `${k}=${v}`).join('; '),
          ...(init.form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
        },
        body: init.form ? new URLSearchParams(init.form).toString() : undefined,
      });
      for (const line of res.headers.getSetCookie()) {
        const [pair, ...attributes] = line.split(';');
        const at = pair!.indexOf('=');
        const name = pair!.slice(0, at).trim();
        const value = pair!.slice(at + 1).trim();
        const expired = attributes.some((a) => /^\s*max-age=0\s*$/i.test(a) || (/^\s*expires=/i.test(a) && Date.parse(a.split('=')[1]!) < Date.now()));
        if (expired || value === '') jar.delete(name);
        else jar.set(name, value);
      }
      return res;
    }
    /** Follows redirects like a browser (303 → GET) and answers the last page with its address. */
    async function go(url: string, init: { form?: Record<string, string> } = {}): Promise<{ url: string; status: number; text: string }> {
      let res = await request(url, init);
      let current = url;
      visited.push(current);
      for (let hops = 0; res.status >= 300 && res.status < 400; hops++) {
        if (hops > 15) throw new Error(`for mange omdirigeringer fra ${url}`);
        current = new URL(res.headers.get('location')!, current).href;
        visited.push(current);
        res = await request(current);
      }
      return { url: current, status: res.status, text: await res.text() };
    }
    return { jar, visited, request, go };
  }

  /** Types the login on the provider's login form and comes back through the app's callback. */
  async function loginAtProvider(b: ReturnType<typeof browser>, login: string, next = '/') {
    const form = await b.go(`${appUrl}/login/oidc?next=${encodeURIComponent(next)}`);
    expect(form.url.startsWith(`${issuerUrl}/interaction/`)).toBe(true);
    expect(form.text).toContain('name="login"');
    return b.go(form.url, { form: { prompt: 'login', login, password: 'hvad-som-helst' } });
  }

  it('the login page offers only the municipality’s login; the authorization request carries PKCE (S256), state and nonce', async () => {
    const b = browser();
    const page = await b.go(`${appUrl}/login`);
    expect(page.text).toContain('Log ind med Aarhus Kommunes login');
    expect(page.text).not.toContain('name="email"');

    const start = await b.request(`${appUrl}/login/oidc?next=%2Fkalender`);
    expect(start.status).toBe(303);
    const auth = new URL(start.headers.get('location')!);
    expect(`${auth.origin}${auth.pathname}`).toBe(`${issuerUrl}/auth`);
    expect(auth.searchParams.get('response_type')).toBe('code');
    expect(auth.searchParams.get('client_id')).toBe('kvalitetsloop');
    expect(auth.searchParams.get('redirect_uri')).toBe(`${appUrl}/login/callback`);
    expect(auth.searchParams.get('code_challenge_method')).toBe('S256');
    expect(auth.searchParams.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(auth.searchParams.get('state')).toBeTruthy();
    expect(auth.searchParams.get('nonce')).toBeTruthy();
    expect(auth.searchParams.get('scope')!.split(' ')).toEqual(expect.arrayContaining(['openid', 'email']));
  });

  it('logs in: the provider’s verified e-mail (any case) finds the person, a new session id, back on the page asked for', async () => {
    const b = browser();
    await b.go(`${appUrl}/login`);
    const before = b.jar.get('kvalitetsloop.sid');
    const landed = await loginAtProvider(b, 'mette', '/kalender');
    expect(b.visited.some((u) => u.startsWith(`${appUrl}/login/callback?`) && u.includes('code='))).toBe(true);
    expect(landed.status).toBe(200);
    expect(landed.url).toBe(`${appUrl}/kalender`);
    // The person's name is ours, not the provider's display name: the e-mail picked the person.
    expect(landed.text).toContain('Mette Kjær');
    expect(landed.text).not.toContain('fra udbyderen');
    expect(b.jar.get('kvalitetsloop.sid')).toBeDefined();
    expect(b.jar.get('kvalitetsloop.sid')).not.toBe(before);
  });

  it('an e-mail the provider marks unverified, or one that names nobody, logs nobody in; a missing flag is read as the API reads it', async () => {
    for (const login of ['uverificeret', 'ukendt']) {
      const b = browser();
      const refused = await loginAtProvider(b, login);
      expect(refused.status).toBe(403);
      expect(refused.text).toContain('Login mislykkedes');
      const after = await b.request(`${appUrl}/`);
      expect(after.status).toBe(303);
      expect(after.headers.get('location')).toBe('/login');
    }
    const b = browser();
    const accepted = await loginAtProvider(b, 'udenflag');
    expect(accepted.status).toBe(200);
    expect(accepted.text).toContain('Jonas Berg');
  });

  it('a callback that does not match the pending request (wrong state) is refused', async () => {
    const b = browser();
    const start = await b.request(`${appUrl}/login/oidc`);
    expect(start.status).toBe(303);
    const forged = await b.go(`${appUrl}/login/callback?code=opdigtet&state=forkert`);
    expect(forged.status).toBe(403);
    expect((await b.request(`${appUrl}/`)).status).toBe(303);
  });

  it('logging out ends our session and the provider’s: the next login asks for the login again', async () => {
    const b = browser();
    const page = await loginAtProvider(b, 'mette');
    expect(page.status).toBe(200);
    // While the provider's session lives, "Log ind" goes straight through without its form.
    const again = await b.go(`${appUrl}/login/oidc`);
    expect(again.url).toBe(`${appUrl}/`);

    const logout = await b.request(`${appUrl}/logout`, { form: { _csrf: csrfOf(again.text) } });
    expect(logout.status).toBe(303);
    const endSession = new URL(logout.headers.get('location')!);
    expect(`${endSession.origin}${endSession.pathname}`).toBe(`${issuerUrl}/session/end`);
    expect(endSession.searchParams.get('post_logout_redirect_uri')).toBe(`${appUrl}/login?ud=1`);
    expect(endSession.searchParams.get('id_token_hint')).toBeTruthy();
    // Our session is gone already, whatever the person does at the provider.
    expect((await b.request(`${appUrl}/`)).status).toBe(303);

    // The provider asks "sign out?"; yes.
    const confirm = await b.go(endSession.href);
    const action = /<form[^>]*id="op.logoutForm"[^>]*action="([^"]+)"/.exec(confirm.text)?.[1] ?? /action="([^"]+)"[^>]*id="op.logoutForm"/.exec(confirm.text)![1]!;
    const xsrf = /name="xsrf" value="([^"]+)"/.exec(confirm.text)![1]!;
    const back = await b.go(new URL(action, confirm.url).href, { form: { xsrf, logout: 'yes' } });
    expect(back.url).toBe(`${appUrl}/login?ud=1`);
    expect(back.text).toContain('Du er logget ud.');

    const fresh = await b.go(`${appUrl}/login/oidc`);
    expect(fresh.url.startsWith(`${issuerUrl}/interaction/`)).toBe(true);
    expect(fresh.text).toContain('name="login"');
  });
});
