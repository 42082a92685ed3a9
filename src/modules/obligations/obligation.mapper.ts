import type { ObligationResponse } from './dto/obligation.dto';
import type { Obligation } from './obligation.entities';
import type { PersonNames } from '../organisation';
import type { CurrentUser } from '../auth';
import { seesPlannedDate } from './visibility';

const NO_NAMES: PersonNames = new Map();

/** The fields an answer is made of (a whole Obligation has them; so does the unit list's hand-mapped row). */
type ListedFields = Pick<
  Obligation,
  | 'id' | 'unitId' | 'loopId' | 'kind' | 'sequence' | 'subjectKey' | 'opensOn' | 'dueOn' | 'responsibleRole' | 'responsiblePersonId' | 'chefPersonId'
  | 'leaderPersonId' | 'state' | 'version' | 'scheduledOn' | 'startTime' | 'endTime' | 'location' | 'completedOn' | 'reason' | 'enhedId'
  | 'secretUntilHeld' | 'inspectorPersonIds'
>;

/**
 * `names` (see person-names.ts) gives every person the answer names by id a name; the caller (`viewer`) may see the
 * obligation. R91: a held unannounced visit answers without its booked date and times unless `viewer` is an
 * administrator or one of its inspectors (seesPlannedDate); without a `viewer` they are left out.
 */
export function toObligationResponse(o: ListedFields, names: PersonNames = NO_NAMES, viewer?: CurrentUser): ObligationResponse {
  const planned = seesPlannedDate(viewer, o);
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
    scheduledOn: planned ? o.scheduledOn : null,
    startTime: planned ? o.startTime ?? null : null,
    endTime: planned ? o.endTime ?? null : null,
    location: o.location ?? null,
    completedOn: o.completedOn,
    late: o.state === 'overdue' || (o.completedOn !== null && o.completedOn > o.dueOn),
    reason: o.reason,
    version: o.version,
  };
}
