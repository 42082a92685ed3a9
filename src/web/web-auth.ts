import { applyDecorators, CanActivate, ExecutionContext, Injectable, UseGuards } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Request, Response } from 'express';
import { DataSource } from 'typeorm';
import { Clock } from '../common/clock';
import { Public, type CurrentUser } from '../modules/auth';
import { INSPECTOR_LABEL, ROLE_LABELS } from './labels';
import { navigationFor } from './navigation';

declare module 'express-session' {
  interface SessionData {
    personId?: string;
    csrfToken?: string;
    /** The OIDC flow's PKCE verifier, state and nonce between /login/oidc and the callback. */
    oidc?: { verifier: string; state: string; nonce: string; next: string };
    /** The ID token of an OIDC login: the id_token_hint when logging out at the provider too. */
    oidcIdToken?: string;
    /** One message shown once on the next page (after a redirect). */
    flash?: { type: 'success' | 'info' | 'warning'; text: string };
    /**
     * A refused form posted to another page's controller (the unit page's skærpet-tilsyn decision): its errors
     * (each linked to a field id) and the values typed, shown once on the page it redirects back to.
     */
    refusedForm?: { form: string; values: Record<string, string>; errors: { field?: string; text: string }[] };
  }
}

export interface WebRole {
  role: 'chef' | 'leader' | 'subLeader' | 'board';
  unitId: string;
  unitName: string;
}

/** The logged-in person as the pages see them: the API's CurrentUser plus their roles today. */
export interface WebUser extends CurrentUser {
  roles: WebRole[];
  /** "Leder, Beder Skole" / "Børn og Unge-chef" / "Administrator" for the header. */
  roleLabel: string;
  isChef: boolean;
  isLeader: boolean;
  isBoard: boolean;
  isSubLeader: boolean;
  /** R90: the person is an inspector (tilsynsførende) of an open or held visit; they use /tilsynsplan. */
  isInspector: boolean;
}

/** Thrown when a page needs a login; the web error handler redirects to /login. */
export class LoginRequired extends Error {
  override readonly name = 'LoginRequired';
  constructor(readonly next: string) {
    super('Log ind først');
  }
}

/**
 * The web pages' counterpart of the bearer-token AuthGuard: the person comes
 * from the session, and (like the API) their admin flag and roles are read
 * from the database on every request, never kept in the cookie.
 */
@Injectable()
export class WebSessionGuard implements CanActivate {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly clock: Clock,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<Request & { user?: CurrentUser }>();
    const response = context.switchToHttp().getResponse<Response>();
    const user = await loadWebUser(this.db, this.clock, request.session?.personId);
    if (!user) throw new LoginRequired(request.method === 'GET' ? request.originalUrl : '/');
    request.user = user;
    response.locals.user = user;
    response.locals.nav = navigationFor(user, request.path);
    return true;
  }
}

/** Pages open to everyone (login, tilgængelighedserklæring): the person is shown in the header when logged in. */
@Injectable()
export class WebOptionalSessionGuard implements CanActivate {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly clock: Clock,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<Request & { user?: CurrentUser }>();
    const user = await loadWebUser(this.db, this.clock, request.session?.personId);
    if (user) {
      request.user = user;
      context.switchToHttp().getResponse<Response>().locals.user = user;
      context.switchToHttp().getResponse<Response>().locals.nav = navigationFor(user, request.path);
    }
    return true;
  }
}

export async function loadWebUser(db: DataSource, clock: Clock, personId: string | undefined): Promise<WebUser | undefined> {
  if (!personId) return undefined;
  const [person] = await db.query(`SELECT id, admin, name FROM person WHERE id = $1`, [personId]);
  if (!person) return undefined;
  const roles: WebRole[] = await db.query(
    `SELECT a.role, a.unit_id AS "unitId", u.name AS "unitName"
     FROM assignment a JOIN unit u ON u.id = a.unit_id
     WHERE a.person_id = $1 AND a.valid_from <= $2 AND (a.valid_to IS NULL OR a.valid_to >= $2)
     ORDER BY CASE a.role WHEN 'chef' THEN 0 WHEN 'leader' THEN 1 WHEN 'board' THEN 2 ELSE 3 END, u.name`,
    [person.id, clock.today()],
  );
  const has = (role: WebRole['role']) => roles.some((r) => r.role === role);
  // R90: inspectors are named on visits, not assigned to units (the GIN index obligation_inspectors answers it).
  const [{ inspector }] = await db.query(
    `SELECT EXISTS (SELECT 1 FROM obligation o WHERE o.kind = 'tilsynsbesoeg' AND o.inspector_person_ids <> '{}' AND o.inspector_person_ids @> ARRAY[$1]::uuid[]
                      AND o.state IN ('planned', 'scheduled', 'overdue', 'completed')) AS inspector`,
    [person.id],
  );
  return {
    personId: person.id,
    admin: person.admin,
    name: person.name,
    roles,
    roleLabel: roleLabel(person.admin, roles, inspector === true),
    isChef: has('chef'),
    isLeader: has('leader'),
    isBoard: has('board'),
    isSubLeader: has('subLeader'),
    isInspector: inspector === true,
  };
}

/** The header's role line; an inspector with no unit role reads "Tilsynsførende", never "Ingen aktuel rolle". */
function roleLabel(admin: boolean, roles: WebRole[], inspector: boolean): string {
  const parts: string[] = [];
  if (admin) parts.push(ROLE_LABELS.admin);
  if (roles.some((r) => r.role === 'chef')) parts.push(ROLE_LABELS.chef);
  for (const role of ['leader', 'board', 'subLeader'] as const) {
    const units = roles.filter((r) => r.role === role).map((r) => r.unitName);
    if (units.length === 1) parts.push(`${ROLE_LABELS[role]}, ${units[0]}`);
    else if (units.length > 1) parts.push(`${ROLE_LABELS[role]} (${units.length} enheder)`);
  }
  if (inspector) parts.push(INSPECTOR_LABEL);
  return parts.join(' · ') || 'Ingen aktuel rolle';
}

/**
 * A page for logged-in people. No bearer token (Public for the API's guard);
 * the session decides who the caller is, and `@User()` gives the same
 * CurrentUser the API's services take.
 */
export const WebPage = () => applyDecorators(Public(), UseGuards(WebSessionGuard));

/** A page anyone may open (login, tilgængelighedserklæring). */
export const OpenWebPage = () => applyDecorators(Public(), UseGuards(WebOptionalSessionGuard));
