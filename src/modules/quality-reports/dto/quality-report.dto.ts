import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsInt, IsOptional, IsString, Length, Max, Min } from 'class-validator';
import { AGE_AREAS } from '../../../../workflows/domain';
import type { AgeArea, LocalDate } from '../../../../workflows/domain';
import { QUALITY_REPORT_MILESTONES } from '../../../../workflows/quality-report/quality-report.machine';
import type { QualityReportMilestone } from '../../../../workflows/quality-report/quality-report.machine';
import { PLANNED_TREATMENT } from '../../../../workflows/quality-report/milestone-dates.rules';
import type { PlannedTreatment } from '../../../../workflows/quality-report/milestone-dates.rules';
import { PageQuery } from '../../../common/pagination';
import { IsLocalDate } from '../../../common/validation';
import { Versioned } from '../../../common/versioned.dto';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

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
