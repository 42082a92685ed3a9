import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, PrimaryGeneratedColumn, Relation, Unique, VersionColumn } from 'typeorm';
import type { AgeArea, LocalDate, ObligationKind, ObligationState, ResponsibleRole } from '../../../workflows/domain';
import type { PersistedMachineSnapshot } from '../../../workflows/machine-support';
import { Person, Unit } from '../organisation';

// The schema is owned by the migrations; the constraint, index and foreign-key
// metadata below only mirrors them, so `migration:generate` shows real changes only.
// The relation properties only declare foreign keys; the code uses the plain id columns.

/** The council's quality report for one age area and year (R10–R13); its cycle is a persisted statechart. */
@Entity('quality_report')
@Unique('quality_report_one_per_area_and_year', ['ageArea', 'year'])
@Check('quality_report_age_area_known', `age_area IN ('0-6', '6-18')`)
@Check('quality_report_r10_parity', `(age_area = '6-18') = (year % 2 = 0)`)
export class QualityReport {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column({ type: 'varchar', length: 8 }) ageArea!: AgeArea;
  @Column({ type: 'int' }) year!: number;
  @Column({ type: 'jsonb', default: () => "'[]'" }) themes!: string[];
  @Column({ type: 'varchar', length: 40 }) state!: string;
  @Column({ type: 'jsonb' }) snapshot!: PersistedMachineSnapshot;
  @Column({ type: 'int' }) machineVersion!: number;
  @VersionColumn({ default: 1 }) version!: number;
  @Column({ type: 'date', nullable: true }) byraadBehandletOn!: LocalDate | null;
  /** R13: the expected treatment date, recorded in advance (`byraad_planlagt`). */
  @Column({ type: 'date', nullable: true }) byraadPlanlagtOn!: LocalDate | null;
  @Column({ type: 'timestamptz', default: () => 'now()' }) createdAt!: Date;
  @Column({ type: 'timestamptz', default: () => 'now()' }) updatedAt!: Date;
}

/** A unit's two-year loop between two reports of its age area (R20–R30). */
@Entity('learning_loop')
@Unique('learning_loop_one_per_unit_and_report', ['unitId', 'qualityReportId'])
@Index('learning_loop_unplanned', ['rammeId', 'startsOn'], { where: 'planned_at IS NULL' })
@Index('learning_loop_state', ['state'])
export class LearningLoop {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column({ type: 'uuid' }) unitId!: string;
  @ManyToOne(() => Unit, { createForeignKeyConstraints: true })
  @JoinColumn({ name: 'unit_id', foreignKeyConstraintName: 'learning_loop_unit_id_fkey' })
  unit?: Relation<Unit>;
  @Column({ type: 'uuid' }) qualityReportId!: string;
  @ManyToOne(() => QualityReport, { createForeignKeyConstraints: true })
  @JoinColumn({ name: 'quality_report_id', foreignKeyConstraintName: 'learning_loop_quality_report_id_fkey' })
  qualityReport?: Relation<QualityReport>;
  @Column({ type: 'varchar', length: 8 }) ageArea!: AgeArea;
  /** R73: the framework version in force when the loop started. */
  @Column({ type: 'varchar', length: 64 }) rammeId!: string;
  @Column({ type: 'date' }) startsOn!: LocalDate;
  @Column({ type: 'date' }) expectedEndOn!: LocalDate;
  @Column({ type: 'date', nullable: true }) endedOn!: LocalDate | null;
  @Column({ type: 'timestamptz', nullable: true }) plannedAt!: Date | null;
  @Column({ type: 'varchar', length: 40 }) state!: string;
  @Column({ type: 'jsonb' }) snapshot!: PersistedMachineSnapshot;
  @Column({ type: 'int' }) machineVersion!: number;
  @VersionColumn({ default: 1 }) version!: number;
  @Column({ type: 'timestamptz', default: () => 'now()' }) createdAt!: Date;
  @Column({ type: 'timestamptz', default: () => 'now()' }) updatedAt!: Date;
}

/** One duty of one unit (R70), its lifecycle a persisted statechart (R71). */
@Entity('obligation')
@Unique('obligation_r70_generated_once', ['loopId', 'kind', 'sequence', 'subjectKey'])
@Check('obligation_window', `opens_on <= due_on`)
@Index('obligation_unit_due', ['unitId', 'dueOn'])
@Index('obligation_state', ['state'])
@Index('obligation_open_due', ['dueOn'], { where: `state IN ('planned', 'scheduled', 'overdue')` })
// Migration 1764970000000: one index per person column of visibility.ts, and R6's open obligations by unit.
@Index('obligation_responsible_due', ['responsiblePersonId', 'dueOn'])
@Index('obligation_chef_due', ['chefPersonId', 'dueOn'])
@Index('obligation_leader_due', ['leaderPersonId', 'dueOn'])
@Index('obligation_subject_due', ['subjectKey', 'dueOn'], { where: `kind = 'ledelsesopfoelgning'` })
@Index('obligation_unit_open', ['unitId', 'opensOn'], { where: `state IN ('planned', 'scheduled', 'overdue')` })
@Index('obligation_admin_open', ['opensOn'], { where: `responsible_role = 'admin' AND state IN ('planned', 'scheduled', 'overdue')` })
@Check('obligation_booking_times', `(end_time IS NULL OR (start_time IS NOT NULL AND end_time > start_time)) AND (start_time IS NULL OR scheduled_on IS NOT NULL)`)
export class Obligation {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column({ type: 'uuid' }) unitId!: string;
  @ManyToOne(() => Unit, { createForeignKeyConstraints: true })
  @JoinColumn({ name: 'unit_id', foreignKeyConstraintName: 'obligation_unit_id_fkey' })
  unit?: Relation<Unit>;
  /** Null for a statutory obligation (R74): it belongs to an enhed or school and a cycle, not to a loop. */
  @Column({ type: 'uuid', nullable: true }) loopId!: string | null;
  @ManyToOne(() => LearningLoop, { createForeignKeyConstraints: true })
  @JoinColumn({ name: 'loop_id', foreignKeyConstraintName: 'obligation_loop_id_fkey' })
  loop?: Relation<LearningLoop>;
  @Column({ type: 'varchar', length: 40 }) kind!: ObligationKind;
  @Column({ type: 'int' }) sequence!: number;
  @Column({ type: 'varchar', length: 64, default: '' }) subjectKey!: string;
  @Column({ type: 'date' }) opensOn!: LocalDate;
  @Column({ type: 'date' }) dueOn!: LocalDate;
  @Column({ type: 'varchar', length: 16 }) responsibleRole!: ResponsibleRole;
  @Column({ type: 'uuid', nullable: true }) responsiblePersonId!: string | null;
  @ManyToOne(() => Person, { createForeignKeyConstraints: true })
  @JoinColumn({ name: 'responsible_person_id', foreignKeyConstraintName: 'obligation_responsible_person_id_fkey' })
  responsiblePerson?: Relation<Person>;
  /** R3: the chef and leader responsible on the due date. */
  @Column({ type: 'uuid', nullable: true }) chefPersonId!: string | null;
  @ManyToOne(() => Person, { createForeignKeyConstraints: true })
  @JoinColumn({ name: 'chef_person_id', foreignKeyConstraintName: 'obligation_chef_person_id_fkey' })
  chefPerson?: Relation<Person>;
  @Column({ type: 'uuid', nullable: true }) leaderPersonId!: string | null;
  @ManyToOne(() => Person, { createForeignKeyConstraints: true })
  @JoinColumn({ name: 'leader_person_id', foreignKeyConstraintName: 'obligation_leader_person_id_fkey' })
  leaderPerson?: Relation<Person>;
  @Column({ type: 'varchar', length: 16 }) state!: ObligationState;
  @Column({ type: 'jsonb' }) snapshot!: PersistedMachineSnapshot;
  @Column({ type: 'int' }) machineVersion!: number;
  @VersionColumn({ default: 1 }) version!: number;
  @Column({ type: 'date', nullable: true }) scheduledOn!: LocalDate | null;
  /** A booking's time of day in Europe/Copenhagen ('HH:MM'); without it the booking is for the whole day. */
  @Column({ type: 'varchar', length: 5, nullable: true }) startTime!: string | null;
  @Column({ type: 'varchar', length: 5, nullable: true }) endTime!: string | null;
  @Column({ type: 'varchar', length: 300, nullable: true }) location!: string | null;
  @Column({ type: 'date', nullable: true }) completedOn!: LocalDate | null;
  @Column({ type: 'jsonb', nullable: true }) completion!: Record<string, unknown> | null;
  @Column({ type: 'text', nullable: true }) reason!: string | null;
  /** R4: the enhed of a statutory obligation; null for the unit's implicit enhed and for loop obligations. */
  @Column({ type: 'uuid', nullable: true }) enhedId!: string | null;
  /** R74/R90: the statutory cycle, e.g. `2026-2027`. */
  @Column({ type: 'varchar', length: 16, nullable: true }) statutoryCycle!: string | null;
  /** R91: an unannounced visit, hidden from the unit's people until it is held (visibility.ts). */
  @Column({ type: 'boolean', default: false }) secretUntilHeld!: boolean;
  /** R90/R91: a visit's inspectors (tilsynsførende); they see it even while secret. */
  @Column({ type: 'uuid', array: true, default: () => "'{}'" }) inspectorPersonIds!: string[];
  @Column({ type: 'timestamptz', default: () => 'now()' }) createdAt!: Date;
  @Column({ type: 'timestamptz', default: () => 'now()' }) updatedAt!: Date;
}

/** R62: the chef's review of a selvejende board's tilsynsafrapportering. */
@Entity('board_report_review')
export class BoardReportReview {
  @PrimaryColumn('uuid') obligationId!: string;
  @ManyToOne(() => Obligation, { createForeignKeyConstraints: true })
  @JoinColumn({ name: 'obligation_id', foreignKeyConstraintName: 'board_report_review_obligation_id_fkey' })
  obligation?: Relation<Obligation>;
  @Column({ type: 'varchar', length: 40 }) state!: string;
  @Column({ type: 'jsonb' }) snapshot!: PersistedMachineSnapshot;
  @Column({ type: 'int' }) machineVersion!: number;
  @VersionColumn({ default: 1 }) version!: number;
  @Column({ type: 'varchar', length: 32, nullable: true }) decision!: string | null;
  @Column({ type: 'uuid', nullable: true }) decidedBy!: string | null;
  @ManyToOne(() => Person, { createForeignKeyConstraints: true })
  @JoinColumn({ name: 'decided_by', foreignKeyConstraintName: 'board_report_review_decided_by_fkey' })
  decidedByPerson?: Relation<Person>;
  @Column({ type: 'date', nullable: true }) decidedOn!: LocalDate | null;
  @Column({ type: 'uuid', nullable: true }) followupObligationId!: string | null;
  @ManyToOne(() => Obligation, { createForeignKeyConstraints: true })
  @JoinColumn({ name: 'followup_obligation_id', foreignKeyConstraintName: 'board_report_review_followup_obligation_id_fkey' })
  followupObligation?: Relation<Obligation>;
  // Not selected: the review is returned to the API as it is loaded, and these are bookkeeping only.
  @Column({ type: 'timestamptz', default: () => 'now()', select: false }) createdAt?: Date;
  @Column({ type: 'timestamptz', default: () => 'now()', select: false }) updatedAt?: Date;
}
