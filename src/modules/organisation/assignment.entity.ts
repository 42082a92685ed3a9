import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { AssignmentRole, LocalDate } from '../../../workflows/domain';

/**
 * A person's role at a unit for a period (R1, R3). The database refuses two
 * chefs or two leaders of one unit on the same date (exclusion constraint).
 */
@Entity('assignment')
export class Assignment {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid' })
  unitId!: string;

  @Column({ type: 'uuid' })
  personId!: string;

  @Column({ type: 'varchar', length: 16 })
  role!: AssignmentRole;

  @Column({ type: 'date' })
  validFrom!: LocalDate;

  /** Last day of the assignment (inclusive); null while open. */
  @Column({ type: 'date', nullable: true })
  validTo!: LocalDate | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
