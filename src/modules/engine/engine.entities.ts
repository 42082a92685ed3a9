import { Column, Entity, PrimaryColumn, PrimaryGeneratedColumn, VersionColumn } from 'typeorm';
import type { AgeArea, LocalDate, ObligationKind, ObligationState, ResponsibleRole } from '../../../workflows/domain';
import type { PersistedMachineSnapshot } from '../../../workflows/machine-support';

/** The council's quality report for one age area and year (R10–R13); its cycle is a persisted statechart. */
@Entity('quality_report')
export class QualityReport {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column({ type: 'varchar' }) ageArea!: AgeArea;
  @Column({ type: 'int' }) year!: number;
  @Column({ type: 'jsonb' }) themes!: string[];
  @Column({ type: 'varchar' }) state!: string;
  @Column({ type: 'jsonb' }) snapshot!: PersistedMachineSnapshot;
  @Column({ type: 'int' }) machineVersion!: number;
  @VersionColumn() version!: number;
  @Column({ type: 'date', nullable: true }) byraadBehandletOn!: LocalDate | null;
  @Column({ type: 'timestamptz', default: () => 'now()' }) createdAt!: Date;
  @Column({ type: 'timestamptz', default: () => 'now()' }) updatedAt!: Date;
}

/** A unit's two-year loop between two reports of its age area (R20–R30). */
@Entity('learning_loop')
export class LearningLoop {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column({ type: 'uuid' }) unitId!: string;
  @Column({ type: 'uuid' }) qualityReportId!: string;
  @Column({ type: 'varchar' }) ageArea!: AgeArea;
  /** R73: the framework version in force when the loop started. */
  @Column({ type: 'varchar' }) rammeId!: string;
  @Column({ type: 'date' }) startsOn!: LocalDate;
  @Column({ type: 'date' }) expectedEndOn!: LocalDate;
  @Column({ type: 'date', nullable: true }) endedOn!: LocalDate | null;
  @Column({ type: 'timestamptz', nullable: true }) plannedAt!: Date | null;
  @Column({ type: 'varchar' }) state!: string;
  @Column({ type: 'jsonb' }) snapshot!: PersistedMachineSnapshot;
  @Column({ type: 'int' }) machineVersion!: number;
  @VersionColumn() version!: number;
  @Column({ type: 'timestamptz', default: () => 'now()' }) createdAt!: Date;
  @Column({ type: 'timestamptz', default: () => 'now()' }) updatedAt!: Date;
}

/** One duty of one unit (R70), its lifecycle a persisted statechart (R71). */
@Entity('obligation')
export class Obligation {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column({ type: 'uuid' }) unitId!: string;
  @Column({ type: 'uuid' }) loopId!: string;
  @Column({ type: 'varchar' }) kind!: ObligationKind;
  @Column({ type: 'int' }) sequence!: number;
  @Column({ type: 'varchar' }) subjectKey!: string;
  @Column({ type: 'date' }) opensOn!: LocalDate;
  @Column({ type: 'date' }) dueOn!: LocalDate;
  @Column({ type: 'varchar' }) responsibleRole!: ResponsibleRole;
  @Column({ type: 'uuid', nullable: true }) responsiblePersonId!: string | null;
  /** R3: the chef and leader responsible on the due date. */
  @Column({ type: 'uuid', nullable: true }) chefPersonId!: string | null;
  @Column({ type: 'uuid', nullable: true }) leaderPersonId!: string | null;
  @Column({ type: 'varchar' }) state!: ObligationState;
  @Column({ type: 'jsonb' }) snapshot!: PersistedMachineSnapshot;
  @Column({ type: 'int' }) machineVersion!: number;
  @VersionColumn() version!: number;
  @Column({ type: 'date', nullable: true }) scheduledOn!: LocalDate | null;
  @Column({ type: 'date', nullable: true }) completedOn!: LocalDate | null;
  @Column({ type: 'jsonb', nullable: true }) completion!: Record<string, unknown> | null;
  @Column({ type: 'text', nullable: true }) reason!: string | null;
  @Column({ type: 'timestamptz', default: () => 'now()' }) createdAt!: Date;
  @Column({ type: 'timestamptz', default: () => 'now()' }) updatedAt!: Date;
}

/** R62: the chef's review of a selvejende board's tilsynsafrapportering. */
@Entity('board_report_review')
export class BoardReportReview {
  @PrimaryColumn('uuid') obligationId!: string;
  @Column({ type: 'varchar' }) state!: string;
  @Column({ type: 'jsonb' }) snapshot!: PersistedMachineSnapshot;
  @Column({ type: 'int' }) machineVersion!: number;
  @VersionColumn() version!: number;
  @Column({ type: 'varchar', nullable: true }) decision!: string | null;
  @Column({ type: 'uuid', nullable: true }) decidedBy!: string | null;
  @Column({ type: 'date', nullable: true }) decidedOn!: LocalDate | null;
  @Column({ type: 'uuid', nullable: true }) followupObligationId!: string | null;
}
