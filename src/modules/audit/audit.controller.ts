import { Controller, Get, HttpCode, Post, Query, Res, StreamableFile } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
  ApiUnauthorizedResponse,
  getSchemaPath,
  ApiExtraModels,
} from '@nestjs/swagger';
import type { Response } from 'express';
import { CachedRead } from '../../database/cached-read.interceptor';
import { AdminOnly, User } from '../auth';
import type { CurrentUser } from '../auth';
import {
  CoverageQuery,
  CoverageResponse,
  FocusAreasQuery,
  FocusAreasResponse,
  TrailChainStatus,
  TrailPage,
  TrailQuery,
  UnitFocusAreas,
} from './audit.dto';
import { AUDIT_RULES, STATUTORY_AUDIT_RULES } from '../../../workflows/audit/coverage';
import { danishList } from '../../../workflows/labels';
import { AuditService } from './audit.service';
import { COVERAGE_CSV_HEADER } from './coverage-csv';
import { TrailChainService } from './trail-chain';
import { toCsv, type CsvCell } from './csv';

export const FOCUS_AREAS_CSV_HEADER = ['enhedskode', 'enhed', 'type', 'distrikt', 'tema', 'fokusomraade', 'afholdt', 'bekraeftet'] as const;

function csvHeaders(res: Response, filename: string): void {
  res.setHeader('Content-Type', 'text/csv; charset=utf-8');
  res.setHeader('Content-Disposition', `attachment; filename="${filename}"`);
}

function csvSchema(description: string) {
  return { 'text/csv': { schema: { type: 'string', description } } };
}

@ApiTags('revision')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ description: 'Mangler eller ugyldigt bearer-token' })
@ApiExtraModels(CoverageResponse, FocusAreasResponse)
@Controller('api/v1')
export class AuditController {
  constructor(
    private readonly audit: AuditService,
    private readonly chain: TrailChainService,
  ) {}

  @Get('audit/coverage')
  @ApiOperation({
    summary: 'Tilsynsdækning (R80–R81): pr. enhed forfaldne, rettidige, forsinkede, overskredne, åbne, annullerede/fritagne og regeltjek',
    description:
      `Forpligtelser med forfaldsdato i [from, to]. Regeltjek ${danishList(AUDIT_RULES)} med de forpligtelser, der fejler, og de lovpligtige kontroller ${danishList(STATUTORY_AUDIT_RULES)} pr. enhed; ` +
      'noget, der endnu ikke er forfaldent, kan ikke fejle. Tilstand og bekræftelser læses fra revisionssporet (R81). ' +
      'Administratorer ser alle enheder; andre ser kun enheder, hvor de var chef i perioden (ellers en tom liste). ' +
      'format=csv giver hele udsnittet som CSV (UTF-8 med BOM, ;-separeret, CRLF) med en sumlinje til sidst.',
  })
  @ApiProduces('application/json', 'text/csv')
  @ApiOkResponse({
    content: {
      'application/json': { schema: { $ref: getSchemaPath(CoverageResponse) } },
      ...csvSchema(`Kolonner: ${COVERAGE_CSV_HEADER.join(';')}; regler som OK, Fejl eller – (ikke relevant)`),
    },
  })
  @ApiBadRequestResponse({ description: 'Ugyldige datoer, from efter to, mere end 10 år, ukendte parametre' })
  async coverage(@Query() query: CoverageQuery, @User() user: CurrentUser, @Res({ passthrough: true }) res: Response) {
    const trailChain = await this.chain.last();
    res.setHeader('X-Revisionsspor-Kontrolleret', trailChain ? `${trailChain.verifiedAt}; ${trailChain.ok ? 'ok' : `fejl ved række ${trailChain.firstBadId}`}` : 'aldrig');
    if (query.format === 'csv') {
      // Streamed from a cursor, unit by unit (issue 15): the whole country never sits in memory.
      const stream = await this.audit.openCoverageCsv(query, user);
      csvHeaders(res, `tilsynsdaekning-${query.from}-${query.to}.csv`);
      // Cut off mid-way (a failing statement after the first piece): close the connection, so the client sees an incomplete download.
      return new StreamableFile(stream).setErrorHandler((_error, response) => (response.destroy ? response.destroy() : response.end()));
    }
    const result = await this.audit.coverage(query, user);
    return { ...result, trailChain } satisfies CoverageResponse;
  }

  @Post('audit/trail/verify')
  @HttpCode(200)
  @AdminOnly()
  @ApiOperation({
    summary: 'Kontrollér revisionssporets hash-kæde (R71, R81)',
    description:
      'Genberegner hver rækkes SHA-256 over indholdet og den forrige rækkes hash og nævner den første række, der ikke passer — ' +
      'også en ændring foretaget af en superbruger uden om tjenesten. Resultatet gemmes og vises i tilsynsdækningen (trailChain).',
  })
  @ApiOkResponse({ type: TrailChainStatus })
  async verifyTrail(@User() user: CurrentUser): Promise<TrailChainStatus> {
    return this.chain.verify(user.personId);
  }

  @Get('audit/trail')
  @CachedRead()
  @ApiOperation({
    summary: 'Revisionssporet (R71, R81): hvem gjorde hvad hvornår, nyeste først',
    description: 'personId er den, der udførte handlingen. Administratorer ser alt; andre kun hændelser for forpligtelser, de selv kan se.',
  })
  @ApiOkResponse({ type: TrailPage })
  @ApiBadRequestResponse({ description: 'Ugyldige id’er eller datoer' })
  async trail(@Query() query: TrailQuery, @User() user: CurrentUser): Promise<TrailPage> {
    return this.audit.trail(query, user);
  }

  @Get('focus-areas')
  @CachedRead()
  @ApiOperation({
    summary: 'Oversigt over enhedernes lokale fokusområder til Børn og Unge-udvalget (R11, R22)',
    description:
      'For hver enhed i rapportens læringsloops: fokusområderne fra den bekræftede læringssamtale 1 med tema. ' +
      'Uden reportId: den senest byrådsbehandlede rapport for ageArea. Administratorer ser alle enheder; chefer deres egne. ' +
      'format=csv: én linje pr. fokusområde (UTF-8 med BOM, ;-separeret).',
  })
  @ApiProduces('application/json', 'text/csv')
  @ApiOkResponse({
    content: {
      'application/json': { schema: { $ref: getSchemaPath(FocusAreasResponse) } },
      ...csvSchema(`Kolonner: ${FOCUS_AREAS_CSV_HEADER.join(';')}`),
    },
  })
  @ApiBadRequestResponse({ description: 'Hverken ageArea eller reportId, eller de passer ikke sammen' })
  @ApiNotFoundResponse({ description: 'Rapporten findes ikke, eller ingen rapport er behandlet for aldersområdet' })
  async focusAreas(@Query() query: FocusAreasQuery, @User() user: CurrentUser, @Res({ passthrough: true }) res: Response) {
    const result = await this.audit.focusAreas(query, user);
    if (query.format === 'csv') {
      csvHeaders(res, `fokusomraader-${result.report.ageArea}-${result.report.year}.csv`);
      return new StreamableFile(toCsv(FOCUS_AREAS_CSV_HEADER, result.items.flatMap(focusAreaCsvRows)));
    }
    return { ...result, items: result.items.slice(query.offset, query.offset + query.limit) } satisfies FocusAreasResponse;
  }
}

function focusAreaCsvRows(u: UnitFocusAreas): CsvCell[][] {
  const base = [u.code, u.name, u.type, u.district];
  if (u.focusAreas.length === 0) return [[...base, null, null, u.heldOn, u.confirmedOn]];
  return u.focusAreas.map((a) => [...base, a.theme, a.title, u.heldOn, u.confirmedOn]);
}
