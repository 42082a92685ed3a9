import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import { DataSource } from 'typeorm';
import type { Governance, LocalDate, UnitType } from '../../../workflows/domain';
import { planLoopObligations } from '../../../workflows/planning/obligation-plan';
import { RAMME_VERSIONS, rammeById, rammeInForce } from '../../../workflows/ramme';
import { Clock } from '../../common/clock';
import { BadInputError, crossFieldError, NotFoundError } from '../../common/errors';
import { uuidParam } from '../../common/uuid.pipe';
import { IsLocalDate } from '../../common/validation';
import { CurrentUser, User } from '../auth';
import { AccessService } from './access.service';

export class WhatIfPlanQuery {
  @ApiPropertyOptional({ example: 'aarhus-2021', description: 'Rammeversionen; standard: den, der gælder på behandlingsdatoen' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  version?: string;

  @ApiPropertyOptional({ example: '2028-03-22', description: 'Byrådets behandlingsdato, loopet starter; standard: enhedens nuværende loops start' })
  @IsOptional()
  @IsLocalDate()
  treatedOn?: LocalDate;

  @ApiPropertyOptional({ example: '2030-03-20', description: 'Næste behandling; standard: den forventede' })
  @IsOptional()
  @IsLocalDate()
  nextTreatment?: LocalDate;
}

/**
 * R73: the framework versions, and a what-if plan: the obligations a unit's
 * loop would get under a given version and treatment date. Nothing is written;
 * it is the tool for deciding a change such as the 2024 evaluation's.
 */
@ApiTags('rammen')
@ApiBearerAuth()
@Controller('api/v1')
export class FrameworkVersionsController {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly access: AccessService,
    private readonly clock: Clock,
  ) {}

  @Get('framework-versions')
  @ApiOperation({ summary: 'Rammens versioner (R73): id, ikrafttrædelse og indstillinger' })
  list() {
    const today = this.clock.today();
    const current = rammeInForce(today).id;
    const items = RAMME_VERSIONS.map((v) => {
      const { id, effectiveFrom, description, ...settings } = v;
      return { id, effectiveFrom, description, inForceToday: id === current, settings };
    });
    return { items, total: items.length };
  }

  @Get('units/:id/plan')
  @ApiOperation({ summary: 'Hvad-nu-hvis-plan (R73): de forpligtelser enhedens loop ville få under en version og behandlingsdato; skriver intet' })
  async plan(@Param('id', uuidParam) unitId: string, @Query() query: WhatIfPlanQuery, @User() user: CurrentUser) {
    await this.access.assertCanSeeUnit(user, unitId);
    const [unit] = await this.db.query(`SELECT id, type, governance FROM unit WHERE id = $1`, [unitId]);
    if (!unit) throw new NotFoundError('Enheden findes ikke');
    let treatedOn = query.treatedOn;
    if (!treatedOn) {
      const [loop] = await this.db.query(`SELECT starts_on::text FROM learning_loop WHERE unit_id = $1 ORDER BY starts_on DESC LIMIT 1`, [unitId]);
      if (!loop) throw new BadInputError('Enheden har intet læringsloop; angiv treatedOn', [{ field: 'treatedOn', message: 'mangler' }]);
      treatedOn = loop.starts_on as LocalDate;
    }
    let ramme;
    try {
      ramme = query.version ? rammeById(query.version) : rammeInForce(treatedOn);
    } catch {
      throw query.version
        ? new BadInputError(`Ukendt rammeversion "${query.version}"`, [{ field: 'version', message: `brug ${RAMME_VERSIONS.map((v) => v.id).join(', ')}` }])
        : new BadInputError(`Ingen version af rammen gælder ${treatedOn}`, [{ field: 'treatedOn', message: 'før rammen' }]);
    }
    if (query.nextTreatment && query.nextTreatment <= treatedOn) {
      throw crossFieldError('nextTreatment', 'nextTreatment skal ligge efter treatedOn');
    }
    const subLeaders: { person_id: string }[] = await this.db.query(
      `SELECT DISTINCT person_id FROM assignment WHERE unit_id = $1 AND role = 'subLeader' AND valid_from <= $2 AND (valid_to IS NULL OR valid_to >= $2)`,
      [unitId, treatedOn],
    );
    const obligations = planLoopObligations({
      ramme,
      loopStart: treatedOn,
      unitType: unit.type as UnitType,
      governance: unit.governance as Governance,
      subLeaderIds: subLeaders.map((s) => s.person_id),
      ...(query.nextTreatment && { nextTreatment: query.nextTreatment }),
    });
    const counts: Record<string, number> = {};
    for (const o of obligations) counts[o.kind] = (counts[o.kind] ?? 0) + 1;
    return { unitId, version: ramme.id, treatedOn, written: false, counts, obligations };
  }
}
