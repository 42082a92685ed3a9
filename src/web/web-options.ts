import { createHmac } from 'node:crypto';
import { type AppConfig, ConfigError } from '../config/config';

/** How the web pages log people in and keep their sessions. */
export interface WebOptions {
  /**
   * The demo login (/login with an e-mail field): only with demo data loaded
   * and no OIDC. 'auto' = on when the demo administrator exists.
   */
  demoLogin: boolean | 'auto';
  /** OpenID Connect authorization-code flow with PKCE (the municipality's SSO). */
  oidc?: { issuer: string; clientId: string; clientSecret?: string };
  /** The service's public address (for the OIDC redirect); otherwise taken from the request. */
  publicUrl?: string;
  /** Signs the session cookie. */
  sessionSecret: string;
  /** Behind a proxy that terminates HTTPS: trust X-Forwarded-* and send the cookie only over HTTPS. */
  trustProxy: boolean;
}

export const DEFAULT_WEB_OPTIONS: WebOptions = { demoLogin: false, sessionSecret: 'kvalitetsloop-test-session-secret', trustProxy: false };

/** The web options from the service's configuration (main.ts). */
export function webOptionsFrom(config: AppConfig, jwtSecret: string | undefined): WebOptions {
  const sessionSecret = config.sessionSecret ?? (jwtSecret ? createHmac('sha256', jwtSecret).update('kvalitetsloop web-session').digest('base64url') : undefined);
  if (!sessionSecret) throw new ConfigError('SESSION_SECRET skal sættes, når OIDC_ISSUER bruges uden JWT_SECRET');
  return {
    demoLogin: config.demo === false ? false : 'auto',
    oidc: config.oidcIssuer ? { issuer: config.oidcIssuer, clientId: config.oidcAudience!, clientSecret: config.oidcClientSecret } : undefined,
    publicUrl: config.publicUrl,
    sessionSecret,
    trustProxy: config.trustProxy,
  };
}
