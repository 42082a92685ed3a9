import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { Governance, LocalDate, UnitType } from '../../../workflows/domain';

/** A dagtilbud, skole or FU-område (R1). Closing sets validTo; nothing is deleted. */
@Entity('unit')
export class Unit {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  /** The administration's own code; the key for idempotent imports. */
  @Column({ type: 'varchar', length: 64 })
  code!: string;

  @Column({ type: 'varchar', length: 200 })
  name!: string;

  @Column({ type: 'varchar', length: 16 })
  type!: UnitType;

  @Column({ type: 'varchar', length: 16 })
  governance!: Governance;

  @Column({ type: 'boolean', default: false })
  special!: boolean;

  @Column({ type: 'varchar', length: 100, nullable: true })
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
