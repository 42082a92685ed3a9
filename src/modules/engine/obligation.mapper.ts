import type { ObligationResponse } from './dto/engine.dto';
import type { Obligation, QualityReport } from './engine.entities';
import type { QualityReportResponse } from './dto/engine.dto';
import type { PersonNames } from '../organisation/person-names';

const NO_NAMES: PersonNames = new Map();

/** `names` (see person-names.ts) gives every person the answer names by id a name; the caller may see the obligation. */
export function toObligationResponse(o: Obligation, names: PersonNames = NO_NAMES): ObligationResponse {
  const name = (id: string | null) => (id ? names.get(id) ?? null : null);
  const naesteLedelseslag = o.kind === 'ledelsesopfoelgning' && o.subjectKey && names.has(o.subjectKey) ? o.subjectKey : null;
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
    responsiblePersonName: name(o.responsiblePersonId),
    responsibleRole: o.responsibleRole,
    chefPersonId: o.chefPersonId,
    chefPersonName: name(o.chefPersonId),
    leaderPersonId: o.leaderPersonId,
    leaderPersonName: name(o.leaderPersonId),
    naesteLedelseslagPersonId: naesteLedelseslag,
    naesteLedelseslagPersonName: name(naesteLedelseslag),
    scheduledOn: o.scheduledOn,
    startTime: o.startTime ?? null,
    endTime: o.endTime ?? null,
    location: o.location ?? null,
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
    version: r.version,
    ...(loopsStarted !== undefined && { loopsStarted }),
  };
}
