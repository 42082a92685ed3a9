import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ReadCache, type ReadCacheStats } from '../../database/read-cache';
import { AdminOnly } from '../auth';

@ApiTags('drift')
@ApiBearerAuth()
@Controller('api/v1/admin')
export class ReadCacheController {
  constructor(private readonly cache: ReadCache) {}

  /** This process's read cache since it started: hits, misses, coalesced misses, bytes and entries held (issue 14). */
  @Get('read-cache')
  @AdminOnly()
  @ApiOperation({
    summary: 'Læsecachen i denne proces: træf, bom, sammenlagte bom, bytes og antal svar',
    description: 'Tallene gælder processen siden start; med flere replikaer har hver sin cache. enabled er false, når READ_CACHE_MB=0.',
  })
  stats(): ReadCacheStats & { enabled: boolean } {
    return { enabled: this.cache.enabled, ...this.cache.stats() };
  }
}
