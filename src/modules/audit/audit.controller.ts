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
import { AUDIT_RULES } from '../../../workflows/audit/coverage';
import { AdminOnly, User } from '../auth';
import type { CurrentUser } from '../auth';
import {
  CoverageQuery,
  CoverageResponse,
  CoverageUnitRow,
  FocusAreasQuery,
  FocusAreasResponse,
  TrailChainStatus,
  TrailPage,
  TrailQuery,
  UnitFocusAreas,
} from './audit.dto';
import { AuditService } from './audit.service';
import { TrailChainService } from './trail-chain';
import { toCsv, type CsvCell } from './csv';
import { STATUTORY_CSV_HEADER, statutoryCsvCells } from '../tilsyn';

export const COVERAGE_CSV_HEADER = [
  'enhedskode',
  'enhed',
  'type',
  'styreform',
  'distrikt',
  'chef',
  'forfaldne',
  'rettidigt',
  'for_sent',
  'overskredet',
  'aabne',
  'annulleret_fritaget',
  ...AUDIT_RULES,
  ...STATUTORY_CSV_HEADER,
] as const;

export const FOCUS_AREAS_CSV_HEADER = ['enhedskode', 'enhed', 'type', 'distrikt', 'tema', 'fokusomraade', 'afholdt', 'bekraeftet'] as const;

const NOT_APPLICABLE = '–';

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
      'Forpligtelser med forfaldsdato i [from, to]. Regeltjek R22, R24, R27, R28, R29, R41, R52 og R61 med de forpligtelser, der fejler; ' +
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
    const result = await this.audit.coverage(query, user);
    const trailChain = await this.chain.last();
    res.setHeader('X-Revisionsspor-Kontrolleret', trailChain ? `${trailChain.verifiedAt}; ${trailChain.ok ? 'ok' : `fejl ved række ${trailChain.firstBadId}`}` : 'aldrig');
    if (query.format === 'csv') {
      csvHeaders(res, `tilsynsdaekning-${result.from}-${result.to}.csv`);
      return new StreamableFile(coverageCsv(result));
    }
    return { ...result, items: result.items.slice(query.offset, query.offset + query.limit), trailChain } satisfies CoverageResponse;
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

/** The coverage audit as CSV; the web page's download uses the same function. */
export function coverageCsv(result: Pick<CoverageResponse, 'items' | 'totals'>): Buffer {
  return toCsv(COVERAGE_CSV_HEADER, [...result.items.map(coverageCsvRow), coverageTotalsCsvRow(result.totals)]);
}

function ruleCell(check: { applicable: boolean; pass: boolean } | undefined): string {
  if (!check || !check.applicable) return NOT_APPLICABLE;
  return check.pass ? 'OK' : 'Fejl';
}

function coverageCsvRow(r: CoverageUnitRow): CsvCell[] {
  return [
    r.code,
    r.name,
    r.type,
    r.governance,
    r.district,
    r.chef?.name ?? null,
    r.due,
    r.completedOnTime,
    r.completedLate,
    r.overdue,
    r.open,
    r.cancelledWaived,
    ...AUDIT_RULES.map((rule) => ruleCell(r.rules.find((c) => c.rule === rule))),
    ...statutoryCsvCells(r.statutory ?? []),
  ];
}

function coverageTotalsCsvRow(t: CoverageResponse['totals']): CsvCell[] {
  return [
    'I alt',
    `${t.units} enheder`,
    null,
    null,
    null,
    null,
    t.due,
    t.completedOnTime,
    t.completedLate,
    t.overdue,
    t.open,
    t.cancelledWaived,
    ...AUDIT_RULES.map((rule) => {
      const r = t.rules.find((x) => x.rule === rule);
      if (!r || r.passed + r.failed === 0) return NOT_APPLICABLE;
      return r.failed === 0 ? 'OK' : `Fejl (${r.failed})`;
    }),
    ...STATUTORY_CSV_HEADER.map(() => null),
  ];
}

function focusAreaCsvRows(u: UnitFocusAreas): CsvCell[][] {
  const base = [u.code, u.name, u.type, u.district];
  if (u.focusAreas.length === 0) return [[...base, null, null, u.heldOn, u.confirmedOn]];
  return u.focusAreas.map((a) => [...base, a.theme, a.title, u.heldOn, u.confirmedOn]);
}
