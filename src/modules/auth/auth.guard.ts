import { CanActivate, ExecutionContext, Injectable, SetMetadata, UnauthorizedException, createParamDecorator } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Request } from 'express';
import { DataSource } from 'typeorm';
import { ReadCache } from '../../database/read-cache';
import { TokenService, type TokenSubject } from './token.service';

export interface CurrentUser {
  personId: string;
  admin: boolean;
  name: string;
}

const PUBLIC = 'kvalitetsloop:public';
/** Open without a token (health, calendar feeds). */
export const Public = () => SetMetadata(PUBLIC, true);

export const User = createParamDecorator((_: unknown, ctx: ExecutionContext): CurrentUser => ctx.switchToHttp().getRequest<Request & { user: CurrentUser }>().user);

/** The person row a token's subject names, as the ReadCache holds it under personKey (null: no such person). */
export interface CachedPerson {
  id: string;
  admin: boolean;
  name: string;
}

/** The token of an `Authorization: Bearer <token>` header, or undefined. */
export function bearerTokenOf(request: Request): string | undefined {
  const header = request.headers.authorization;
  const match = typeof header === 'string' ? /^bearer +([A-Za-z0-9_\-.]+)$/i.exec(header.trim()) : null;
  return match?.[1];
}

/** The ReadCache key (after the snapshot) of the person a token's subject names. */
export function personKey(subject: TokenSubject): string {
  return subject.personId ? `person|${subject.personId}` : `person-email|${subject.email}`;
}

/**
 * Every route needs `Authorization: Bearer <JWT>`. The token only says who
 * the caller is (`sub`); what they may see and do comes from the database,
 * read on every request.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly tokens: TokenService,
    @InjectDataSource() private readonly db: DataSource,
    private readonly cache: ReadCache,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC, [context.getHandler(), context.getClass()])) return true;
    const request = context.switchToHttp().getRequest<Request & { user?: CurrentUser }>();
    const token = bearerTokenOf(request);
    if (!token) throw new UnauthorizedException('Mangler Authorization: Bearer <token>');
    const subject = await this.tokens.verifyFor(request, token);
    if (!subject) throw new UnauthorizedException('Ugyldigt eller udløbet token');
    // Cached by the request's snapshot (taken here, before the lookup): the admin flag is data, so a change to it is a miss.
    const person = await this.cache.forRequest<CachedPerson | null>(
      request,
      personKey(subject),
      (p) => 64 + (p ? p.name.length * 2 : 0),
      async () => {
        const [row] = subject.personId
          ? await this.db.query(`SELECT id, admin, name FROM person WHERE id = $1`, [subject.personId])
          : await this.db.query(`SELECT id, admin, name FROM person WHERE lower(email) = lower(CAST($1 AS varchar) COLLATE dansk)`, [subject.email]);
        return row ?? null;
      },
    );
    if (!person) throw new UnauthorizedException('Ukendt person');
    request.user = { personId: person.id, admin: person.admin, name: person.name };
    return true;
  }
}
