import { createRemoteJWKSet, JWTPayload, jwtVerify, JWTVerifyOptions, SignJWT } from 'jose';
import { LRUCache } from 'lru-cache';

export interface TokenSettings {
  secret?: string;
  oidcIssuer?: string;
  /** The audience (client id) the issuer's tokens must be for; required with an issuer. */
  oidcAudience?: string;
}

/** Who a valid token names: our person id, or (from a municipal SSO) an e-mail address to look up. */
export interface TokenSubject {
  personId?: string;
  email?: string;
}

/**
 * The longest a token this service signs may live (exp − iat). A token that
 * claims more — forged with a stolen secret, or minted by hand — is refused,
 * and one without iat or exp too.
 */
export const MAX_TOKEN_LIFETIME_SECONDS = 12 * 3600;

/** Verified HS256 tokens remembered (by their exact text) until they expire; at most this many. */
const VERIFIED_TOKENS = 10_000;

interface Verified {
  subject: TokenSubject;
  /** The token's `exp` and `nbf` (seconds since the epoch), checked again at every use. */
  exp: number;
  nbf?: number;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Signs (HS256, for demos and operators) and verifies bearer tokens. With
 * OIDC_ISSUER set, tokens are verified against the keys the issuer publishes
 * (found through its discovery document) and HS256 tokens are not accepted.
 */
export class TokenService {
  private readonly key?: Uint8Array;
  private jwks?: Promise<ReturnType<typeof createRemoteJWKSet>>;
  /** The HS256 key imported into WebCrypto once: given raw bytes, jose imports them again for every token (issue 14's profile). */
  private verifyKey?: ReturnType<typeof crypto.subtle.importKey>;
  /** Each request's verification, by its request object (verifyFor). */
  private readonly perRequest = new WeakMap<object, Promise<TokenSubject | null>>();
  /**
   * HS256 tokens that verified, keyed by the whole token text. A client sends
   * the same token with every request for hours, and the HMAC check through
   * WebCrypto was a tenth of the service's CPU at 3,000 req/s (issue 14's
   * profile). Exact: the signature and the claims are a function of the text
   * and the secret (fixed for the process); only time changes the verdict, so
   * `exp` and `nbf` are checked again at every use exactly as jose checks
   * them (no clock tolerance), and an expired token is dropped. There is no
   * revocation of bearer tokens to respect (README → Authentication: what a
   * person may do is read from the database at every request). Refused tokens
   * are not remembered.
   */
  private readonly verified = new LRUCache<string, Verified>({ max: VERIFIED_TOKENS });

  constructor(private readonly settings: TokenSettings) {
    if (settings.secret && !settings.oidcIssuer) this.key = new TextEncoder().encode(settings.secret);
  }

  async sign(personId: string, ttlSeconds = MAX_TOKEN_LIFETIME_SECONDS): Promise<string> {
    if (!this.key) throw new Error('Tokens udstedes af OIDC-udstederen, ikke af Kvalitetsloop');
    if (ttlSeconds > MAX_TOKEN_LIFETIME_SECONDS) throw new Error(`Et token kan højst gælde ${MAX_TOKEN_LIFETIME_SECONDS / 3600} timer`);
    return new SignJWT({}).setProtectedHeader({ alg: 'HS256' }).setSubject(personId).setIssuedAt().setExpirationTime(`${ttlSeconds}s`).sign(this.key);
  }

  /**
   * verify(token) once per request object: the hit path (cached-answers.ts)
   * and then, on a miss, the guard ask for the same request, and an issuer's
   * RS256 check or a refusal is not repeated.
   */
  verifyFor(request: object, token: string): Promise<TokenSubject | null> {
    let subject = this.perRequest.get(request);
    if (!subject) {
      subject = this.verify(token);
      this.perRequest.set(request, subject);
    }
    return subject;
  }

  /** The subject of a valid token, or null. Never throws for a bad token. */
  async verify(token: string): Promise<TokenSubject | null> {
    try {
      if (this.settings.oidcIssuer) {
        const { payload } = await jwtVerify(token, await this.issuerKeys(), {
          issuer: this.settings.oidcIssuer,
          audience: this.settings.oidcAudience,
          ...OIDC_CLAIM_CHECKS,
        });
        return ssoSubjectOf(payload);
      }
      const known = this.verified.get(token);
      if (known) {
        // jose's own checks, with its clock (whole seconds) and no tolerance.
        const now = Math.floor(Date.now() / 1000);
        if (known.exp > now && (known.nbf === undefined || known.nbf <= now)) return known.subject;
        this.verified.delete(token);
      }
      this.verifyKey ??= crypto.subtle.importKey('raw', this.key! as Uint8Array<ArrayBuffer>, { name: 'HMAC', hash: 'SHA-256' }, false, ['verify']);
      const { payload } = await jwtVerify(token, await this.verifyKey, { algorithms: ['HS256'], requiredClaims: ['iat', 'exp'] });
      if (payload.exp! - payload.iat! > MAX_TOKEN_LIFETIME_SECONDS) return null;
      if (typeof payload.sub !== 'string' || !UUID.test(payload.sub)) return null;
      const subject: TokenSubject = Object.freeze({ personId: payload.sub });
      this.verified.set(token, { subject, exp: payload.exp!, nbf: payload.nbf });
      return subject;
    } catch {
      return null;
    }
  }

  private issuerKeys(): Promise<ReturnType<typeof createRemoteJWKSet>> {
    this.jwks ??= fetch(`${this.settings.oidcIssuer}/.well-known/openid-configuration`, { signal: AbortSignal.timeout(5000) })
      .then((res) => res.json() as Promise<{ jwks_uri?: string }>)
      .then((doc) => {
        if (!doc.jwks_uri) throw new Error('Udstederens discovery-dokument mangler jwks_uri');
        return createRemoteJWKSet(new URL(doc.jwks_uri));
      })
      .catch((error: unknown) => {
        this.jwks = undefined; // try again on the next request
        throw error;
      });
    return this.jwks;
  }
}

/**
 * How the issuer's time claims are checked. Providers' clocks and ours differ
 * by seconds to a minute; `exp` and `iat` are required (OpenID Connect Core
 * §2 and RFC 9068 make them mandatory, and Entra ID, AD FS, Keycloak and
 * Cognito all send them as numbers); `nbf` is checked when present; a token
 * issued more than a day ago, or "issued" beyond the tolerance in the future,
 * is refused.
 */
export const OIDC_CLAIM_CHECKS: Pick<JWTVerifyOptions, 'clockTolerance' | 'requiredClaims' | 'maxTokenAge'> = {
  clockTolerance: 60,
  requiredClaims: ['exp', 'iat'],
  maxTokenAge: '24h',
};

/**
 * A single sign-on token names its user by a verified e-mail address; the
 * issuer's own subject ids mean nothing here, and a user-editable name must
 * not pick a person. `email_verified` is a boolean in the specification but
 * a string ("true"/"false") from some providers (Cognito, older AD FS
 * mappings); either spelling is read as what it says. Entra ID and AD FS
 * leave it out entirely, so a missing claim is accepted: the configured
 * issuer vouches for the address. Anything else is refused.
 */
export function ssoSubjectOf(payload: JWTPayload): TokenSubject | null {
  const { email, email_verified: verified } = payload as { email?: unknown; email_verified?: unknown };
  if (verified !== undefined && !isTrue(verified)) return null;
  if (typeof email !== 'string') return null;
  const address = email.trim();
  return /^[^\s@]+@[^\s@]+$/.test(address) && address.length <= 254 ? { email: address } : null;
}

function isTrue(claim: unknown): boolean {
  return claim === true || (typeof claim === 'string' && claim.trim().toLowerCase() === 'true');
}
