import { Body, Controller, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import type { LocalDate } from '../../../workflows/domain';
import { IsLocalDate } from '../../common/validation';
import { uuidParam } from '../../common/uuid.pipe';
import { CurrentUser, User } from '../auth';
import { AccessService } from './access.service';
import { ObligationResponse } from './dto/obligation.dto';
import { EkstraOpfoelgningService } from './ekstra-opfoelgning.service';
import { toObligationResponse } from './obligation.mapper';

export class RecordEkstraDto {
  @ApiProperty({ example: '2026-11-20', description: 'Datoen den blev holdt (ikke i fremtiden, R31)' })
  @IsLocalDate()
  heldOn!: LocalDate;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(4000)
  note?: string;
}

@ApiTags('forpligtelser')
@ApiBearerAuth()
@Controller('api/v1')
export class EkstraOpfoelgningController {
  constructor(
    private readonly ekstra: EkstraOpfoelgningService,
    private readonly access: AccessService,
  ) {}

  @Post('units/:id/ekstra-opfoelgninger')
  @ApiOperation({ summary: 'Registrér en ekstra 1:1-ledelsesopfølgning (R53); tæller med i R52' })
  @ApiOkResponse({ type: ObligationResponse })
  async record(@Param('id', uuidParam) unitId: string, @Body() dto: RecordEkstraDto, @User() user: CurrentUser) {
    await this.access.assertCanSeeUnit(user, unitId);
    return toObligationResponse(await this.ekstra.record(unitId, dto, user), undefined, user);
  }
}
