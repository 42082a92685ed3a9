import { Body, Controller, Get, HttpCode, Param, Post, Res, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { uuidParam } from '../../common/uuid.pipe';
import { CurrentUser, User } from '../auth';
import { AccessService } from '../obligations';
import { SkaerpetTilsynService } from './skaerpet-tilsyn.service';
import { TilsynsrapportService } from './tilsynsrapport.service';
import { BoardCommentDto, EndSkaerpetTilsynDto, OpenSkaerpetTilsynDto, RecordTilsynsrapportDto } from './tilsyn-followup.dto';

/**
 * The statutory follow-up of tilsyn: skærpet tilsyn (R95), the board's
 * comments on the handleplan (R96) and tilsynsrapporter (R93). An enhed is
 * addressed by its id, or a dagtilbud's implicit enhed by the unit's id (R4).
 * Outside one's units everything is 404.
 */
@ApiTags('tilsyn')
@ApiBearerAuth()
@Controller('api/v1')
export class TilsynFollowUpController {
  constructor(
    private readonly skaerpet: SkaerpetTilsynService,
    private readonly rapporter: TilsynsrapportService,
    private readonly access: AccessService,
  ) {}

  @Post('enheder/:id/skaerpet-tilsyn')
  @HttpCode(201)
  @ApiOperation({ summary: 'Beslut skærpet tilsyn for en enhed (R95); med handleplan oprettes den (R96). 422 R95 uden for fristen eller når en sag er åben' })
  async open(@Param('id', uuidParam) id: string, @Body() dto: OpenSkaerpetTilsynDto, @User() user: CurrentUser) {
    await this.access.assertCanSeeUnit(user, (await this.rapporter.enhed(id)).unitId);
    return this.skaerpet.open(id, dto, user);
  }

  @Get('enheder/:id/skaerpet-tilsyn')
  @ApiOperation({ summary: 'En enheds sager om skærpet tilsyn (R95) med handleplan og bestyrelsens bemærkninger (R96)' })
  async listForEnhed(@Param('id', uuidParam) id: string, @User() user: CurrentUser) {
    await this.access.assertCanSeeUnit(user, (await this.rapporter.enhed(id)).unitId);
    const { items } = await this.skaerpet.listForEnhed(id);
    return { items, total: items.length };
  }

  @Get('units/:id/skaerpet-tilsyn')
  @ApiOperation({ summary: 'Alle sager om skærpet tilsyn for en enheds tilsynsenheder (R95)' })
  async listForUnit(@Param('id', uuidParam) id: string, @User() user: CurrentUser) {
    await this.access.assertCanSeeUnit(user, id);
    const items = await this.skaerpet.listForUnit(id);
    return { items, total: items.length };
  }

  @Get('skaerpet-tilsyn/:id')
  @ApiOperation({ summary: 'En sag om skærpet tilsyn (R95, R96)' })
  async get(@Param('id', uuidParam) id: string, @User() user: CurrentUser) {
    await this.access.assertCanSeeUnit(user, await this.skaerpet.unitOf(id));
    return this.skaerpet.get(id);
  }

  @Post('skaerpet-tilsyn/:id/end')
  @HttpCode(200)
  @ApiOperation({ summary: 'Afslut skærpet tilsyn efter et holdt opfølgende tilsynsbesøg (R95); 422 R95 ellers' })
  async end(@Param('id', uuidParam) id: string, @Body() dto: EndSkaerpetTilsynDto, @User() user: CurrentUser) {
    await this.access.assertCanSeeUnit(user, await this.skaerpet.unitOf(id));
    return this.skaerpet.end(id, dto, user);
  }

  @Post('skaerpet-tilsyn/:id/bemaerkninger')
  @HttpCode(201)
  @ApiOperation({ summary: 'Registrér bestyrelsens bemærkninger til handleplanen inden for vinduet (R96); 422 R96 uden for det' })
  async comment(@Param('id', uuidParam) id: string, @Body() dto: BoardCommentDto, @User() user: CurrentUser) {
    await this.access.assertCanSeeUnit(user, await this.skaerpet.unitOf(id));
    return this.skaerpet.addComment(id, dto, user);
  }

  @Post('enheder/:id/tilsynsrapporter')
  @HttpCode(201)
  @ApiOperation({ summary: 'Registrér en offentliggjort tilsynsrapport (R93): dato og offentlig adresse; næste forfalder 2 år efter' })
  async record(@Param('id', uuidParam) id: string, @Body() dto: RecordTilsynsrapportDto, @User() user: CurrentUser) {
    await this.access.assertCanSeeUnit(user, (await this.rapporter.enhed(id)).unitId);
    return this.rapporter.record(id, dto, user);
  }

  @Get('enheder/:id/tilsynsrapporter')
  @ApiOperation({ summary: 'En enheds offentliggjorte tilsynsrapporter og næste frist (R93)' })
  async list(@Param('id', uuidParam) id: string, @User() user: CurrentUser) {
    await this.access.assertCanSeeUnit(user, (await this.rapporter.enhed(id)).unitId);
    return this.rapporter.listFor(id);
  }

  @Get('enheder/:id/tilsynsrapport.pdf')
  @ApiProduces('application/pdf')
  @ApiOperation({ summary: 'Tilsynsrapporten som tagget PDF, dannet af det registrerede (R93)' })
  async pdf(@Param('id', uuidParam) id: string, @User() user: CurrentUser, @Res({ passthrough: true }) res: Response): Promise<StreamableFile> {
    await this.access.assertCanSeeUnit(user, (await this.rapporter.enhed(id)).unitId);
    const { filename, pdf } = await this.rapporter.pdf(id);
    res.setHeader('Content-Type', 'application/pdf');
    res.setHeader('Content-Disposition', `inline; filename="${filename}"`);
    res.setHeader('Cache-Control', 'private, no-store');
    return new StreamableFile(pdf);
  }
}
