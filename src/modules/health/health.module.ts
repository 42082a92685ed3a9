import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { HealthController } from './health.controller';
import { ReadCacheController } from './read-cache.controller';
import { ReadinessProbe } from './readiness-probe';

@Module({ imports: [TerminusModule.forRoot({ logger: false })], controllers: [HealthController, ReadCacheController], providers: [ReadinessProbe] })
export class HealthModule {}
