import type { NestExpressApplication } from '@nestjs/platform-express';
import connectPgSimple from 'connect-pg-simple';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import session from 'express-session';
import helmet from 'helmet';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import nunjucks from 'nunjucks';
import { Pool } from 'pg';
import { DKFDS_DIST, HTMX_DIST, OWN_ASSETS_DIR, STATIC_PATHS, VIEWS_DIR } from './assets-paths';
import { AGE_AREA_LABELS, GOVERNANCE_LABELS, KIND_LABELS, PARTICIPANT_LABELS, ROLE_LABELS, STATE_BADGES, UNIT_TYPE_LABELS, VISIT_TRIGGER_LABELS, countOf, formatDate, obligationName, rangeLabel, stateLabel, visitLabel } from './labels';
import type { WebOptions } from './web-options';

/** Requests that belong to the JSON API (bearer tokens, no cookies, no CSRF, JSON errors). */
export function isApiRequest(req: Request): boolean {
  // Express routes paths case-insensitively, so /API/V1/… reaches the API and must be answered as the API.
  const path = req.path.toLowerCase();
  return path.startsWith('/api/') || path === '/api' || path === '/health' || path.startsWith('/health/');
}

const YEAR_SECONDS = 365 * 24 * 60 * 60;

/**
 * Everything the pages need around the Nest routes: templates, static files,
 * security headers, sessions and CSRF. The API under /api keeps its own
 * behaviour: no session, no CSRF, no CSP changes.
 */
export function setupWeb(app: NestExpressApplication, options: WebOptions, databaseUrl: string): { close(): Promise<void> } {
  const expressApp = app.getHttpAdapter().getInstance() as import('express').Express;
  if (options.trustProxy) app.set('trust proxy', 1);

  // Templates: autoescape on; our macros in views/macros never mark user text safe.
  const env = new nunjucks.Environment(new nunjucks.FileSystemLoader(VIEWS_DIR, { noCache: process.env.NODE_ENV === 'development' }), {
    autoescape: true,
    throwOnUndefined: false,
  });
  env.addFilter('dato', formatDate);
  // "1 enhed", "2 enheder": a count and its noun in the right number.
  env.addFilter('antal', countOf);
  // Ranges a reader sees take an en dash ("6–18 år", "2026–2027"); the values keep their hyphen.
  env.addFilter('aldersomraade', (area: keyof typeof AGE_AREA_LABELS) => AGE_AREA_LABELS[area] ?? rangeLabel(area));
  env.addFilter('interval', (value: string | null | undefined) => rangeLabel(value));
  env.addFilter('forpligtelsesnavn', (o: Parameters<typeof obligationName>[0]) => obligationName(o));
  env.addFilter('art', (kind: keyof typeof KIND_LABELS) => KIND_LABELS[kind] ?? kind);
  // Any machine's state (obligation, loop, quality report, board report review): never the raw code.
  env.addFilter('tilstand', (state: string) => stateLabel(state));
  env.addFilter('tilstandBadge', (state: keyof typeof STATE_BADGES) => STATE_BADGES[state] ?? '');
  env.addFilter('rolle', (role: keyof typeof ROLE_LABELS) => ROLE_LABELS[role] ?? role);
  env.addFilter('deltagerrolle', (role: keyof typeof PARTICIPANT_LABELS) => PARTICIPANT_LABELS[role] ?? role);
  env.addFilter('enhedstype', (type: keyof typeof UNIT_TYPE_LABELS) => UNIT_TYPE_LABELS[type] ?? type);
  env.addFilter('besoeg', (v: Parameters<typeof visitLabel>[0], heading?: boolean) => visitLabel(v, heading === true));
  env.addFilter('anledning', (trigger: keyof typeof VISIT_TRIGGER_LABELS) => VISIT_TRIGGER_LABELS[trigger] ?? trigger);
  env.addFilter('styreform', (governance: keyof typeof GOVERNANCE_LABELS) => GOVERNANCE_LABELS[governance] ?? governance);
  env.addGlobal('static', STATIC_PATHS);
  env.express(expressApp);
  expressApp.set('view engine', 'njk');
  expressApp.set('views', VIEWS_DIR);

  // Versioned paths, so a year's cache is safe.
  const cache = { maxAge: YEAR_SECONDS * 1000, immutable: true, index: false, fallthrough: false } as const;
  app.useStaticAssets(DKFDS_DIST, { ...cache, prefix: STATIC_PATHS.dkfds });
  app.useStaticAssets(HTMX_DIST, { ...cache, prefix: STATIC_PATHS.htmx });
  app.useStaticAssets(OWN_ASSETS_DIR, { ...cache, prefix: STATIC_PATHS.app });
  // Browsers ask for /favicon.ico whatever the page links (a 404 in the console on every page before): our own SVG.
  expressApp.get('/favicon.ico', (_req, res) => res.redirect(301, `${STATIC_PATHS.app}/favicon.svg`));

  const onlyPages = (handler: RequestHandler): RequestHandler => (req, res, next) => (isApiRequest(req) ? next() : handler(req, res, next));

  app.use(
    onlyPages(
      helmet({
        contentSecurityPolicy: {
          useDefaults: false,
          directives: {
            defaultSrc: ["'self'"],
            scriptSrc: ["'self'"],
            styleSrc: ["'self'"],
            imgSrc: ["'self'", 'data:'],
            fontSrc: ["'self'"],
            connectSrc: ["'self'"],
            formAction: ["'self'", ...(options.oidc ? [options.oidc.issuer] : [])],
            frameAncestors: ["'none'"],
            baseUri: ["'self'"],
            objectSrc: ["'none'"],
            ...(options.trustProxy ? { upgradeInsecureRequests: [] } : {}),
          },
        },
        strictTransportSecurity: options.trustProxy,
        referrerPolicy: { policy: 'same-origin' },
      }),
    ),
  );

  // Sessions in PostgreSQL (table web_session from the migrations) so replicas share them.
  const pool = new Pool({ connectionString: databaseUrl, max: 4 });
  const PgStore = connectPgSimple(session);
  const store = new PgStore({ pool, tableName: 'web_session', createTableIfMissing: false, pruneSessionInterval: 60 * 15 });
  app.use(
    onlyPages(
      session({
        name: 'kvalitetsloop.sid',
        store,
        secret: options.sessionSecret,
        resave: false,
        saveUninitialized: false,
        rolling: true,
        proxy: options.trustProxy,
        cookie: { httpOnly: true, sameSite: 'lax', secure: options.trustProxy ? 'auto' : false, maxAge: 8 * 60 * 60 * 1000 },
      }),
    ),
  );
  app.use(onlyPages(csrfProtection));

  return {
    async close() {
      store.close();
      await pool.end();
    },
  };
}

/**
 * Synchronizer token bound to the session: every form carries `_csrf`
 * (partials/csrf.njk), htmx sends the same field with the form. The token is
 * made only when a page asks for it, so a visitor gets a session only when a
 * form is shown.
 */
function csrfProtection(req: Request, res: Response, next: NextFunction): void {
  res.locals.csrfToken = () => {
    if (!req.session.csrfToken) req.session.csrfToken = randomBytes(24).toString('base64url');
    return req.session.csrfToken;
  };
  res.locals.currentPath = req.path;
  if (req.session.flash) {
    res.locals.flash = req.session.flash;
    delete req.session.flash;
  }
  if (req.session.refusedForm && ['GET', 'HEAD'].includes(req.method)) {
    res.locals.refusedForm = req.session.refusedForm;
    delete req.session.refusedForm;
  }
  if (['GET', 'HEAD', 'OPTIONS'].includes(req.method)) return next();
  // A multipart upload's body is parsed later by the route's interceptor, so its form sends the token in the action's query.
  const multipart = req.is('multipart/form-data') ? (req.query as Record<string, unknown>)._csrf : undefined;
  const sent = (req.body as Record<string, unknown> | undefined)?._csrf ?? req.headers['x-csrf-token'] ?? multipart;
  const expected = req.session.csrfToken;
  if (typeof sent === 'string' && expected && sent.length === expected.length && timingSafeEqual(Buffer.from(sent), Buffer.from(expected))) {
    return next();
  }
  res.status(403);
  res.render('pages/fejl', {
    title: 'Formularen er udløbet',
    heading: 'Formularen er udløbet',
    message: 'Siden var for gammel, eller du var logget ud. Gå tilbage, genindlæs siden og prøv igen.',
  });
}
