import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsOptional, IsString, IsUUID, Length, MaxLength, ValidateIf } from 'class-validator';
import type { LocalDate } from '../../../../workflows/domain';
import { IsLocalDate } from '../../../common/validation';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

/** R4: a registered enhed of a dagtilbud. */
export class CreateEnhedDto {
  @ApiProperty({ example: 'DT-0101-A', description: 'Enhedskode (nøgle ved import), unik' })
  @Transform(trim)
  @IsString()
  @Length(1, 64)
  code!: string;

  @ApiProperty({ example: 'Børnehuset Solsikken' })
  @Transform(trim)
  @IsString()
  @Length(1, 200)
  name!: string;

  @ApiPropertyOptional({ example: 'Solsikkevej 3, 8210 Aarhus V' })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(300)
  address?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Næste ledelseslag på stedet (pædagogisk leder)' })
  @IsOptional()
  @IsUUID('all', { message: 'nextLayerLeaderPersonId skal være et uuid' })
  nextLayerLeaderPersonId?: string;

  @ApiProperty({ example: '2020-01-01' })
  @IsLocalDate()
  validFrom!: LocalDate;

  @ApiPropertyOptional({ description: 'Sidste dag (inklusive)' })
  @IsOptional()
  @IsLocalDate()
  validTo?: LocalDate;
}

/** A field sent as null is cleared (address, next-layer leader, validTo). */
export class UpdateEnhedDto {
  @ApiPropertyOptional()
  @IsOptional()
  @Transform(trim)
  @IsString()
  @Length(1, 200)
  name?: string;

  @ApiPropertyOptional({ nullable: true, type: String })
  @ValidateIf((_o, v) => v !== undefined && v !== null)
  @Transform(trim)
  @IsString()
  @MaxLength(300)
  address?: string | null;

  @ApiPropertyOptional({ format: 'uuid', nullable: true, type: String })
  @ValidateIf((_o, v) => v !== undefined && v !== null)
  @IsUUID('all', { message: 'nextLayerLeaderPersonId skal være et uuid' })
  nextLayerLeaderPersonId?: string | null;

  @ApiPropertyOptional()
  @IsOptional()
  @IsLocalDate()
  validFrom?: LocalDate;

  @ApiPropertyOptional({ nullable: true, type: String, description: 'Sidste dag (inklusive); null genåbner' })
  @ValidateIf((_o, v) => v !== undefined && v !== null)
  @IsLocalDate()
  validTo?: LocalDate | null;
}

export class EnhedResponse {
  @ApiProperty({ format: 'uuid', description: 'For den implicitte enhed: enhedens (unit) eget id' }) id!: string;
  @ApiProperty({ format: 'uuid' }) unitId!: string;
  @ApiProperty() code!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ nullable: true, type: String }) address!: string | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) nextLayerLeaderPersonId!: string | null;
  @ApiProperty() validFrom!: LocalDate;
  @ApiProperty({ nullable: true, type: String }) validTo!: LocalDate | null;
  @ApiProperty({ description: 'R4: true for the one enhed of a dagtilbud without registered enheder (its own name)' }) implicit!: boolean;
}

export class EnhedPage {
  @ApiProperty({ type: [EnhedResponse] }) items!: EnhedResponse[];
  @ApiProperty() total!: number;
}
