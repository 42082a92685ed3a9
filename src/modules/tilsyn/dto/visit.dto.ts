import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsOptional, IsString, IsUUID, Length, MaxLength } from 'class-validator';
import type { LocalDate, ObligationState } from '../../../../workflows/domain';
import { OBLIGATION_STATES } from '../../../../workflows/domain';
import { VISIT_ANNOUNCEMENTS, VISIT_OUTCOMES, VISIT_PARTICIPANT_ROLES, VISIT_TRIGGERS } from '../../../../workflows/tilsyn';
import type { VisitAnnouncement, VisitOutcome, VisitParticipantRole, VisitTrigger } from '../../../../workflows/tilsyn';
import { ArrayOfObjects } from '../../../common/nested-validation';
import { PageQuery } from '../../../common/pagination';
import { IsLocalDate } from '../../../common/validation';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

export class ListVisitsQuery extends PageQuery {
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID('all', { message: 'unitId skal være et uuid' }) unitId?: string;
  @ApiPropertyOptional({ format: 'uuid', description: 'En registreret enheds id, eller for den implicitte enhed enhedens (unit) id' })
  @IsOptional()
  @IsUUID('all', { message: 'enhedId skal være et uuid' })
  enhedId?: string;
  @ApiPropertyOptional({ enum: VISIT_ANNOUNCEMENTS }) @IsOptional() @IsIn(VISIT_ANNOUNCEMENTS) announcement?: VisitAnnouncement;
  @ApiPropertyOptional({ enum: OBLIGATION_STATES }) @IsOptional() @IsIn(OBLIGATION_STATES) state?: ObligationState;
  @ApiPropertyOptional({ description: 'Frist fra (inklusive)' }) @IsOptional() @IsLocalDate() from?: LocalDate;
  @ApiPropertyOptional({ description: 'Frist til (inklusive)' }) @IsOptional() @IsLocalDate() to?: LocalDate;
}

export class CreateVisitDto {
  @ApiProperty({ format: 'uuid' }) @IsUUID('all', { message: 'unitId skal være et uuid' }) unitId!: string;
  @ApiPropertyOptional({ format: 'uuid', description: 'Udelades for den implicitte enhed' })
  @IsOptional()
  @IsUUID('all', { message: 'enhedId skal være et uuid' })
  enhedId?: string;
  @ApiProperty({ enum: VISIT_ANNOUNCEMENTS }) @IsIn(VISIT_ANNOUNCEMENTS) announcement!: VisitAnnouncement;
  @ApiProperty({ enum: VISIT_TRIGGERS, example: 'bekymring' }) @IsIn(VISIT_TRIGGERS) trigger!: VisitTrigger;
  @ApiPropertyOptional({ description: 'Planlægningsvinduets start (standard: i dag)' }) @IsOptional() @IsLocalDate() opensOn?: LocalDate;
  @ApiProperty({ description: 'Sidste dag, besøget skal være holdt' }) @IsLocalDate() dueOn!: LocalDate;
  @ApiPropertyOptional({ description: 'Begrundelse (fx bekymringen)' }) @IsOptional() @Transform(trim) @IsString() @MaxLength(2000) reason?: string;
}

export class AssignInspectorDto {
  @ApiProperty({ format: 'uuid' }) @IsUUID('all', { message: 'personId skal være et uuid' }) personId!: string;
}

export class ScheduleVisitDto {
  @ApiProperty({ example: '2026-12-08' }) @IsLocalDate() date!: LocalDate;
}

export class VisitParticipantDto {
  @ApiProperty({ enum: VISIT_PARTICIPANT_ROLES }) @IsIn(VISIT_PARTICIPANT_ROLES) role!: VisitParticipantRole;
  @ApiProperty({ example: 'Lise Jensen' }) @Transform(trim) @IsString() @Length(1, 200) name!: string;
}

export class FollowUpPointDto {
  @ApiProperty() @Transform(trim) @IsString() @Length(1, 2000) text!: string;
  @ApiPropertyOptional() @IsOptional() @IsLocalDate() dueOn?: LocalDate;
}

/** R92: confirming a visit as held. */
export class CompleteVisitDto {
  @ApiProperty({ example: '2026-11-25' }) @IsLocalDate() heldOn!: LocalDate;
  @ApiProperty({ type: [String], format: 'uuid' })
  @IsArray()
  @ArrayMinSize(1, { message: 'inspectorIds skal have mindst én tilsynsførende' })
  @ArrayMaxSize(10)
  @IsUUID('all', { each: true, message: 'inspectorIds skal være uuid' })
  inspectorIds!: string[];
  @ApiProperty({ type: [String] }) @IsArray() @ArrayMaxSize(100) @IsString({ each: true }) @MaxLength(4000, { each: true }) observations!: string[];
  @ApiProperty({ type: [VisitParticipantDto] }) @ArrayOfObjects(() => VisitParticipantDto, 50) participants!: VisitParticipantDto[];
  @ApiProperty({ type: [String] }) @IsArray() @ArrayMaxSize(50) @IsString({ each: true }) @MaxLength(500, { each: true }) dataUsed!: string[];
  @ApiProperty({ enum: VISIT_OUTCOMES }) @IsIn(VISIT_OUTCOMES) outcome!: VisitOutcome;
  @ApiPropertyOptional({ type: [FollowUpPointDto] }) @IsOptional() @ArrayOfObjects(() => FollowUpPointDto, 50) followUpPoints?: FollowUpPointDto[];
}

export class VisitResponse {
  @ApiProperty({ format: 'uuid', description: 'Also the id of its obligation (kind tilsynsbesoeg)' }) id!: string;
  @ApiProperty({ format: 'uuid' }) unitId!: string;
  @ApiProperty({ format: 'uuid', description: 'R4: the enhed; for the implicit enhed the unit id' }) enhedId!: string;
  @ApiProperty({ enum: VISIT_ANNOUNCEMENTS }) announcement!: VisitAnnouncement;
  @ApiProperty({ enum: VISIT_TRIGGERS }) trigger!: VisitTrigger;
  @ApiProperty({ nullable: true, type: String, description: 'R90: the statutory cycle, e.g. 2026-2027' }) cycle!: string | null;
  @ApiProperty() opensOn!: LocalDate;
  @ApiProperty() dueOn!: LocalDate;
  @ApiProperty({ nullable: true, type: String, description: 'R91: for the unit’s people only the held date of an unannounced visit, never its planned date' }) scheduledOn!: LocalDate | null;
  @ApiProperty({ nullable: true, type: String }) heldOn!: LocalDate | null;
  @ApiProperty({ enum: OBLIGATION_STATES }) state!: ObligationState;
  @ApiProperty({ type: [String], format: 'uuid' }) inspectorIds!: string[];
  @ApiProperty({ enum: VISIT_OUTCOMES, nullable: true }) outcome!: VisitOutcome | null;
  @ApiProperty() version!: number;
}

export class VisitPage {
  @ApiProperty({ type: [VisitResponse] }) items!: VisitResponse[];
  @ApiProperty() total!: number;
}

export class VisitDetailResponse extends VisitResponse {
  @ApiProperty({ nullable: true, type: Object, description: 'R92: the recorded confirmation (observations, participants, data, follow-up points)' })
  completion!: Record<string, unknown> | null;
}

/** A booking's warning, as POST /api/v1/obligations/:id/schedule answers it (workflows/obligation/booking.rules.ts). */
export class VisitBookingWarning {
  @ApiProperty({ enum: ['foer_i_dag', 'foer_vindue', 'efter_frist'], example: 'efter_frist' }) code!: 'foer_i_dag' | 'foer_vindue' | 'efter_frist';
  @ApiProperty({ description: 'Dansk, navngiver besøgets vindue (R90/R97)', example: 'Besøget er booket efter fristen 31. dec. 2027 …' }) message!: string;
}

/** The visit after a booking, with what the booking should make its booker look at again. */
export class ScheduledVisitResponse extends VisitDetailResponse {
  @ApiProperty({
    type: [VisitBookingWarning],
    description: 'Advarsler om den bookede dato (tilladt, men bemærk): en dato før i dag, før vinduet åbner eller efter fristen (R90/R97). Tom, når datoen ligger i vinduet og ikke er passeret.',
  })
  warnings!: VisitBookingWarning[];
}
