import { DynamicModule, Global, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AuthGuard } from './auth.guard';
import { CachedAnswers } from './cached-answers';
import { TokenService, TokenSettings } from './token.service';

@Global()
@Module({})
export class AuthModule {
  static forRoot(settings: TokenSettings): DynamicModule {
    return {
      module: AuthModule,
      providers: [{ provide: TokenService, useValue: new TokenService(settings) }, { provide: APP_GUARD, useClass: AuthGuard }, CachedAnswers],
      exports: [TokenService, CachedAnswers],
    };
  }
}
