import { SignJWT } from 'jose';
import { TokenService } from './token.service';

const SECRET = 'en-hemmelighed-til-tokens-i-test';
const PERSON = '0b7f2f4e-8a43-4d43-9a57-5a3f1c3f2d10';
const key = new TextEncoder().encode(SECRET);
const now = () => Math.floor(Date.now() / 1000);

describe('TokenService: verified tokens remembered until they expire (issue 14)', () => {
  it('a remembered token is refused the second its exp passes, as jose refuses it', async () => {
    const tokens = new TokenService({ secret: SECRET });
    // exp at the next whole second but one: valid now, expired within ~2 s.
    const exp = now() + 2;
    const token = await new SignJWT({}).setProtectedHeader({ alg: 'HS256' }).setSubject(PERSON).setIssuedAt().setExpirationTime(exp).sign(key);
    expect(await tokens.verify(token)).toEqual({ personId: PERSON });
    expect(await tokens.verify(token)).toEqual({ personId: PERSON });
    while (now() < exp) await new Promise((r) => setTimeout(r, 50));
    expect(await tokens.verify(token)).toBeNull();
    // A fresh service (nothing remembered) agrees.
    expect(await new TokenService({ secret: SECRET }).verify(token)).toBeNull();
  });

  it('a token not yet valid (nbf in the future) is refused and not remembered; the same text changed by a byte is refused', async () => {
    const tokens = new TokenService({ secret: SECRET });
    const later = await new SignJWT({}).setProtectedHeader({ alg: 'HS256' }).setSubject(PERSON).setIssuedAt().setNotBefore(now() + 60).setExpirationTime('1h').sign(key);
    expect(await tokens.verify(later)).toBeNull();
    const good = await tokens.sign(PERSON);
    expect(await tokens.verify(good)).toEqual({ personId: PERSON });
    // The signature's first character, not its last: a 32-byte HMAC's last base64url character carries 2 padding bits,
    // so changing only those ('B' → 'A') decodes to the same signature, and the test failed now and then.
    const at = good.lastIndexOf('.') + 1;
    const changed = good.slice(0, at) + (good[at] === 'A' ? 'B' : 'A') + good.slice(at + 1);
    expect(await tokens.verify(changed)).toBeNull();
    // Another secret's service never accepts what this one remembered.
    expect(await new TokenService({ secret: `${SECRET}-anden` }).verify(good)).toBeNull();
  });

  it('a token living longer than the maximum is refused every time, not remembered', async () => {
    const tokens = new TokenService({ secret: SECRET });
    const long = await new SignJWT({}).setProtectedHeader({ alg: 'HS256' }).setSubject(PERSON).setIssuedAt().setExpirationTime('13h').sign(key);
    expect(await tokens.verify(long)).toBeNull();
    expect(await tokens.verify(long)).toBeNull();
  });

  it('verifyFor checks a request’s token once, a refusal included: the hit path and then the guard ask for the same request', async () => {
    const tokens = new TokenService({ secret: SECRET });
    const verify = jest.spyOn(tokens, 'verify');
    const [request, another] = [{}, {}];
    const forged = await new SignJWT({}).setProtectedHeader({ alg: 'HS256' }).setSubject(PERSON).setIssuedAt().setExpirationTime('1h').sign(new TextEncoder().encode('en-anden-hemmelighed-end-tjenestens'));
    expect(await tokens.verifyFor(request, forged)).toBeNull();
    expect(await tokens.verifyFor(request, forged)).toBeNull();
    expect(verify).toHaveBeenCalledTimes(1);
    expect(await tokens.verifyFor(another, forged)).toBeNull();
    expect(verify).toHaveBeenCalledTimes(2);
  });
});
