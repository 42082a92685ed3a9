import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsEmail, IsOptional, IsString, Length, MaxLength } from 'class-validator';
import { PageQuery } from '../../../common/pagination';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

export class CreatePersonDto {
  @ApiProperty({ example: 'Mette Kjær Andersen' })
  @Transform(trim)
  @IsString()
  @Length(1, 200)
  name!: string;

  @ApiProperty({ example: 'mette.andersen@aarhus.dk', description: 'Unik uden hensyn til store/små bogstaver' })
  @Transform(trim)
  @IsEmail({}, { message: 'email skal være en gyldig e-mailadresse' })
  @MaxLength(254)
  email!: string;

  @ApiPropertyOptional({ default: false, description: 'Central forvaltning' })
  @IsOptional()
  @IsBoolean()
  admin?: boolean;

  @ApiPropertyOptional({ default: false, description: 'Kan være tilsynsførende ved tilsynsbesøg (R90)' })
  @IsOptional()
  @IsBoolean()
  tilsynsfoerende?: boolean;
}

export class UpdatePersonDto {
  @ApiPropertyOptional()
  @IsOptional()
  @Transform(trim)
  @IsString()
  @Length(1, 200)
  name?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @Transform(trim)
  @IsEmail({}, { message: 'email skal være en gyldig e-mailadresse' })
  @MaxLength(254)
  email?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  admin?: boolean;

  @ApiPropertyOptional({ description: 'Kan være tilsynsførende ved tilsynsbesøg (R90)' })
  @IsOptional()
  @IsBoolean()
  tilsynsfoerende?: boolean;
}

export class ListPeopleQuery extends PageQuery {
  @ApiPropertyOptional({ description: 'Søg i navn og e-mail' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  q?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  admin?: boolean;
}

export class PersonResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty() email!: string;
  @ApiProperty() admin!: boolean;
  @ApiProperty({ description: 'R90' }) tilsynsfoerende!: boolean;
}

export class PersonPage {
  @ApiProperty({ type: [PersonResponse] }) items!: PersonResponse[];
  @ApiProperty() total!: number;
}
