import { Controller, ForbiddenException, Get, Param } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import type { LocalDate } from '../../../workflows/domain';
import { Clock } from '../../common/clock';
import { NotFoundError } from '../../common/errors';
import { uuidParam } from '../../common/uuid.pipe';
import { User } from '../auth';
import type { CurrentUser } from '../auth';

export class UnitPersonResponse {
  @ApiProperty({ format: 'uuid' }) personId!: string;
  @ApiProperty() name!: string;
  @ApiProperty() email!: string;
  @ApiProperty({ enum: ['chef', 'leader', 'subLeader', 'board'] }) role!: string;
  @ApiProperty() validFrom!: LocalDate;
  @ApiProperty({ nullable: true, type: String }) validTo!: LocalDate | null;
}

export class UnitPeopleResponse {
  @ApiProperty({ format: 'uuid' }) unitId!: string;
  @ApiProperty() unitName!: string;
  @ApiProperty({ description: 'Dagens dato (Europe/Copenhagen), som tildelingerne gælder på' }) on!: LocalDate;
  @ApiProperty({ type: [UnitPersonResponse] }) people!: UnitPersonResponse[];
}

/**
 * A unit's current people (chef, leader, next-layer leaders, board contact),
 * for the unit's own chef and leader today and for administrators. Someone
 * with another role at the unit gets 403; anyone else 404 (outside one's scope
 * a unit does not exist).
 */
@ApiTags('organisation')
@ApiBearerAuth()
@Controller('api/v1')
export class UnitPeopleController {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly clock: Clock,
  ) {}

  @Get('units/:id/people')
  @ApiOperation({ summary: 'Enhedens nuværende personer (for enhedens chef og leder samt administratorer)' })
  @ApiOkResponse({ type: UnitPeopleResponse })
  async people(@Param('id', uuidParam) unitId: string, @User() user: CurrentUser): Promise<UnitPeopleResponse> {
    const today = this.clock.today();
    const [unit] = await this.db.query(`SELECT id, name FROM unit WHERE id = $1`, [unitId]);
    if (!unit) throw new NotFoundError('Enheden findes ikke');
    const people: (UnitPersonResponse & { isMe: boolean })[] = await this.db.query(
      `SELECT a.person_id AS "personId", p.name, p.email, a.role, a.valid_from::text AS "validFrom", a.valid_to::text AS "validTo",
              a.person_id = $3 AS "isMe"
         FROM assignment a JOIN person p ON p.id = a.person_id
        WHERE a.unit_id = $1 AND a.valid_from <= $2 AND (a.valid_to IS NULL OR a.valid_to >= $2)
        ORDER BY array_position(ARRAY['chef', 'leader', 'subLeader', 'board']::text[], a.role::text), p.name`,
      [unitId, today, user.personId],
    );
    if (!user.admin && !people.some((p) => p.isMe && (p.role === 'chef' || p.role === 'leader'))) {
      const [any] = await this.db.query(`SELECT 1 FROM assignment WHERE unit_id = $1 AND person_id = $2 LIMIT 1`, [unitId, user.personId]);
      if (!any) throw new NotFoundError('Enheden findes ikke');
      throw new ForbiddenException('Kun enhedens chef og leder kan se enhedens personer');
    }
    return { unitId, unitName: unit.name, on: today, people: people.map(({ isMe: _isMe, ...p }) => p) };
  }
}
