import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { StatutoryAuditRowDto } from '../tilsyn';
import { IsIn, IsInt, IsOptional, IsString, IsUUID, Max, MaxLength, Min } from 'class-validator';
import { Type } from 'class-transformer';
import { AUDIT_RULES } from '../../../workflows/audit/coverage';
import type { AuditRule } from '../../../workflows/audit/coverage';
import { AGE_AREAS, GOVERNANCES, OBLIGATION_KINDS, UNIT_TYPES } from '../../../workflows/domain';
import type { AgeArea, Governance, LocalDate, UnitType } from '../../../workflows/domain';
import { MAX_PAGE_SIZE, PageQuery } from '../../common/pagination';
import { IsLocalDate } from '../../common/validation';
import { UnitSliceQuery } from '../organisation';

export const EXPORT_FORMATS = ['json', 'csv'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

// ---- GET /api/v1/audit/coverage --------------------------------------------------

export class CoverageQuery extends UnitSliceQuery {
  @ApiProperty({ type: String, format: 'date', example: '2021-01-01', description: 'Periodens første dag (forfaldsdato fra og med)' })
  @IsLocalDate()
  from!: LocalDate;

  @ApiProperty({ type: String, format: 'date', example: '2021-12-31', description: 'Periodens sidste dag (forfaldsdato til og med); højst 10 år efter from' })
  @IsLocalDate()
  to!: LocalDate;

  @ApiPropertyOptional({ format: 'uuid', description: 'Kun denne enhed' })
  @IsOptional()
  @IsUUID('all', { message: 'unitId skal være et UUID' })
  unitId?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Kun enheder, hvor personen var chef i perioden, og kun forpligtelser fra dennes tid som chef (R3)' })
  @IsOptional()
  @IsUUID('all', { message: 'chefId skal være et UUID' })
  chefId?: string;

  @ApiPropertyOptional({ enum: EXPORT_FORMATS, default: 'json', description: 'csv: hele udsnittet (limit/offset gælder ikke), UTF-8 med BOM, ;-separeret' })
  @IsOptional()
  @IsIn(EXPORT_FORMATS)
  format: ExportFormat = 'json';

  @ApiPropertyOptional({ minimum: 1, maximum: MAX_PAGE_SIZE, default: MAX_PAGE_SIZE })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE_SIZE)
  override limit: number = MAX_PAGE_SIZE;
}

export class ChefRef {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
}

export class FailingObligationDto {
  @ApiProperty({ nullable: true, type: String, format: 'uuid', description: 'Forpligtelsen, der fejler (null: reglen fejler for året som helhed)' })
  obligationId!: string | null;
  @ApiProperty({ nullable: true, type: String, enum: OBLIGATION_KINDS }) kind!: string | null;
  @ApiProperty({ nullable: true, type: Number }) sequence!: number | null;
  @ApiProperty() message!: string;
}

export class RuleCheckDto {
  @ApiProperty({ enum: AUDIT_RULES }) rule!: AuditRule;
  @ApiProperty({ description: 'Falsk, når perioden intet indeholdt, reglen kunne bedømme ("–" i CSV)' }) applicable!: boolean;
  @ApiProperty({ description: 'Sand, når intet fejler (også når reglen ikke er relevant)' }) pass!: boolean;
  @ApiProperty({ description: 'Antal bedømte forpligtelser, loops eller år' }) checked!: number;
  @ApiProperty({ type: [FailingObligationDto] }) failing!: FailingObligationDto[];
}

export class CancelledOrWaivedDto {
  @ApiProperty({ format: 'uuid' }) obligationId!: string;
  @ApiProperty({ enum: OBLIGATION_KINDS }) kind!: string;
  @ApiProperty() sequence!: number;
  @ApiProperty({ type: String, format: 'date', example: '2021-06-30' }) dueOn!: LocalDate;
  @ApiProperty({ enum: ['cancelled', 'waived'] }) state!: 'cancelled' | 'waived';
  @ApiProperty({ nullable: true, type: String }) reason!: string | null;
}

export class CoverageCounts {
  @ApiProperty({ description: 'Forpligtelser med forfaldsdato i perioden (summen af de fem næste)' }) due!: number;
  @ApiProperty({ description: 'Gennemført senest på forfaldsdatoen' }) completedOnTime!: number;
  @ApiProperty({ description: 'Gennemført efter forfaldsdatoen' }) completedLate!: number;
  @ApiProperty({ description: 'Ikke gennemført, og forfaldsdatoen er passeret' }) overdue!: number;
  @ApiProperty({ description: 'Planlagt eller booket, forfaldsdatoen er ikke passeret' }) open!: number;
  @ApiProperty({ description: 'Annulleret eller fritaget af en administrator' }) cancelledWaived!: number;
}

export class CoverageUnitRow extends CoverageCounts {
  @ApiProperty({ format: 'uuid' }) unitId!: string;
  @ApiProperty() code!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ enum: UNIT_TYPES }) type!: UnitType;
  @ApiProperty({ enum: GOVERNANCES }) governance!: Governance;
  @ApiProperty({ nullable: true, type: String }) district!: string | null;
  @ApiProperty({ enum: AGE_AREAS }) ageArea!: AgeArea;
  @ApiProperty({ type: ChefRef, nullable: true, description: 'Chefen på periodens sidste dag, ellers den seneste i perioden (i et chef-udsnit: den chef)' })
  chef!: ChefRef | null;
  @ApiProperty({ type: [CancelledOrWaivedDto], description: 'De annullerede og fritagne med begrundelse' })
  cancelledWaivedItems!: CancelledOrWaivedDto[];
  @ApiProperty({ type: [RuleCheckDto], description: AUDIT_RULES.join(', ') })
  rules!: RuleCheckDto[];
  @ApiProperty({
    type: [String],
    description: 'R81: forpligtelser, hvis gemte tilstand ikke stemmer med revisionssporet (auditten følger sporet)',
  })
  trailMismatches!: string[];
  @ApiProperty({ type: [StatutoryAuditRowDto], description: 'R93–R96: de lovpligtige kontroller pr. tilsynsenhed (dagtilbud) eller skole, på periodens sidste dag (højst i dag)' })
  statutory!: StatutoryAuditRowDto[];
}

export class RuleTotalDto {
  @ApiProperty({ enum: AUDIT_RULES }) rule!: AuditRule;
  @ApiProperty({ description: 'Enheder, hvor reglen er opfyldt' }) passed!: number;
  @ApiProperty({ description: 'Enheder, hvor reglen fejler' }) failed!: number;
  @ApiProperty({ description: 'Enheder, hvor reglen ikke er relevant i perioden' }) notApplicable!: number;
}

export class CoverageTotals extends CoverageCounts {
  @ApiProperty({ description: 'Enheder i udsnittet' }) units!: number;
  @ApiProperty({ type: [RuleTotalDto] }) rules!: RuleTotalDto[];
  @ApiProperty({ description: 'R81: forpligtelser i alt, hvis gemte tilstand ikke stemmer med revisionssporet' }) trailMismatches!: number;
}

export class TrailChainStatus {
  @ApiProperty({ description: 'Sand, når kæden holdt ved kontrollen' }) ok!: boolean;
  @ApiProperty({ type: String, format: 'date-time', description: 'Hvornår kæden sidst blev kontrolleret' }) verifiedAt!: string;
  @ApiProperty({ description: 'Antal kontrollerede rækker' }) rowsChecked!: number;
  @ApiProperty({ nullable: true, type: Number, description: 'Den første række (transition-id), der ikke passer' }) firstBadId!: number | null;
  @ApiProperty({ nullable: true, type: String, description: 'Hvad der er galt med rækken' }) reason!: string | null;
}

export class CoverageResponse {
  @ApiProperty({ type: String, format: 'date', example: '2021-01-01' }) from!: LocalDate;
  @ApiProperty({ type: String, format: 'date', example: '2021-12-31' }) to!: LocalDate;
  @ApiProperty({ type: [CoverageUnitRow] }) items!: CoverageUnitRow[];
  @ApiProperty({ description: 'Enheder i udsnittet, uden hensyn til limit/offset' }) total!: number;
  @ApiProperty({ type: CoverageTotals, description: 'Summen over hele udsnittet' }) totals!: CoverageTotals;
  @ApiProperty({
    type: TrailChainStatus,
    nullable: true,
    description: 'Seneste kontrol af revisionssporets hash-kæde (R81; npm run audit:verify eller POST /api/v1/audit/trail/verify); null: aldrig kontrolleret',
  })
  trailChain!: TrailChainStatus | null;
}

// ---- GET /api/v1/audit/trail ----------------------------------------------------

export class TrailQuery extends PageQuery {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID('all', { message: 'obligationId skal være et UUID' })
  obligationId?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID('all', { message: 'unitId skal være et UUID' })
  unitId?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Den person, der udførte handlingen' })
  @IsOptional()
  @IsUUID('all', { message: 'personId skal være et UUID' })
  personId?: string;

  @ApiPropertyOptional({ type: String, format: 'date', example: '2021-01-01', description: 'Fra og med denne dag (Europe/Copenhagen)' })
  @IsOptional()
  @IsLocalDate()
  from?: LocalDate;

  @ApiPropertyOptional({ type: String, format: 'date', example: '2021-12-31', description: 'Til og med denne dag (Europe/Copenhagen)' })
  @IsOptional()
  @IsLocalDate()
  to?: LocalDate;

  @ApiPropertyOptional({
    description: 'Markøren next fra den forrige side: de næste rækker efter den (nyeste først, efter tidspunkt og løbenummer). Kan ikke kombineres med offset.',
  })
  @IsOptional()
  @IsString({ message: 'after skal være en markør (tekst)' })
  @MaxLength(200, { message: 'after er for lang' })
  after?: string;
}

export class TrailItem {
  @ApiProperty({ description: 'Løbenummer (bigint som tekst)', example: '42' }) id!: string;
  @ApiProperty({ format: 'date-time' }) at!: string;
  @ApiProperty({ nullable: true, type: String, format: 'uuid', description: 'null: planlæggeren (systemet)' }) actorPersonId!: string | null;
  @ApiProperty({ nullable: true, type: String }) actorName!: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) unitId!: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) obligationId!: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) loopId!: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) qualityReportId!: string | null;
  @ApiProperty({ example: 'COMPLETE' }) event!: string;
  @ApiProperty({ nullable: true, type: String }) fromState!: string | null;
  @ApiProperty() toState!: string;
  @ApiProperty({ nullable: true, type: String }) reason!: string | null;
  @ApiProperty({ nullable: true, type: Object, description: 'Hændelsens data, fx den bekræftede samtale' }) payload!: unknown;
}

export class TrailPage {
  @ApiProperty({ type: [TrailItem] }) items!: TrailItem[];
  @ApiProperty({ description: 'Antal rækker, der passer på filtrene, talt op til 10.000' }) total!: number;
  @ApiPropertyOptional({ description: 'Kun når total er nået loftet på 10.000: der er mindst så mange' }) totalCapped?: boolean;
  @ApiPropertyOptional({ description: 'Kun når flere rækker følger: markøren til næste side (?after=…)' }) next?: string;
}

// ---- GET /api/v1/focus-areas ----------------------------------------------------

export class FocusAreasQuery extends PageQuery {
  @ApiPropertyOptional({ enum: AGE_AREAS, description: 'Uden reportId: den senest byrådsbehandlede rapport for aldersområdet' })
  @IsOptional()
  @IsIn(AGE_AREAS)
  ageArea?: AgeArea;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID('all', { message: 'reportId skal være et UUID' })
  reportId?: string;

  @ApiPropertyOptional({ enum: EXPORT_FORMATS, default: 'json', description: 'csv: alle enheder (limit/offset gælder ikke), én linje pr. fokusområde' })
  @IsOptional()
  @IsIn(EXPORT_FORMATS)
  format: ExportFormat = 'json';

  @ApiPropertyOptional({ minimum: 1, maximum: MAX_PAGE_SIZE, default: MAX_PAGE_SIZE })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE_SIZE)
  override limit: number = MAX_PAGE_SIZE;
}

export class FocusAreaItem {
  @ApiProperty() title!: string;
  @ApiProperty({ description: 'Et af rapportens temaer (R22)' }) theme!: string;
}

export class FocusAreaReport {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: AGE_AREAS }) ageArea!: AgeArea;
  @ApiProperty() year!: number;
  @ApiProperty({ type: [String] }) themes!: string[];
}

export class UnitFocusAreas {
  @ApiProperty({ format: 'uuid' }) unitId!: string;
  @ApiProperty() code!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ enum: UNIT_TYPES }) type!: UnitType;
  @ApiProperty({ nullable: true, type: String }) district!: string | null;
  @ApiProperty({ format: 'uuid' }) loopId!: string;
  @ApiProperty({ type: [FocusAreaItem], description: 'Tom, indtil læringssamtale 1 er bekræftet' }) focusAreas!: FocusAreaItem[];
  @ApiProperty({ nullable: true, type: String, format: 'date', description: 'Dagen, samtale 1 blev holdt' }) heldOn!: LocalDate | null;
  @ApiProperty({ nullable: true, type: String, format: 'date', description: 'Dagen, samtale 1 blev bekræftet (revisionssporet)' }) confirmedOn!: LocalDate | null;
}

export class FocusAreasResponse {
  @ApiProperty({ type: FocusAreaReport }) report!: FocusAreaReport;
  @ApiProperty({ type: [UnitFocusAreas] }) items!: UnitFocusAreas[];
  @ApiProperty() total!: number;
}
