import { DynamicModule, Global, Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { ScheduleModule } from '@nestjs/schedule';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Clock } from './common/clock';
import { ErrorFilter } from './common/error.filter';
import { dataSourceOptions } from './database/data-source';
import { HealthModule } from './modules/health/health.module';
import { DemoModule } from './modules/demo/demo.module';
import { OrganisationModule } from './modules/organisation/organisation.module';

export interface AppOptions {
  databaseUrl: string;
  clock: Clock;
  /** Register the daily cron and the pass at start (off in most tests). */
  scheduler: boolean;
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
        HealthModule,
        OrganisationModule,
        DemoModule,
      ],
      providers: [{ provide: APP_FILTER, useClass: ErrorFilter }],
    };
  }
}
