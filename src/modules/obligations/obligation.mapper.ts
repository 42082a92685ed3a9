import type { ObligationResponse } from './dto/obligation.dto';
import type { Obligation } from './obligation.entities';
import type { PersonNames } from '../organisation';

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
    enhedId: o.enhedId,
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
