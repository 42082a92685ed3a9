import request from 'supertest';
import { createTestApp, type TestApp } from './support/test-app';
import { csrfOf, webLogin } from './support/web-login';

/** The web layer's plumbing over HTTP; the journeys themselves are in test/browser (Playwright). */
describe('web pages: login, sessions, CSRF, headers', () => {
  let t: TestApp;
  let demo: TestApp;

  beforeAll(async () => {
    t = await createTestApp();
    demo = await createTestApp({ web: { demoLogin: 'auto', sessionSecret: 'web-e2e-session-secret', trustProxy: false } });
    await demo.query(`INSERT INTO person (name, email, admin) VALUES ('Demo Admin', 'admin@demo.local', true), ('Mette Chef', 'mette@demo.local', false)`);
  });
  afterAll(async () => {
    await t?.close();
    await demo?.close();
  });

  it('a page without a session redirects to the login; the JSON API still answers 401 JSON without CSP', async () => {
    const page = await t.http.get('/');
    expect(page.status).toBe(303);
    expect(page.headers.location).toBe('/login');
    const deep = await t.http.get('/enheder/00000000-0000-0000-0000-000000000000');
    expect(deep.headers.location).toBe('/login?next=%2Fenheder%2F00000000-0000-0000-0000-000000000000');
    const api = await t.http.get('/api/v1/me');
    expect(api.status).toBe(401);
    expect(api.headers['content-type']).toContain('application/json');
    expect(api.headers['content-security-policy']).toBeUndefined();
    expect(api.headers['set-cookie']).toBeUndefined();
    // Express routes /API/V1/… to the same handlers: it is answered as the API too, JSON without CSP (newcomer D1).
    const upper = await t.http.get('/API/V1/me/upcoming?days=abc');
    expect({ status: upper.status, type: upper.headers['content-type'], csp: upper.headers['content-security-policy'] }).toEqual({
      status: 401,
      type: expect.stringContaining('application/json'),
      csp: undefined,
    });
  });

  it('pages carry a CSP without inline script, and unknown pages answer an HTML 404', async () => {
    const login = await t.http.get('/login');
    expect(login.headers['content-security-policy']).toContain("script-src 'self'");
    expect(login.headers['content-security-policy']).not.toContain('unsafe-inline');
    const missing = await t.http.get('/findes-ikke');
    expect(missing.status).toBe(404);
    expect(missing.headers['content-type']).toContain('text/html');
    expect(missing.text).toContain('<h1>Siden findes ikke</h1>');
  });

  it('DKFDS, htmx and our own files are served by the service under versioned paths with a year’s cache', async () => {
    const html = (await t.http.get('/login')).text;
    const paths = [...html.matchAll(/(?:href|src)="(\/static\/[^"]+)"/g)].map((m) => m[1]!);
    expect(paths.some((p) => /^\/static\/dkfds-\d+\.\d+\.\d+\/css\/dkfds\.min\.css$/.test(p))).toBe(true);
    expect(paths.some((p) => /^\/static\/htmx-2\.\d+\.\d+\/htmx\.min\.js$/.test(p))).toBe(true);
    expect(html).not.toMatch(/(?:href|src)="https?:/);
    for (const path of paths) {
      const res = await t.http.get(path);
      expect(res.status).toBe(200);
      expect(res.headers['cache-control']).toContain('max-age=31536000');
      expect(res.headers['cache-control']).toContain('immutable');
    }
  });

  it('R90: the demo login lists the tilsynsførende, who hold no unit role, in a group of their own', async () => {
    await demo.query(`INSERT INTO person (name, email, tilsynsfoerende) VALUES ('Tove Tilsyn', 'tove@demo.local', true)`);
    const html = (await demo.http.get('/login')).text;
    const group = html.slice(html.indexOf('Tilsynsførende'));
    expect(html).toContain('Tilsynsførende');
    expect(group).toContain('tove@demo.local');
    expect(html).not.toMatch(/Tilsynsførende[\s\S]*mette@demo\.local/);
  });

  it('without demo data (or with OIDC) there is no demo login', async () => {
    const page = await t.http.get('/login');
    expect(page.text).not.toContain('E-mail');
    const agent = request.agent(t.app.getHttpServer());
    const form = await agent.get('/login');
    expect(form.status).toBe(200);
    const post = await agent.post('/login').type('form').send({ email: 'admin@demo.local' });
    expect(post.status).toBe(403); // no CSRF token: refused before anything else
  });

  it('the demo login: CSRF required, e-mail finds the person, a new session id, logout ends it', async () => {
    const agent = request.agent(demo.app.getHttpServer());
    const form = await agent.get('/login');
    expect(form.text).toContain('<label class="form-label" for="email">E-mail</label>');
    const csrf = csrfOf(form.text);
    const before = String(form.headers['set-cookie']);

    expect((await agent.post('/login').type('form').send({ email: 'mette@demo.local', _csrf: 'forkert' })).status).toBe(403);
    const unknown = await agent.post('/login').type('form').send({ email: 'ingen@demo.local', _csrf: csrf });
    expect(unknown.status).toBe(400);
    expect(unknown.text).toContain('aria-describedby="email-hint email-error"');

    const ok = await agent.post('/login').type('form').send({ email: 'METTE@demo.local', _csrf: csrf, next: '//evil.example' });
    expect(ok.status).toBe(303);
    expect(ok.headers.location).toBe('/');
    const cookie = String(ok.headers['set-cookie']);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    expect(cookie.split(';')[0]).not.toBe(before.split(';')[0]);
    const home = await agent.get('/');
    expect(home.status).toBe(200);
    expect(home.text).toContain('Mette Chef');
    expect(home.text).toContain('<h1>Mit overblik</h1>');

    const token = csrfOf(home.text);
    expect((await agent.post('/logout').type('form').send({ _csrf: token })).headers.location).toBe('/login?ud=1');
    expect((await agent.get('/')).status).toBe(303);
  });

  it('Kalender shows both subscription addresses the API answers, each saying what it holds, without JavaScript', async () => {
    const agent = await webLogin(demo, 'mette@demo.local');
    const page = await agent.get('/kalender').expect(200);
    expect(page.text).toContain('én med dine egne forpligtelser og én med alt i dine enheder');
    const made = await agent.post('/kalender').type('form').send({ _csrf: csrfOf(page.text) }).expect(200);
    const valueOf = (id: string) => new RegExp(`<input[^>]*id="${id}" value="([^"]+)"`).exec(made.text)?.[1];
    const own = valueOf('feed-url');
    const units = valueOf('feed-units-url');
    expect(own).toMatch(/\/api\/v1\/calendar\/[A-Za-z0-9_-]{43}\.ics$/);
    expect(units).toBe(`${own}?omfang=enheder`);
    // Each labelled, with a sentence saying what it holds (for users, not developers).
    expect(made.text).toContain('<label class="form-label" for="feed-url">Abonnementsadresse: dine egne forpligtelser</label>');
    expect(made.text).toContain('<label class="form-label" for="feed-units-url">Adresse til alt i dine enheder</label>');
    expect(made.text).toMatch(/id="feed-url-hint">Det, du selv skal gøre eller deltage i/);
    expect(made.text).toMatch(/id="feed-units-url-hint">Alle de forpligtelser, du kan se i dine enheder[^<]*også dem, du ikke selv deltager i/);
    // Both are live calendars: the second is the units' one.
    const path = (url: string) => new URL(url).pathname + new URL(url).search;
    const mine = await demo.http.get(path(own!)).expect(200);
    expect(mine.headers['content-type']).toContain('text/calendar');
    expect(mine.text).toContain('mine forpligtelser');
    const all = await demo.http.get(path(units!)).expect(200);
    expect(all.text).toContain('mine enheder');
  });
});
