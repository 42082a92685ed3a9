import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { OBLIGATION_KINDS, OBLIGATION_STATES } from '../../../../workflows/domain';
import type { LocalDate, ObligationKind, ObligationState } from '../../../../workflows/domain';
import { PageQuery } from '../../../common/pagination';

export class UpcomingQuery extends PageQuery {
  @ApiPropertyOptional({ minimum: 1, maximum: 366, default: 60, description: 'Antal dage frem' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(366)
  days: number = 60;
}

export class UpcomingItem {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) unitId!: string;
  @ApiProperty() unitName!: string;
  @ApiProperty({ enum: OBLIGATION_KINDS }) kind!: ObligationKind;
  @ApiProperty() sequence!: number;
  @ApiProperty({ description: 'Vinduet åbner' }) opensOn!: LocalDate;
  @ApiProperty({ description: 'Frist (sidste rettidige dag)' }) dueOn!: LocalDate;
  @ApiProperty({ nullable: true, type: String, description: 'Booket dato' }) scheduledOn!: LocalDate | null;
  @ApiProperty({ enum: OBLIGATION_STATES }) state!: ObligationState;
  @ApiProperty() responsibleRole!: string;
  @ApiProperty() version!: number;
  @ApiProperty({ description: 'Næste ledelseslags person-id (R51), året (R61) eller tom' }) subjectKey!: string;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) responsiblePersonId!: string | null;
  @ApiProperty({ nullable: true, type: String }) responsiblePersonName!: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) chefPersonId!: string | null;
  @ApiProperty({ nullable: true, type: String }) chefPersonName!: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) leaderPersonId!: string | null;
  @ApiProperty({ nullable: true, type: String }) leaderPersonName!: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'uuid', description: 'R51: lederen i næste ledelseslag' }) naesteLedelseslagPersonId!: string | null;
  @ApiProperty({ nullable: true, type: String }) naesteLedelseslagPersonName!: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'uuid', description: 'R4: tilsynsenheden for en lovpligtig forpligtelse (enhedens id, når enheden ikke har registrerede tilsynsenheder); ellers null' })
  enhedId!: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'R4: tilsynsenhedens navn, som skelner enhedens besøg, rapporter osv. fra hinanden; null for enhedens implicitte tilsynsenhed og uden for tilsynet' })
  enhedName!: string | null;
}

export class UpcomingPage {
  @ApiProperty({ type: [UpcomingItem] }) items!: UpcomingItem[];
  @ApiProperty() total!: number;
}
