import type { QualityReport } from '../obligations';
import type { QualityReportResponse } from './dto/quality-report.dto';

export function toQualityReportResponse(r: QualityReport, loopsStarted?: number): QualityReportResponse {
  const context = (r.snapshot as { context?: { dates?: Record<string, string> } }).context;
  return {
    id: r.id,
    ageArea: r.ageArea,
    year: r.year,
    themes: r.themes,
    state: r.state,
    milestones: context?.dates ?? {},
    byraadBehandletOn: r.byraadBehandletOn,
    byraadPlanlagtOn: r.byraadPlanlagtOn ?? null,
    version: r.version,
    ...(loopsStarted !== undefined && { loopsStarted }),
  };
}
