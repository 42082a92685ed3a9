import { DynamicModule, Global, Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { ScheduleModule } from '@nestjs/schedule';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Clock } from './common/clock';
import { ErrorFilter } from './common/error.filter';
import { dataSourceOptions } from './database/data-source';
import { AuditModule } from './modules/audit/audit.module';
import { AuthModule } from './modules/auth/auth.module';
import { CalendarModule } from './modules/calendar/calendar.module';
import type { TokenSettings } from './modules/auth/token.service';
import { EngineModule } from './modules/engine/engine.module';
import { HealthModule } from './modules/health/health.module';
import { DemoModule } from './modules/demo/demo.module';
import { OrganisationModule } from './modules/organisation/organisation.module';
import { WebModule } from './web/web.module';
import { DEFAULT_WEB_OPTIONS, type WebOptions } from './web/web-options';

export interface AppOptions {
  databaseUrl: string;
  clock: Clock;
  /** Register the daily cron and the pass at start (off in most tests). */
  scheduler: boolean;
  /** How bearer tokens are verified (HS256 secret or OIDC issuer). */
  auth: TokenSettings;
  /** The web pages' login and sessions (tests that only use the API can leave it out). */
  web?: WebOptions;
}

@Global()
@Module({})
class ClockModule {
  static forRoot(clock: Clock): DynamicModule {
    return { module: ClockModule, providers: [{ provide: Clock, useValue: clock }], exports: [Clock] };
  }
}

@Module({})
export class AppModule {
  static forRoot(options: AppOptions): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ClockModule.forRoot(options.clock),
        TypeOrmModule.forRoot(dataSourceOptions(options.databaseUrl)),
        ...(options.scheduler ? [ScheduleModule.forRoot()] : []),
        AuthModule.forRoot(options.auth),
        HealthModule,
        EngineModule.forRoot({ cron: options.scheduler }),
        OrganisationModule,
        DemoModule,
        AuditModule,
        CalendarModule,
        WebModule.forRoot(options.web ?? DEFAULT_WEB_OPTIONS),
      ],
      providers: [{ provide: APP_FILTER, useClass: ErrorFilter }],
    };
  }
}
