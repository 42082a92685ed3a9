import { Check, Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, Unique, UpdateDateColumn } from 'typeorm';
import type { LocalDate } from '../../../workflows/domain';

/**
 * A tilsynsenhed (R4): an institution or afdeling of a dagtilbud, the unit of
 * statutory tilsyn (R90–R93). A dagtilbud without rows here has one implicit
 * enhed with the unit's own name (see OrganisationService.enhederOf).
 * Closing sets validTo; nothing is deleted. Schema: migration 1764974000000.
 */
@Entity('enhed')
@Unique('enhed_code_unique', ['code'])
@Check('enhed_valid_period', `valid_to IS NULL OR valid_to >= valid_from`)
@Index('enhed_unit', ['unitId', 'validFrom'])
export class Enhed {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid' })
  unitId!: string;

  /** The administration's code (the import's `enhedskode`); the key for idempotent imports. */
  @Column({ type: 'varchar', length: 64 })
  code!: string;

  @Column({ type: 'varchar', length: 200, collation: 'dansk' })
  name!: string;

  @Column({ type: 'varchar', length: 300, nullable: true })
  address!: string | null;

  /** The next-layer leader on site (pædagogisk leder); an R90 impartiality tie. */
  @Column({ type: 'uuid', nullable: true })
  nextLayerLeaderPersonId!: string | null;

  @Column({ type: 'date' })
  validFrom!: LocalDate;

  /** Last day the enhed exists (inclusive); null while open. */
  @Column({ type: 'date', nullable: true })
  validTo!: LocalDate | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
