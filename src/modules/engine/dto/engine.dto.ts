import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { BOARD_REPORT_DECISIONS } from '../../../../workflows/board-report/board-report.machine';
import type { BoardReportDecision } from '../../../../workflows/board-report/board-report.machine';
import { AGE_AREAS, DATA_INPUTS, OBLIGATION_KINDS, OBLIGATION_STATES, PARTICIPANT_ROLES } from '../../../../workflows/domain';
import type { AgeArea, DataInput, LocalDate, ObligationKind, ObligationState, ParticipantRole, ResponsibleRole } from '../../../../workflows/domain';
import { QUALITY_REPORT_MILESTONES } from '../../../../workflows/quality-report/quality-report.machine';
import type { QualityReportMilestone } from '../../../../workflows/quality-report/quality-report.machine';
import { PLANNED_TREATMENT } from '../../../../workflows/quality-report/milestone-dates.rules';
import { AGREEMENT_STATUSES } from '../../../../workflows/laeringssamtale/agreement-followup.rules';
import type { AgreementStatus } from '../../../../workflows/laeringssamtale/agreement-followup.rules';
import type { PlannedTreatment } from '../../../../workflows/quality-report/milestone-dates.rules';
import { PageQuery } from '../../../common/pagination';
import { IsLocalDate } from '../../../common/validation';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

/** Optimistic concurrency: send the version you read; a stale one answers 409. */
class Versioned {
  @ApiPropertyOptional({ description: 'Versionen du læste; ved en ældre version svares 409' })
  @IsOptional()
  @IsInt()
  @Min(1)
  version?: number;
}

export class CreateQualityReportDto {
  @ApiProperty({ enum: AGE_AREAS, example: '6-18' })
  @IsIn(AGE_AREAS)
  ageArea!: AgeArea;

  @ApiProperty({ example: 2020, description: 'R10: 6-18 i lige år, 0-6 i ulige år' })
  @IsInt()
  @Min(2000)
  @Max(2100)
  year!: number;

  @ApiProperty({ example: ['Fravær', 'Læringsmiljø', 'Faglig udvikling'] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @Length(1, 200, { each: true })
  themes!: string[];
}

export class RecordMilestoneDto extends Versioned {
  @ApiProperty({
    enum: [...QUALITY_REPORT_MILESTONES, PLANNED_TREATMENT],
    description: 'R11: i rækkefølge, dateret når den er sket (ikke i fremtiden). R13: byraad_planlagt er den forventede behandlingsdato, som kan registreres på forhånd',
  })
  @IsIn([...QUALITY_REPORT_MILESTONES, PLANNED_TREATMENT])
  milestone!: QualityReportMilestone | PlannedTreatment;

  @ApiProperty({ example: '2020-03-25' })
  @IsLocalDate()
  date!: LocalDate;
}

export class CorrectMilestoneDto extends Versioned {
  @ApiProperty({ example: '2020-03-18', description: 'R11: den rigtige dato (ikke i fremtiden)' })
  @IsLocalDate()
  date!: LocalDate;

  @ApiProperty({ example: 'Datoen var tastet forkert', description: 'R11: påkrævet; gemmes i revisionssporet' })
  @Transform(trim)
  @IsString()
  @Length(1, 2000)
  reason!: string;
}

export class QualityReportResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: AGE_AREAS }) ageArea!: AgeArea;
  @ApiProperty() year!: number;
  @ApiProperty({ type: [String] }) themes!: string[];
  @ApiProperty({ description: 'Seneste milepæl (tilstand i forløbet)' }) state!: string;
  @ApiProperty({ description: 'Datoer for de registrerede milepæle' }) milestones!: Record<string, LocalDate>;
  @ApiProperty({ nullable: true, type: String }) byraadBehandletOn!: LocalDate | null;
  @ApiProperty({ nullable: true, type: String, description: 'R13: forventet behandlingsdato (byraad_planlagt)' }) byraadPlanlagtOn!: LocalDate | null;
  @ApiProperty() version!: number;
  @ApiPropertyOptional({ description: 'Antal læringsloops startet af denne handling (R13)' }) loopsStarted?: number;
}

export class QualityReportPage {
  @ApiProperty({ type: [QualityReportResponse] }) items!: QualityReportResponse[];
  @ApiProperty() total!: number;
}

export class ListQualityReportsQuery extends PageQuery {
  @ApiPropertyOptional({ enum: AGE_AREAS })
  @IsOptional()
  @IsIn(AGE_AREAS)
  ageArea?: AgeArea;
}

export class PublishDatapakkerDto {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID('all', { message: 'unitId skal være et UUID' })
  unitId?: string;

  @ApiPropertyOptional({ enum: AGE_AREAS })
  @IsOptional()
  @IsIn(AGE_AREAS)
  ageArea?: AgeArea;

  @ApiPropertyOptional({ example: '2026-01-20', description: 'R41: offentliggørelsesdatoen (standard i dag; aldrig efter i dag)' })
  @IsOptional()
  @IsLocalDate()
  publishedOn?: LocalDate;
}

export class ScheduleDto extends Versioned {
  @ApiProperty({ example: '2026-12-03', description: 'Den bookede dato' })
  @IsLocalDate()
  date!: LocalDate;
}

export class ReasonDto extends Versioned {
  @ApiProperty({ example: 'Enheden er midlertidigt lukket', description: 'R71: påkrævet' })
  @Transform(trim)
  @IsString()
  @Length(1, 2000)
  reason!: string;
}

export class ParticipantDto {
  @ApiProperty({ enum: PARTICIPANT_ROLES })
  @IsIn(PARTICIPANT_ROLES)
  role!: ParticipantRole;

  @ApiProperty({ example: 'Mette Kjær' })
  @Transform(trim)
  @IsString()
  @Length(1, 200)
  name!: string;
}

export class FocusAreaDto {
  @ApiProperty({ example: 'Nærvær i overgangene' })
  @Transform(trim)
  @IsString()
  @Length(1, 300)
  title!: string;

  @ApiProperty({ example: 'Læringsmiljø', description: 'Et af rapportens temaer (R22)' })
  @Transform(trim)
  @IsString()
  @Length(1, 200)
  theme!: string;
}

export class AgreementFollowUpDto {
  @ApiProperty({ example: 'Fraværsopfølgning på årgangsmøder hver måned', description: 'R32: aftalen fra forrige læringssamtale, som den blev skrevet' })
  @IsString()
  @MaxLength(4000)
  agreement!: string;

  @ApiProperty({ enum: AGREEMENT_STATUSES })
  @IsIn(AGREEMENT_STATUSES)
  status!: AgreementStatus;

  @ApiProperty({ example: 'Holdt på alle årgangsmøder siden maj' })
  @IsString()
  @MaxLength(4000)
  note!: string;
}

export class CompleteDto extends Versioned {
  @ApiProperty({ example: '2026-11-20', description: 'Ikke i fremtiden, ikke før loopet begyndte' })
  @IsLocalDate()
  heldOn!: LocalDate;

  @ApiPropertyOptional({ type: [ParticipantDto], description: 'R26' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(60)
  @ValidateNested({ each: true })
  @Type(() => ParticipantDto)
  participants?: ParticipantDto[];

  @ApiPropertyOptional({ type: [String], description: 'R23: konkrete aftaler' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @MaxLength(4000, { each: true })
  agreements?: string[];

  @ApiPropertyOptional({ type: [FocusAreaDto], description: 'R22: samtale 1' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => FocusAreaDto)
  focusAreas?: FocusAreaDto[];

  @ApiPropertyOptional({ description: 'R24: samtale 1 — hvordan børnenes perspektiv inddrages' })
  @IsOptional()
  @IsString()
  @MaxLength(8000)
  childrenPerspective?: string;

  @ApiPropertyOptional({ enum: DATA_INPUTS, isArray: true, description: 'R25: A–E' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(5)
  @IsIn(DATA_INPUTS, { each: true })
  dataInputs?: DataInput[];

  @ApiPropertyOptional({ description: 'R27: bestyrelsens udtalelse (samtale 2–4)' })
  @IsOptional()
  @IsString()
  @MaxLength(8000)
  boardStatement?: string;

  @ApiPropertyOptional({ description: 'Fritekst for andre forpligtelser' })
  @IsOptional()
  @IsString()
  @MaxLength(8000)
  note?: string;

  @ApiPropertyOptional({ type: [AgreementFollowUpDto], description: 'R32: samtale 2–4 — status for hver aftale fra forrige samtale' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => AgreementFollowUpDto)
  agreementFollowUp?: AgreementFollowUpDto[];

  @ApiPropertyOptional({ description: 'R75: begrundelse, når et deltagerkrav (R27, R28) ikke blev opfyldt; samtalen registreres som en afvigelse' })
  @IsOptional()
  @IsString()
  @MaxLength(4000)
  deviationReason?: string;

  @ApiPropertyOptional({ description: 'R75: kun administrator — begrundelse for at godkende en holdt-dato uden for R31 (før vinduet, før forrige samtale)' })
  @IsOptional()
  @IsString()
  @MaxLength(4000)
  exceptionReason?: string;
}

export class ReviewDto {
  @ApiProperty({ enum: BOARD_REPORT_DECISIONS, description: 'R62' })
  @IsIn(BOARD_REPORT_DECISIONS)
  decision!: BoardReportDecision;
}

export class ListObligationsQuery extends PageQuery {
  @ApiPropertyOptional({ description: 'Forfald fra og med' })
  @IsOptional()
  @IsLocalDate()
  from?: LocalDate;

  @ApiPropertyOptional({ description: 'Forfald til og med' })
  @IsOptional()
  @IsLocalDate()
  to?: LocalDate;

  @ApiPropertyOptional({ enum: OBLIGATION_KINDS })
  @IsOptional()
  @IsIn(OBLIGATION_KINDS)
  kind?: ObligationKind;

  @ApiPropertyOptional({ enum: OBLIGATION_STATES })
  @IsOptional()
  @IsIn(OBLIGATION_STATES)
  state?: ObligationState;
}

export class ObligationResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) unitId!: string;
  @ApiProperty({ enum: OBLIGATION_KINDS }) kind!: ObligationKind;
  @ApiProperty() sequence!: number;
  @ApiProperty({ description: 'Næste ledelseslags person-id (R51), året (R61) eller tom' }) subjectKey!: string;
  @ApiProperty({ format: 'uuid' }) loopId!: string;
  @ApiProperty() opensOn!: LocalDate;
  @ApiProperty({ description: 'R72: sidste dag, hvor den er rettidig' }) dueOn!: LocalDate;
  @ApiProperty({ enum: OBLIGATION_STATES }) state!: ObligationState;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) responsiblePersonId!: string | null;
  @ApiProperty() responsibleRole!: ResponsibleRole;
  @ApiProperty({ nullable: true, type: String, format: 'uuid', description: 'R3: chefen på forfaldsdatoen' }) chefPersonId!: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'uuid', description: 'R3: lederen på forfaldsdatoen' }) leaderPersonId!: string | null;
  @ApiProperty({ nullable: true, type: String }) scheduledOn!: LocalDate | null;
  @ApiProperty({ nullable: true, type: String }) completedOn!: LocalDate | null;
  @ApiProperty({ description: 'Forsinket: overskredet eller gennemført efter forfald' }) late!: boolean;
  @ApiProperty({ nullable: true, type: String }) reason!: string | null;
  @ApiProperty() version!: number;
}

export class ObligationPage {
  @ApiProperty({ type: [ObligationResponse] }) items!: ObligationResponse[];
  @ApiProperty() total!: number;
}
