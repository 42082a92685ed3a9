/** The audit module's public face. */
export { AuditModule } from './audit.module';
export { AuditService } from './audit.service';
export type { CoverageQuery } from './audit.dto';
