import { Body, Controller, Get, Param, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { uuidParam } from '../../common/uuid.pipe';
import { AdminOnly, User } from '../auth';
import type { CurrentUser } from '../auth';
import { AccessService } from '../obligations';
import { CreateEnhedDto, EnhederService, EnhedPage, EnhedResponse, UpdateEnhedDto } from '../organisation';

/** R4: the enheder of a dagtilbud (institutioner/afdelinger), the units of statutory tilsyn. */
@ApiTags('tilsyn')
@ApiBearerAuth()
@Controller('api/v1')
export class EnhederController {
  constructor(
    private readonly enheder: EnhederService,
    private readonly access: AccessService,
  ) {}

  @Get('units/:id/enheder')
  @ApiOperation({ summary: 'Enhedens tilsynsenheder (R4); uden registrerede har et dagtilbud én implicit med eget navn' })
  @ApiOkResponse({ type: EnhedPage })
  async list(@Param('id', uuidParam) unitId: string, @User() user: CurrentUser): Promise<EnhedPage> {
    await this.access.assertCanSeeUnit(user, unitId);
    const items = await this.enheder.enhederOf(unitId);
    return { items, total: items.length };
  }

  @Post('units/:id/enheder')
  @AdminOnly()
  @ApiOperation({ summary: 'Registrér en tilsynsenhed (R4: kun dagtilbud)' })
  @ApiOkResponse({ type: EnhedResponse })
  create(@Param('id', uuidParam) unitId: string, @Body() dto: CreateEnhedDto, @User() user: CurrentUser) {
    return this.enheder.create(unitId, dto, user.personId);
  }

  @Patch('enheder/:id')
  @AdminOnly()
  @ApiOperation({ summary: 'Ret eller luk en tilsynsenhed (R4); historikken bevares' })
  @ApiOkResponse({ type: EnhedResponse })
  update(@Param('id', uuidParam) id: string, @Body() dto: UpdateEnhedDto, @User() user: CurrentUser) {
    return this.enheder.update(id, dto, user.personId);
  }
}
