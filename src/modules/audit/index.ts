/** The audit module's public face. */
export { AuditModule } from './audit.module';
export { AuditService, defaultCoveragePeriod } from './audit.service';
export { CoverageMemo, CoverageMemoModule } from './coverage-memo';
export { CoverageQuery, FocusAreasQuery, TrailQuery } from './audit.dto';
export type { CoverageUnitRow } from './audit.dto';
export { COVERAGE_CSV_HEADER } from './coverage-csv';
export { COVERAGE_EXPORT_JOB, CoverageExportJob } from './coverage-export.job';
export type { CoverageExportInput, CoverageExportResult } from './coverage-export.job';

import type { Writable } from 'node:stream';
import type { CurrentUser } from '../auth';
import type { CoverageQuery as Query } from './audit.dto';
import type { AuditService as Service } from './audit.service';

/**
 * The coverage audit as CSV streamed into `out` (R80; one line per unit as it
 * is judged, then the totals line; `out` is not ended). Refuses a bad period
 * with a 400 error before writing anything. For jobs: `writeCoverageCsv(app.get(AuditService), query, user, file)`.
 */
export function writeCoverageCsv(audit: Service, query: Query, user: CurrentUser, out: Writable): Promise<void> {
  return audit.writeCoverageCsv(query, user, out);
}
