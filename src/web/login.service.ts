import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Clock } from '../common/clock';
import { ssoSubjectOf } from '../modules/auth';
import { DEMO_ADMIN_EMAIL } from '../modules/demo';
import { WEB_OPTIONS } from './web.tokens';
import type { WebOptions } from './web-options';

export interface DemoPerson {
  email: string;
  name: string;
  detail: string;
}

export interface DemoGroup {
  heading: string;
  people: DemoPerson[];
}

type OidcModule = typeof import('openid-client');

/**
 * Who may log in, and how: the municipality's OpenID Connect (authorization
 * code + PKCE) when configured, otherwise — only with the demo data loaded —
 * the demo login by e-mail. Both end in the same place: a person found by
 * e-mail, as the API's token guard finds them.
 */
@Injectable()
export class LoginService {
  private readonly logger = new Logger('Login');
  private oidcConfig?: Promise<{ client: OidcModule; config: import('openid-client').Configuration }>;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly clock: Clock,
    @Inject(WEB_OPTIONS) readonly options: WebOptions,
  ) {}

  get oidcEnabled(): boolean {
    return Boolean(this.options.oidc);
  }

  /** The demo login exists only without OIDC and with the demo organisation loaded. */
  async demoEnabled(): Promise<boolean> {
    if (this.options.oidc || this.options.demoLogin === false) return false;
    const [row] = await this.db.query(`SELECT 1 FROM person WHERE lower(email) = $1`, [DEMO_ADMIN_EMAIL]);
    return Boolean(row);
  }

  async personByEmail(email: string): Promise<{ id: string; name: string } | undefined> {
    const [person] = await this.db.query(`SELECT id, name FROM person WHERE lower(email) = lower($1)`, [email.trim()]);
    return person;
  }

  /** A few demo people per role, so a newcomer can click instead of guessing an address. */
  async demoPeople(): Promise<DemoGroup[]> {
    const today = this.clock.today();
    const rows: { email: string; name: string; role: string; unitName: string }[] = await this.db.query(
      `SELECT DISTINCT ON (a.role, p.name, p.email) p.email, p.name, a.role, u.name AS "unitName"
       FROM assignment a JOIN person p ON p.id = a.person_id JOIN unit u ON u.id = a.unit_id
       WHERE a.valid_from <= $1 AND (a.valid_to IS NULL OR a.valid_to >= $1)
       ORDER BY a.role, p.name, p.email, u.name`,
      [today],
    );
    const [admin] = await this.db.query(`SELECT email, name FROM person WHERE lower(email) = $1`, [DEMO_ADMIN_EMAIL]);
    // R90: the inspectors hold no unit role; they are people with the tilsynsfoerende flag.
    const inspectors: { email: string; name: string }[] = await this.db.query(
      `SELECT email, name FROM person WHERE tilsynsfoerende AND NOT admin ORDER BY name, email LIMIT 4`,
    );
    const group = (role: string, heading: string, max: number): DemoGroup => ({
      heading,
      people: rows
        .filter((r) => r.role === role)
        .slice(0, max)
        .map((r) => ({ email: r.email, name: r.name, detail: role === 'chef' ? 'Børn og Unge-chef' : r.unitName })),
    });
    return [
      ...(admin ? [{ heading: 'Administration', people: [{ email: admin.email, name: admin.name, detail: 'Administrator' }] }] : []),
      group('chef', 'Børn og Unge-chefer', 8),
      group('leader', 'Ledere', 6),
      group('board', 'Bestyrelseskontakter', 4),
      group('subLeader', 'Ledere i næste lag', 4),
      { heading: 'Tilsynsførende', people: inspectors.map((p) => ({ email: p.email, name: p.name, detail: 'Tilsynsførende' })) },
    ].filter((g) => g.people.length > 0);
  }

  // ---- OpenID Connect -------------------------------------------------------------

  private async oidc() {
    const settings = this.options.oidc;
    if (!settings) throw new Error('OIDC er ikke sat op');
    this.oidcConfig ??= (async () => {
      // openid-client is an ES module; loaded only when OIDC is configured.
      const client: OidcModule = await import('openid-client');
      const issuer = new URL(settings.issuer);
      const config = await client.discovery(issuer, settings.clientId, settings.clientSecret, settings.clientSecret ? undefined : client.None(), {
        timeout: 10,
        // openid-client insists on HTTPS; plain HTTP is let through only for an issuer on this machine (a local
        // provider in tests or development), never for one across a network.
        execute: isLoopbackHttp(issuer) ? [client.allowInsecureRequests] : [],
      });
      return { client, config };
    })().catch((error: unknown) => {
      this.oidcConfig = undefined;
      throw error;
    });
    return this.oidcConfig;
  }

  /** Where to send the browser, and what to keep in the session until it comes back. */
  async startOidc(redirectUri: string, next: string) {
    const { client, config } = await this.oidc();
    const verifier = client.randomPKCECodeVerifier();
    const state = client.randomState();
    const nonce = client.randomNonce();
    const url = client.buildAuthorizationUrl(config, {
      redirect_uri: redirectUri,
      scope: 'openid email profile',
      code_challenge: await client.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
      state,
      nonce,
    });
    return { url: url.href, pending: { verifier, state, nonce, next } };
  }

  /**
   * The callback: the code exchanged, the ID token checked, the person found by a verified e-mail.
   * Returns the person and the raw ID token (kept in the session as the hint for the provider's logout),
   * or undefined when the e-mail is missing, unverified or names nobody. Throws when the provider refuses
   * the code or the state/nonce/PKCE checks fail.
   */
  async finishOidc(
    currentUrl: URL,
    pending: { verifier: string; state: string; nonce: string },
  ): Promise<{ person: { id: string; name: string }; idToken: string } | undefined> {
    const { client, config } = await this.oidc();
    const tokens = await client.authorizationCodeGrant(config, currentUrl, {
      pkceCodeVerifier: pending.verifier,
      expectedState: pending.state,
      expectedNonce: pending.nonce,
      idTokenExpected: true,
    });
    const idClaims = tokens.claims();
    if (!idClaims) return undefined;
    // In the code flow a provider that follows OpenID Connect Core 5.4 puts the e-mail scope's claims in the
    // userinfo answer, not the ID token (oidc-provider does; Entra ID puts them in both): ask userinfo then,
    // which also checks that its subject is the ID token's.
    const claims =
      typeof idClaims.email === 'string' || !config.serverMetadata().userinfo_endpoint
        ? idClaims
        : await client.fetchUserInfo(config, tokens.access_token, idClaims.sub);
    // The same reading as the API's bearer tokens: a verified (or unflagged) e-mail names the person.
    const email = ssoSubjectOf(claims)?.email;
    if (!email) {
      this.logger.warn('OIDC-login uden verificeret e-mail afvist');
      return undefined;
    }
    const person = await this.personByEmail(email);
    if (!person) this.logger.warn('OIDC-login med en e-mail, der ikke findes i organisationen, afvist');
    return person && tokens.id_token ? { person, idToken: tokens.id_token } : undefined;
  }

  /**
   * RP-initiated logout: the provider's end-session address that ends the single sign-on session too and
   * sends the browser back to `postLogoutRedirectUri`; undefined when OIDC is off or the provider has none
   * (then logging out ends only our session).
   */
  async endSessionUrl(idToken: string | undefined, postLogoutRedirectUri: string): Promise<string | undefined> {
    if (!this.options.oidc) return undefined;
    const { client, config } = await this.oidc();
    if (!config.serverMetadata().end_session_endpoint) return undefined;
    return client.buildEndSessionUrl(config, {
      post_logout_redirect_uri: postLogoutRedirectUri,
      ...(idToken ? { id_token_hint: idToken } : {}),
    }).href;
  }
}

function isLoopbackHttp(url: URL): boolean {
  return url.protocol === 'http:' && ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
}
