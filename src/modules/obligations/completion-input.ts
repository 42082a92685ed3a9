import type { DataInput, LocalDate, ParticipantRole } from '../../../workflows/domain';
import type { AgreementFollowUp } from '../../../workflows/laeringssamtale/agreement-followup.rules';
import type { SkoleudviklingInputs } from '../../../workflows/tilsyn/skoleudvikling';

/** Who acts: a person (null for the system) and whether an administrator. */
export interface Actor {
  personId: string | null;
  admin: boolean;
}

/** A confirmation of an obligation as held/done; each kind reads what it needs. */
export interface CompletionInput {
  heldOn: LocalDate;
  participants?: { role: ParticipantRole; name: string }[];
  agreements?: string[];
  focusAreas?: { title: string; theme: string }[];
  childrenPerspective?: string;
  dataInputs?: DataInput[];
  boardStatement?: string;
  note?: string;
  /** R32: what became of each agreement of the previous samtale. */
  agreementFollowUp?: AgreementFollowUp[];
  /** R75: why a participation requirement (R27, R28) was not met; recorded as a deviation. */
  deviationReason?: string;
  /** R75: an administrator's reason for accepting a held date outside R31. */
  exceptionReason?: string;
  /** R94: the skoleudviklingssamtale's statutory inputs (on it, or on a school's læringssamtale covering it). */
  skoleudvikling?: SkoleudviklingInputs;
}
