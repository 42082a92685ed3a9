import { BadRequestException, CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
// @nestjs/swagger's API_MODEL_PROPERTIES (not exported from the package root).
const API_MODEL_PROPERTIES = 'swagger/apiModelProperties';
import type { Request } from 'express';
import type { Observable } from 'rxjs';

/**
 * A PATCH distinguishes "absent" (leave unchanged) from `null`. `null` is
 * accepted only for a field its DTO documents as nullable (e.g. an
 * assignment's `validTo`: null opens the period); for any other field it is a
 * 400 naming the field — before validation (class-validator's @IsOptional
 * lets null through) and before the database's NOT NULL would answer 500.
 * An interceptor, not a pipe, because it needs the HTTP method; it runs
 * before the pipes.
 */
@Injectable()
export class NullInPatchInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const req = context.switchToHttp().getRequest<Request>();
    const body: unknown = req?.body;
    if (req?.method === 'PATCH' && body !== null && typeof body === 'object' && !Array.isArray(body)) {
      const types = (Reflect.getMetadata('design:paramtypes', context.getClass().prototype, context.getHandler().name) ?? []) as Array<{ prototype?: object }>;
      const fields: { field: string; message: string }[] = [];
      for (const [key, value] of Object.entries(body as Record<string, unknown>)) {
        if (value !== null) continue;
        const declared = types
          .map((type) => (type?.prototype ? (Reflect.getMetadata(API_MODEL_PROPERTIES, type.prototype, key) as { nullable?: boolean } | undefined) : undefined))
          .find((p) => p !== undefined);
        if (declared && !declared.nullable) {
          fields.push({ field: key, message: `${key} må ikke være null; udelad feltet for at lade værdien være uændret` });
        }
      }
      if (fields.length > 0) throw new BadRequestException({ message: fields.map((f) => f.message).join('; '), fields });
    }
    return next.handle();
  }
}
