import { Module } from '@nestjs/common';
import { AuditController } from './audit.controller';
import { AuditService } from './audit.service';
import { HeavyReads } from './heavy-reads';
import { TrailChainService } from './trail-chain';
import { StatutoryFollowUpModule } from '../tilsyn';

/** The tilsyn coverage audit (R80–R81), the audit trail and the overview of local focus areas (R11). */
@Module({
  imports: [StatutoryFollowUpModule],
  controllers: [AuditController],
  providers: [AuditService, TrailChainService, HeavyReads],
  exports: [AuditService, TrailChainService],
})
export class AuditModule {}
