import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { AGE_AREAS } from '../../../../workflows/domain';
import type { AgeArea, LocalDate } from '../../../../workflows/domain';
import { HALF_YEAR_PATTERN, RELEASE_VARIANTS } from '../../../../workflows/datapakke/release.rules';
import { IsLocalDate } from '../../../common/validation';

export class CreateDatapakkeReleaseDto {
  @ApiProperty({ enum: AGE_AREAS })
  @IsIn(AGE_AREAS)
  ageArea!: AgeArea;

  @ApiProperty({ example: '2027-foraar', description: 'R42: halvåret, ÅÅÅÅ-foraar eller ÅÅÅÅ-efteraar' })
  @Matches(HALF_YEAR_PATTERN, { message: 'halfYear skal være ÅÅÅÅ-foraar eller ÅÅÅÅ-efteraar' })
  halfYear!: string;

  @ApiPropertyOptional({ enum: RELEASE_VARIANTS, description: 'R42: variant (specialtilbud, fu); tom for den almindelige' })
  @IsOptional()
  @IsIn(RELEASE_VARIANTS)
  variant?: string;

  @ApiPropertyOptional({ example: '2027-01-15', description: 'R41: offentliggørelsesdatoen (standard i dag; aldrig efter i dag)' })
  @IsOptional()
  @IsLocalDate()
  publishedOn?: LocalDate;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  note?: string;
}

export class DatapakkeReleaseResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: AGE_AREAS }) ageArea!: AgeArea;
  @ApiProperty() halfYear!: string;
  @ApiProperty() variant!: string;
  @ApiProperty() publishedOn!: LocalDate;
  @ApiProperty({ nullable: true, type: String }) note!: string | null;
  @ApiPropertyOptional({ description: 'Antal enheders datapakker, der blev offentliggjort med udgivelsen (R41)' }) published?: number;
}
