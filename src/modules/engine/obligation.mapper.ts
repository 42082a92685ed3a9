import type { ObligationResponse } from './dto/engine.dto';
import type { Obligation, QualityReport } from './engine.entities';
import type { QualityReportResponse } from './dto/engine.dto';

export function toObligationResponse(o: Obligation): ObligationResponse {
  return {
    id: o.id,
    unitId: o.unitId,
    kind: o.kind,
    sequence: o.sequence,
    subjectKey: o.subjectKey,
    loopId: o.loopId,
    opensOn: o.opensOn,
    dueOn: o.dueOn,
    state: o.state,
    responsiblePersonId: o.responsiblePersonId,
    responsibleRole: o.responsibleRole,
    chefPersonId: o.chefPersonId,
    leaderPersonId: o.leaderPersonId,
    scheduledOn: o.scheduledOn,
    completedOn: o.completedOn,
    late: o.state === 'overdue' || (o.completedOn !== null && o.completedOn > o.dueOn),
    reason: o.reason,
    version: o.version,
  };
}

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
