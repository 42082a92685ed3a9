import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsOptional, IsString, Length, MaxLength } from 'class-validator';
import { AGE_AREAS, GOVERNANCES, UNIT_TYPES } from '../../../../workflows/domain';
import type { AgeArea, Governance, LocalDate, UnitType } from '../../../../workflows/domain';
import { IsLocalDate } from '../../../common/validation';
import { PageQuery } from '../../../common/pagination';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

export class CreateUnitDto {
  @ApiProperty({ example: 'SK-0101', description: 'Forvaltningens enhedskode (nøgle ved import)' })
  @Transform(trim)
  @IsString()
  @Length(1, 64)
  code!: string;

  @ApiProperty({ example: 'Skjoldhøjskolen' })
  @Transform(trim)
  @IsString()
  @Length(1, 200)
  name!: string;

  @ApiProperty({ enum: UNIT_TYPES })
  @IsIn(UNIT_TYPES)
  type!: UnitType;

  @ApiPropertyOptional({ enum: GOVERNANCES, default: 'kommunal', description: 'R1: kun et dagtilbud kan være selvejende' })
  @IsOptional()
  @IsIn(GOVERNANCES)
  governance?: Governance;

  @ApiPropertyOptional({ default: false, description: 'Specialtilbud' })
  @IsOptional()
  @IsBoolean()
  special?: boolean;

  @ApiPropertyOptional({ example: 'Vest' })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(100)
  district?: string;

  @ApiProperty({ example: '2020-01-01' })
  @IsLocalDate()
  validFrom!: LocalDate;

  @ApiPropertyOptional({ example: null, description: 'Sidste dag (inklusive)' })
  @IsOptional()
  @IsLocalDate()
  validTo?: LocalDate;
}

export class UpdateUnitDto {
  @ApiPropertyOptional()
  @IsOptional()
  @Transform(trim)
  @IsString()
  @Length(1, 200)
  name?: string;

  @ApiPropertyOptional({ enum: GOVERNANCES })
  @IsOptional()
  @IsIn(GOVERNANCES)
  governance?: Governance;

  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  special?: boolean;

  @ApiPropertyOptional({ nullable: true })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(100)
  district?: string;
}

export class CloseDto {
  @ApiProperty({ example: '2026-07-31', description: 'Sidste dag (inklusive)' })
  @IsLocalDate()
  date!: LocalDate;
}

/** A slice of the organisation (R80): the unit filters that the unit list and the coverage audit share. */
export class UnitSliceQuery extends PageQuery {
  @ApiPropertyOptional({ enum: UNIT_TYPES })
  @IsOptional()
  @IsIn(UNIT_TYPES)
  type?: UnitType;

  @ApiPropertyOptional({ enum: AGE_AREAS })
  @IsOptional()
  @IsIn(AGE_AREAS)
  ageArea?: AgeArea;

  @ApiPropertyOptional({ enum: GOVERNANCES })
  @IsOptional()
  @IsIn(GOVERNANCES)
  governance?: Governance;

  @ApiPropertyOptional({ example: 'Vest', description: 'Distrikt (uden hensyn til store/små bogstaver)' })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @Length(1, 100)
  district?: string;

  @ApiPropertyOptional({ enum: ['ja', 'nej'], description: 'R80: kun specialtilbud (ja) eller kun almindelige tilbud (nej)' })
  @IsOptional()
  @IsIn(['ja', 'nej'], { message: 'special skal være ja eller nej' })
  special?: 'ja' | 'nej';
}

export class ListUnitsQuery extends UnitSliceQuery {

  @ApiPropertyOptional({ description: 'Kun enheder, der eksisterer denne dato' })
  @IsOptional()
  @IsLocalDate()
  activeOn?: LocalDate;

  @ApiPropertyOptional({ description: 'Søg i navn og kode' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  q?: string;
}

export class UnitResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() code!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ enum: UNIT_TYPES }) type!: UnitType;
  @ApiProperty({ enum: GOVERNANCES }) governance!: Governance;
  @ApiProperty() special!: boolean;
  @ApiProperty({ nullable: true, type: String }) district!: string | null;
  @ApiProperty({ enum: AGE_AREAS, description: 'R2: afledt af typen' }) ageArea!: AgeArea;
  @ApiProperty() validFrom!: LocalDate;
  @ApiProperty({ nullable: true, type: String }) validTo!: LocalDate | null;
}

export class UnitPage {
  @ApiProperty({ type: [UnitResponse] }) items!: UnitResponse[];
  @ApiProperty() total!: number;
}
