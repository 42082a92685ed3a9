import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsObject,
  ValidateNested,
  IsIn,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  MaxLength,
  Matches,
} from 'class-validator';
import { BOARD_REPORT_DECISIONS } from '../../../../workflows/board-report/board-report.machine';
import type { BoardReportDecision } from '../../../../workflows/board-report/board-report.machine';
import { AGE_AREAS, DATA_INPUTS, OBLIGATION_KINDS, OBLIGATION_STATES, PARTICIPANT_ROLES } from '../../../../workflows/domain';
import type { AgeArea, DataInput, LocalDate, ObligationKind, ObligationState, ParticipantRole, ResponsibleRole } from '../../../../workflows/domain';
import { AGREEMENT_STATUSES } from '../../../../workflows/laeringssamtale/agreement-followup.rules';
import type { AgreementStatus } from '../../../../workflows/laeringssamtale/agreement-followup.rules';
import { PageQuery } from '../../../common/pagination';
import { ArrayOfObjects } from '../../../common/nested-validation';
import { IsLocalDate } from '../../../common/validation';
import { Versioned } from '../../../common/versioned.dto';

const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

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
  @ApiProperty({ example: '2026-12-03', description: 'Den bookede dato (efter fristen er tilladt, men giver en advarsel)' })
  @IsLocalDate()
  date!: LocalDate;

  @ApiPropertyOptional({ example: '09:30', description: 'Starttid TT:MM (Europe/Copenhagen); uden den er det en heldagsbegivenhed' })
  @IsOptional()
  @Matches(TIME, { message: 'startTime skal være et klokkeslæt TT:MM' })
  startTime?: string;

  @ApiPropertyOptional({ example: '11:00', description: 'Sluttid TT:MM, efter starttiden (kræver startTime)' })
  @IsOptional()
  @Matches(TIME, { message: 'endTime skal være et klokkeslæt TT:MM' })
  endTime?: string;

  @ApiPropertyOptional({ example: 'Mødelokale 2, Ellekærskolen' })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @Length(1, 300)
  location?: string;
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

/** R94: the statutory inputs of a skoleudviklingssamtale, on its own confirmation or on a læringssamtale that covers it. */
export class SkoleudviklingDto {
  @ApiPropertyOptional({ description: 'R94: resultaterne af de obligatoriske test er brugt i samtalen (skal være true)' })
  @IsOptional()
  @IsBoolean({ message: 'obligatoryTestsUsed skal være true eller false' })
  obligatoryTestsUsed?: boolean;

  @ApiPropertyOptional({ description: 'R94: status for skolens handlingsplaner (kun krævet før lov nr. 1664 af 30/12/2024)' })
  @IsOptional()
  @IsString()
  @MaxLength(8000)
  handlingsplanerStatus?: string;

  @ApiPropertyOptional({ type: [AgreementFollowUpDto], description: 'R94: fra andet skoleår — opfølgning på hver aftale fra sidste skoleudviklingssamtale' })
  @IsOptional()
  @ArrayOfObjects(() => AgreementFollowUpDto, 50)
  previousAgreementsFollowUp?: AgreementFollowUpDto[];
}

export class CompleteDto extends Versioned {
  @ApiProperty({ example: '2026-11-20', description: 'Ikke i fremtiden, ikke før loopet begyndte' })
  @IsLocalDate()
  heldOn!: LocalDate;

  @ApiPropertyOptional({ type: [ParticipantDto], description: 'R26' })
  @IsOptional()
  @ArrayOfObjects(() => ParticipantDto, 60)
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
  @ArrayOfObjects(() => FocusAreaDto, 20)
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
  @ArrayOfObjects(() => AgreementFollowUpDto, 50)
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

  @ApiPropertyOptional({ type: SkoleudviklingDto, description: 'R94: skoleudviklingssamtalens lovpligtige punkter; på en skoles læringssamtale dækker de årets skoleudviklingssamtale' })
  @IsOptional()
  @IsObject({ message: 'skoleudvikling skal være et objekt' })
  @ValidateNested()
  @Type(() => SkoleudviklingDto)
  skoleudvikling?: SkoleudviklingDto;
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
  @ApiProperty({ format: 'uuid', nullable: true, type: String, description: 'Null for a statutory obligation (R74)' }) loopId!: string | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String, description: 'R4: the enhed of a statutory obligation (null: the implicit enhed, or a loop obligation)' }) enhedId!: string | null;
  @ApiProperty() opensOn!: LocalDate;
  @ApiProperty({ description: 'R72: sidste dag, hvor den er rettidig' }) dueOn!: LocalDate;
  @ApiProperty({ enum: OBLIGATION_STATES }) state!: ObligationState;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) responsiblePersonId!: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'Den ansvarliges navn (bestyrelseskontakten for bestyrelsens forpligtelser)' }) responsiblePersonName!: string | null;
  @ApiProperty() responsibleRole!: ResponsibleRole;
  @ApiProperty({ nullable: true, type: String, format: 'uuid', description: 'R3: chefen på forfaldsdatoen' }) chefPersonId!: string | null;
  @ApiProperty({ nullable: true, type: String }) chefPersonName!: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'uuid', description: 'R3: lederen på forfaldsdatoen' }) leaderPersonId!: string | null;
  @ApiProperty({ nullable: true, type: String }) leaderPersonName!: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'uuid', description: 'R51: lederen i næste ledelseslag, som opfølgningen er med' }) naesteLedelseslagPersonId!: string | null;
  @ApiProperty({ nullable: true, type: String }) naesteLedelseslagPersonName!: string | null;
  @ApiProperty({ nullable: true, type: String }) scheduledOn!: LocalDate | null;
  @ApiProperty({ nullable: true, type: String, example: '09:30', description: 'Bookingens starttid (Europe/Copenhagen)' }) startTime!: string | null;
  @ApiProperty({ nullable: true, type: String, example: '11:00', description: 'Bookingens sluttid (Europe/Copenhagen)' }) endTime!: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'Bookingens sted' }) location!: string | null;
  @ApiProperty({ nullable: true, type: String }) completedOn!: LocalDate | null;
  @ApiProperty({ description: 'Forsinket: overskredet eller gennemført efter forfald' }) late!: boolean;
  @ApiProperty({ nullable: true, type: String }) reason!: string | null;
  @ApiProperty() version!: number;
}

export class BookingWarning {
  @ApiProperty({ example: 'efter_frist' }) code!: string;
  @ApiProperty() message!: string;
}

export class ScheduledObligationResponse extends ObligationResponse {
  @ApiProperty({ type: [BookingWarning], description: 'Fx en booket dato efter fristen (tilladt, men forsinket)' }) warnings!: BookingWarning[];
}

export class ObligationPage {
  @ApiProperty({ type: [ObligationResponse] }) items!: ObligationResponse[];
  @ApiProperty() total!: number;
}
