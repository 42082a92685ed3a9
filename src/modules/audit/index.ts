/** The audit module's public face. */
export { AuditModule } from './audit.module';
export { AuditService } from './audit.service';
export { CoverageQuery, FocusAreasQuery, TrailQuery } from './audit.dto';
export type { CoverageUnitRow } from './audit.dto';
export { COVERAGE_CSV_HEADER } from './coverage-csv';
