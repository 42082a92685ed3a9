import { DynamicModule, Global, Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { ScheduleModule } from '@nestjs/schedule';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Clock } from './common/clock';
import { PublicUrl } from './common/public-url';
import { MailSettings } from './modules/reminders';
import { RemindersModule } from './modules/reminders';
import { DEFAULT_COVERAGE_MEMO_MB, DEFAULT_READ_CACHE_MB } from './config/config';
import { ErrorFilter } from './common/error.filter';
import { dataSourceOptions } from './database/data-source';
import { DatabaseSettings } from './database/database-settings';
import { ReadCacheModule } from './database/read-cache.module';
import { AuditModule } from './modules/audit/audit.module';
import { CoverageMemoModule } from './modules/audit';
import { AuthModule } from './modules/auth/auth.module';
import { CalendarModule } from './modules/calendar/calendar.module';
import type { TokenSettings } from './modules/auth/token.service';
import { LearningLoopsModule } from './modules/learning-loops';
import { MeModule } from './modules/me';
import { ObligationsModule } from './modules/obligations';
import { QualityReportsModule } from './modules/quality-reports';
import { SchedulerModule } from './modules/scheduler';
import { StatutoryFollowUpModule, TilsynModule } from './modules/tilsyn';
import { HealthModule } from './modules/health/health.module';
import { JobsModule } from './modules/jobs';
import { DemoModule } from './modules/demo/demo.module';
import { OrganisationModule } from './modules/organisation/organisation.module';
import { WebModule } from './web/web.module';
import { DEFAULT_WEB_OPTIONS, type WebOptions } from './web/web-options';

export interface AppOptions {
  databaseUrl: string;
  /** The request pool's size (DATABASE_POOL_SIZE; default 10). */
  databasePoolSize?: number;
  /** The read cache's bound in MB (READ_CACHE_MB; default 32, 0 off). */
  readCacheMb?: number;
  /** The coverage audit's per-unit memo in MB (COVERAGE_MEMO_MB; default 64, 0 off). */
  coverageMemoMb?: number;
  clock: Clock;
  /** Register the daily cron and the pass at start (off in most tests). */
  scheduler: boolean;
  /** How bearer tokens are verified (HS256 secret or OIDC issuer). */
  auth: TokenSettings;
  /** PUBLIC_URL (default http://localhost:3000). */
  publicUrl?: string;
  /** SMTP_URL and MAIL_FROM; without an SMTP URL nothing is sent and the outbox only records. */
  mail?: MailSettings;
  /** Register the morning digest cron (defaults to `scheduler`). */
  reminders?: boolean;
  /** The web pages' login and sessions (tests that only use the API can leave it out). */
  web?: WebOptions;
  /** Run jobs in this process (default true; operator commands only enqueue), and how often to poll for them (seconds). */
  jobs?: { worker?: boolean; pollingIntervalSeconds?: number };
}

@Global()
@Module({})
class ClockModule {
  static forRoot(clock: Clock, publicUrl: PublicUrl, mail: MailSettings, database: DatabaseSettings): DynamicModule {
    return {
      module: ClockModule,
      providers: [
        { provide: Clock, useValue: clock },
        { provide: PublicUrl, useValue: publicUrl },
        { provide: MailSettings, useValue: mail },
        { provide: DatabaseSettings, useValue: database },
      ],
      exports: [Clock, PublicUrl, MailSettings, DatabaseSettings],
    };
  }
}

@Module({})
export class AppModule {
  static forRoot(options: AppOptions): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ClockModule.forRoot(
          options.clock,
          new PublicUrl(options.publicUrl ?? 'http://localhost:3000'),
          options.mail ?? new MailSettings(undefined, 'Kvalitetsloop <kvalitetsloop@localhost>'),
          new DatabaseSettings(options.databaseUrl, options.databasePoolSize ?? 10),
        ),
        TypeOrmModule.forRoot(dataSourceOptions(options.databaseUrl, options.databasePoolSize)),
        ReadCacheModule.forRoot(options.readCacheMb ?? DEFAULT_READ_CACHE_MB),
        CoverageMemoModule.forRoot(options.coverageMemoMb ?? DEFAULT_COVERAGE_MEMO_MB),
        ...(options.scheduler ? [ScheduleModule.forRoot()] : []),
        AuthModule.forRoot(options.auth),
        JobsModule.forRoot({ databaseUrl: options.databaseUrl, worker: options.jobs?.worker ?? true, pollingIntervalSeconds: options.jobs?.pollingIntervalSeconds }),
        HealthModule,
        ObligationsModule,
        LearningLoopsModule,
        QualityReportsModule,
        SchedulerModule.forRoot({ cron: options.scheduler }),
        MeModule,
        OrganisationModule,
        DemoModule,
        AuditModule,
        CalendarModule,
        TilsynModule,
        StatutoryFollowUpModule,
        RemindersModule.forRoot({ cron: options.reminders ?? options.scheduler }),
        WebModule.forRoot(options.web ?? DEFAULT_WEB_OPTIONS),
      ],
      providers: [{ provide: APP_FILTER, useClass: ErrorFilter }],
    };
  }
}
