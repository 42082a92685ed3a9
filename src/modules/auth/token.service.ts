import { createRemoteJWKSet, JWTPayload, jwtVerify, SignJWT } from 'jose';

export interface TokenSettings {
  secret?: string;
  oidcIssuer?: string;
}

/** Signs (HS256, for demos and operators) and verifies bearer tokens; OIDC keys when an issuer is configured. */
export class TokenService {
  private readonly key?: Uint8Array;
  private readonly jwks?: ReturnType<typeof createRemoteJWKSet>;

  constructor(private readonly settings: TokenSettings) {
    if (settings.secret) this.key = new TextEncoder().encode(settings.secret);
    if (settings.oidcIssuer) this.jwks = createRemoteJWKSet(new URL(`${settings.oidcIssuer}/.well-known/jwks.json`));
  }

  async sign(personId: string, ttlSeconds = 12 * 3600): Promise<string> {
    if (!this.key) throw new Error('Ingen JWT_SECRET: tokens udstedes af OIDC-udstederen');
    return new SignJWT({}).setProtectedHeader({ alg: 'HS256' }).setSubject(personId).setIssuedAt().setExpirationTime(`${ttlSeconds}s`).sign(this.key);
  }

  /** The person id (`sub`) of a valid token, or null. Never throws for a bad token. */
  async verify(token: string): Promise<string | null> {
    try {
      const { payload } = this.jwks
        ? await jwtVerify(token, this.jwks, { issuer: this.settings.oidcIssuer })
        : await jwtVerify(token, this.key!, { algorithms: ['HS256'] });
      return subjectOf(payload);
    } catch {
      return null;
    }
  }
}

function subjectOf(payload: JWTPayload): string | null {
  return typeof payload.sub === 'string' && /^[0-9a-f-]{36}$/i.test(payload.sub) ? payload.sub : null;
}
