import { Check, Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, Unique, UpdateDateColumn } from 'typeorm';
import type { Governance, LocalDate, UnitType } from '../../../workflows/domain';

/** A dagtilbud, skole or FU-område (R1). Closing sets validTo; nothing is deleted. */
@Entity('unit')
@Unique('unit_code_unique', ['code'])
@Check('unit_type_known', `type IN ('dagtilbud', 'skole', 'fu')`)
@Check('unit_governance_known', `governance IN ('kommunal', 'selvejende')`)
@Check('unit_r1_only_dagtilbud_selvejende', `governance = 'kommunal' OR type = 'dagtilbud'`)
@Check('unit_valid_period', `valid_to IS NULL OR valid_to >= valid_from`)
export class Unit {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  /** The administration's own code; the key for idempotent imports. */
  @Column({ type: 'varchar', length: 64 })
  code!: string;

  @Column({ type: 'varchar', length: 200, collation: 'dansk' })
  name!: string;

  @Column({ type: 'varchar', length: 16 })
  type!: UnitType;

  @Column({ type: 'varchar', length: 16, default: 'kommunal' })
  governance!: Governance;

  @Column({ type: 'boolean', default: false })
  special!: boolean;

  @Column({ type: 'varchar', length: 100, nullable: true, collation: 'dansk' })
  district!: string | null;

  @Column({ type: 'date' })
  validFrom!: LocalDate;

  /** Last day the unit exists (inclusive); null while open. */
  @Column({ type: 'date', nullable: true })
  validTo!: LocalDate | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
