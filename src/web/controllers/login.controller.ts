import { Body, Controller, Get, HttpCode, Post, Query, Render, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { LoginService } from '../login.service';
import { OpenWebPage } from '../web-auth';

/** Only local paths after login, so /login?next= cannot send anyone elsewhere. */
function safeNext(next: unknown): string {
  return typeof next === 'string' && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/\\') ? next : '/';
}

function regenerate(req: Request): Promise<void> {
  return new Promise((resolve, reject) => req.session.regenerate((err) => (err ? reject(err) : resolve())));
}

function save(req: Request): Promise<void> {
  return new Promise((resolve, reject) => req.session.save((err) => (err ? reject(err) : resolve())));
}

@ApiExcludeController()
@OpenWebPage()
@Controller()
export class LoginController {
  constructor(private readonly login: LoginService) {}

  @Get('login')
  async form(@Query('next') next: string | undefined, @Query('ud') loggedOut: string | undefined, @Req() req: Request, @Res() res: Response) {
    if (req.session.personId && res.locals.user) return res.redirect(303, safeNext(next));
    return res.render('pages/login', { ...(await this.page(safeNext(next))), loggedOut: loggedOut === '1' });
  }

  @Post('login')
  @HttpCode(200)
  async demoLogin(@Body() body: { email?: string; next?: string }, @Req() req: Request, @Res() res: Response) {
    const next = safeNext(body.next);
    if (!(await this.login.demoEnabled())) {
      return res.status(404).render('pages/login', await this.page(next));
    }
    const email = typeof body.email === 'string' ? body.email.trim() : '';
    const person = email ? await this.login.personByEmail(email) : undefined;
    if (!person) {
      const text = email ? 'Der er ingen person med den e-mail i demo-data' : 'Skriv en e-mail';
      return res.status(400).render('pages/login', { ...(await this.page(next)), email, errors: [{ field: 'email', text }] });
    }
    // A new session id at login, so a session id planted before cannot be used after.
    await regenerate(req);
    req.session.personId = person.id;
    req.session.flash = { type: 'success', text: `Du er logget ind som ${person.name}.` };
    await save(req);
    return res.redirect(303, next);
  }

  @Get('login/oidc')
  async startOidc(@Query('next') next: string | undefined, @Req() req: Request, @Res() res: Response) {
    if (!this.login.oidcEnabled) return res.redirect(303, '/login');
    const { url, pending } = await this.login.startOidc(this.redirectUri(req), safeNext(next));
    req.session.oidc = pending;
    await save(req);
    return res.redirect(303, url);
  }

  @Get('login/callback')
  async oidcCallback(@Req() req: Request, @Res() res: Response) {
    const pending = req.session.oidc;
    if (!this.login.oidcEnabled || !pending) return res.redirect(303, '/login');
    const current = new URL(req.originalUrl, this.base(req));
    let found: Awaited<ReturnType<LoginService['finishOidc']>>;
    try {
      found = await this.login.finishOidc(current, pending);
    } catch {
      found = undefined;
    }
    if (!found) {
      delete req.session.oidc;
      return res.status(403).render('pages/fejl', {
        title: 'Login mislykkedes',
        heading: 'Login mislykkedes',
        message: 'Vi kunne ikke finde dig ud fra en bekræftet e-mailadresse. Kontakt forvaltningen, hvis du skal have adgang.',
      });
    }
    await regenerate(req);
    req.session.personId = found.person.id;
    req.session.oidcIdToken = found.idToken;
    await save(req);
    return res.redirect(303, pending.next);
  }

  @Post('logout')
  async logout(@Req() req: Request, @Res() res: Response) {
    const idToken = req.session.oidcIdToken;
    await new Promise<void>((resolve) => req.session.destroy(() => resolve()));
    res.clearCookie('kvalitetsloop.sid');
    const back = `${this.base(req).replace(/\/$/, '')}/login?ud=1`;
    // With OIDC the provider's session ends too; otherwise "Log ind" would let the person straight back in.
    let provider: string | undefined;
    try {
      provider = await this.login.endSessionUrl(idToken, back);
    } catch {
      provider = undefined; // the provider is unreachable: our session is gone, which is what logging out promises
    }
    return res.redirect(303, provider ?? '/login?ud=1');
  }

  @Get('tilgaengelighed')
  @Render('pages/tilgaengelighed')
  accessibility() {
    return { title: 'Tilgængelighedserklæring – Kvalitetsloop' };
  }

  private async page(next: string) {
    const demo = await this.login.demoEnabled();
    return {
      title: 'Log ind – Kvalitetsloop',
      next,
      oidc: this.login.oidcEnabled,
      demo,
      demoGroups: demo ? await this.login.demoPeople() : [],
    };
  }

  private base(req: Request): string {
    return this.login.options.publicUrl ?? `${req.protocol}://${req.get('host')}`;
  }

  private redirectUri(req: Request): string {
    return `${this.base(req).replace(/\/$/, '')}/login/callback`;
  }
}
