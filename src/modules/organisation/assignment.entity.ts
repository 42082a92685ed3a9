import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Exclusion,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  Relation,
  UpdateDateColumn,
} from 'typeorm';
import type { AssignmentRole, LocalDate } from '../../../workflows/domain';
import { Person } from './person.entity';
import { Unit } from './unit.entity';

/**
 * A person's role at a unit for a period (R1, R3). The database refuses two
 * chefs or two leaders of one unit on the same date (exclusion constraint).
 */
@Entity('assignment')
@Check('assignment_role_known', `role IN ('chef', 'leader', 'subLeader', 'board')`)
@Check('assignment_valid_period', `valid_to IS NULL OR valid_to >= valid_from`)
@Exclusion(
  'assignment_r1_one_chef_one_leader',
  `USING gist (unit_id WITH =, role WITH =, daterange(valid_from, valid_to, '[]') WITH &&) WHERE (role IN ('chef', 'leader'))`,
)
@Exclusion(
  'assignment_no_overlapping_duplicate',
  `USING gist (unit_id WITH =, person_id WITH =, role WITH =, daterange(valid_from, valid_to, '[]') WITH &&)`,
)
// Migration 1764970000000: (person_id, role) INCLUDE (valid_from, valid_to, unit_id), for R6's index-only lookup.
@Index('assignment_person_role', ['personId', 'role'])
@Index('assignment_unit_role', ['unitId', 'role', 'validFrom'])
@Index('assignment_updated', ['updatedAt'])
export class Assignment {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid' })
  unitId!: string;

  /** Only declares the foreign key; not loaded by the code (use unitId). */
  @ManyToOne(() => Unit, { createForeignKeyConstraints: true })
  @JoinColumn({ name: 'unit_id', foreignKeyConstraintName: 'assignment_unit_id_fkey' })
  unit?: Relation<Unit>;

  @Column({ type: 'uuid' })
  personId!: string;

  /** Only declares the foreign key; not loaded by the code (use personId). */
  @ManyToOne(() => Person, { createForeignKeyConstraints: true })
  @JoinColumn({ name: 'person_id', foreignKeyConstraintName: 'assignment_person_id_fkey' })
  person?: Relation<Person>;

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
