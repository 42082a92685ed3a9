import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { LocalDate } from '../../../workflows/domain';
import type { VisitOutcome } from '../../../workflows/tilsyn';

export interface HeldVisit {
  visitId: string;
  unitId: string;
  /** Null: the implicit enhed (R4). */
  enhedId: string | null;
  heldOn: LocalDate;
  outcome: Extract<VisitOutcome, 'skaerpet_tilsyn' | 'skaerpet_tilsyn_handleplan'>;
  actorPersonId: string;
}

/**
 * R95/R96: the hook where a visit's outcome `skaerpet_tilsyn` or
 * `skaerpet_tilsyn_handleplan` opens skærpet tilsyn (and the handleplan, the
 * board's orientation and the follow-up visit). Called inside the visit's
 * completion transaction, so what it writes commits or fails with it.
 * Branch `tilsyn2` fills it; until then the outcome is recorded on the visit
 * and nothing more happens.
 */
@Injectable()
export class SkaerpetTilsynHook {
  private handler: ((em: EntityManager, visit: HeldVisit) => Promise<void>) | null = null;

  /** The statutory follow-up (SkaerpetTilsynService) registers itself here when it starts. */
  handleWith(handler: (em: EntityManager, visit: HeldVisit) => Promise<void>): void {
    this.handler = handler;
  }

  async visitFoundConcern(em: EntityManager, visit: HeldVisit): Promise<void> {
    await this.handler?.(em, visit);
  }
}
