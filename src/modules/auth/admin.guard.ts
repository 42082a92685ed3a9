import { CanActivate, ExecutionContext, ForbiddenException, Injectable, UseGuards, applyDecorators } from '@nestjs/common';
import { ApiForbiddenResponse } from '@nestjs/swagger';
import type { CurrentUser } from './auth.guard';

@Injectable()
class AdminGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    const user = context.switchToHttp().getRequest<{ user?: CurrentUser }>().user;
    if (!user?.admin) throw new ForbiddenException('Kun for forvaltningen (administratorer)');
    return true;
  }
}

/** Central administration only. */
export const AdminOnly = () => applyDecorators(UseGuards(AdminGuard), ApiForbiddenResponse({ description: 'Kun administratorer' }));
