import { Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, HealthIndicatorService } from '@nestjs/terminus';
import { Public } from '../auth';
import { ReadinessProbe } from './readiness-probe';

/** How long readiness waits for the database's answer, in milliseconds. */
const READY_TIMEOUT_MS = 2000;

/**
 * Liveness and readiness for load balancers and orchestrators. Readiness asks
 * the database through a connection of its own (ReadinessProbe), never the
 * request pool, so a busy service is not reported as a broken one.
 */
@ApiTags('drift')
@Public()
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicator: HealthIndicatorService,
    private readonly probe: ReadinessProbe,
  ) {}

  /** The same answer as /health/ready (kept for existing probes). */
  @Get()
  @ApiOperation({ summary: 'Som /health/ready: 200, når databasen svarer, ellers 503' })
  @HealthCheck()
  check() {
    return this.ready();
  }

  @Get('live')
  @ApiOperation({ summary: 'Liveness: 200, når processen svarer (spørger ikke databasen)' })
  @HealthCheck()
  live() {
    return this.health.check([() => this.indicator.check('process').up()]);
  }

  @Get('ready')
  @ApiOperation({ summary: 'Readiness: 200, når databasen svarer inden for 2 s på en forbindelse uden for anmodningspuljen, ellers 503' })
  @HealthCheck()
  ready() {
    return this.health.check([
      async () => {
        const database = this.indicator.check('database');
        try {
          await this.probe.ping(READY_TIMEOUT_MS);
          return database.up();
        } catch (error) {
          return database.down({ message: `Databasen svarer ikke (${(error as Error).message})` });
        }
      },
    ]);
  }
}
