import type { ObligationResponse } from './dto/obligation.dto';
import type { Obligation } from './obligation.entities';

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
