import { Module } from '@nestjs/common';
import { AuditController } from './audit.controller';
import { AuditService } from './audit.service';
import { CoverageExportController } from './coverage-export.controller';
import { CoverageExportJob } from './coverage-export.job';
import { HeavyReads } from './heavy-reads';
import { TrailChainService } from './trail-chain';
import { StatutoryFollowUpModule } from '../tilsyn';

/** The tilsyn coverage audit (R80–R81), the audit trail and the overview of local focus areas (R11). */
@Module({
  imports: [StatutoryFollowUpModule],
  controllers: [AuditController, CoverageExportController],
  providers: [AuditService, TrailChainService, HeavyReads, CoverageExportJob],
  exports: [AuditService, TrailChainService, CoverageExportJob],
})
export class AuditModule {}
