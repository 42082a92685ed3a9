import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { VisitAnnouncement, VisitOutcome, VisitTrigger } from '../../../workflows/tilsyn';

/**
 * What only a statutory visit has (R90, R92), 1:1 with its obligation of kind
 * `tilsynsbesoeg`: the visit's id is the obligation's id, its state the
 * obligation's state (R71), its secrecy the obligation's (R91).
 */
@Entity('tilsyn_visit')
export class TilsynVisit {
  @PrimaryColumn('uuid') obligationId!: string;
  @Column({ type: 'uuid' }) unitId!: string;
  /** Null: the unit's implicit enhed (R4). */
  @Column({ type: 'uuid', nullable: true }) enhedId!: string | null;
  @Column({ type: 'varchar', length: 16 }) announcement!: VisitAnnouncement;
  @Column({ type: 'varchar', length: 32 }) trigger!: VisitTrigger;
  @Column({ type: 'varchar', length: 32, nullable: true }) outcome!: VisitOutcome | null;
  /** R74: the tilsynsramme version the visit was planned under. */
  @Column({ type: 'varchar', length: 64 }) tilsynsrammeId!: string;
  @Column({ type: 'timestamptz', default: () => 'now()' }) createdAt!: Date;
  @Column({ type: 'timestamptz', default: () => 'now()' }) updatedAt!: Date;
}
