import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsOptional, IsString, IsUrl, IsUUID, Length, MaxLength } from 'class-validator';
import type { LocalDate } from '../../../workflows/domain';
import { SKAERPET_TRIGGERS, type SkaerpetTrigger } from '../../../workflows/tilsyn/skaerpet';
import { IsLocalDate } from '../../common/validation';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

export class OpenSkaerpetTilsynDto {
  @ApiProperty({ example: '2026-11-25', description: 'R95: beslutningens dato; senest 5 arbejdsdage efter fundet (tilsynsrammen), aldrig efter i dag' })
  @IsLocalDate()
  decidedOn!: LocalDate;

  @ApiProperty({ example: 'Bekymring for børnenes trivsel i overgangene', description: 'R95: begrundelsen' })
  @Transform(trim)
  @IsString()
  @Length(1, 4000, { message: 'reason skal udfyldes (højst 4000 tegn)' })
  reason!: string;

  @ApiProperty({ enum: SKAERPET_TRIGGERS, description: 'R95: et tilsynsbesøgs udfald (visitId kræves) eller en anden bekymring' })
  @IsIn(SKAERPET_TRIGGERS, { message: `trigger skal være en af ${SKAERPET_TRIGGERS.join(', ')}` })
  trigger!: SkaerpetTrigger;

  @ApiPropertyOptional({ format: 'uuid', description: 'Tilsynsbesøget, hvis udfald beslutningen bygger på' })
  @IsOptional()
  @IsUUID('all', { message: 'visitId skal være et UUID' })
  visitId?: string;

  @ApiPropertyOptional({ example: '2026-11-20', description: 'Dagen for fundet (standard: besøgets dato, ellers beslutningens)' })
  @IsOptional()
  @IsLocalDate()
  foundOn?: LocalDate;

  @ApiPropertyOptional({ description: 'R96: med handleplan (alvorlig bekymring); ved et besøg afgør dets udfald' })
  @IsOptional()
  @IsBoolean({ message: 'handleplan skal være true eller false' })
  handleplan?: boolean;

  @ApiPropertyOptional({ enum: ['anmeldt', 'uanmeldt'], description: 'R95: det opfølgende besøgs varsling (standard anmeldt; uanmeldt er hemmeligt, til det er holdt, R91)' })
  @IsOptional()
  @IsIn(['anmeldt', 'uanmeldt'], { message: 'followUpAnnouncement skal være anmeldt eller uanmeldt' })
  followUpAnnouncement?: 'anmeldt' | 'uanmeldt';
}

export class EndSkaerpetTilsynDto {
  @ApiProperty({ example: '2027-03-01', description: 'R95: afslutningens dato; efter et holdt opfølgende tilsynsbesøg' })
  @IsLocalDate()
  decidedOn!: LocalDate;

  @ApiProperty({ example: 'Opfølgningsbesøget viste, at handleplanen er gennemført' })
  @Transform(trim)
  @IsString()
  @Length(1, 4000, { message: 'reason skal udfyldes (højst 4000 tegn)' })
  reason!: string;
}

export class BoardCommentDto {
  @ApiProperty({ example: '2026-12-10', description: 'R96: modtaget inden for bemærkningsvinduet (14 dage efter orienteringen)' })
  @IsLocalDate()
  receivedOn!: LocalDate;

  @ApiProperty({ example: 'Bestyrelsen bakker op om handleplanen og ønsker en status til marts' })
  @Transform(trim)
  @IsString()
  @Length(1, 8000, { message: 'text skal udfyldes (højst 8000 tegn)' })
  text!: string;
}

export class RecordTilsynsrapportDto {
  @ApiProperty({ example: '2026-06-15', description: 'R93: dagen rapporten blev offentliggjort på dagtilbuddets hjemmeside' })
  @IsLocalDate()
  publishedOn!: LocalDate;

  @ApiProperty({ example: 'https://dagtilbud.aarhus.dk/trojborg/tilsynsrapport-2026.pdf', description: 'R93: den offentlige adresse (http eller https)' })
  @Transform(trim)
  @IsUrl({ protocols: ['http', 'https'], require_protocol: true, require_tld: false }, { message: 'url skal være en http- eller https-adresse' })
  @MaxLength(2000)
  url!: string;
}
