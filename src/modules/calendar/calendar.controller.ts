import { Controller, Delete, Get, Header, HttpCode, Param, Post, Query, Req, Res } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiProduces,
  ApiQuery,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Clock } from '../../common/clock';
import { ReadCache } from '../../database/read-cache';
import { CurrentUser, Public, User } from '../auth';
import { CalendarFeedResponse } from './calendar.dto';
import { CalendarScope, CalendarService, hashFeedToken, parseScope } from './calendar.service';
import { CalendarBytes, RenderedFeeds } from './rendered-feeds';

const ICS = 'text/calendar; charset=utf-8';
const icsSchema = { schema: { type: 'string', example: 'BEGIN:VCALENDAR\r\nVERSION:2.0\r\n…\r\nEND:VCALENDAR\r\n' } };

/**
 * The caller's obligations as an iCalendar (RFC 5545) calendar, and a secret
 * feed URL that Outlook or Google Calendar can subscribe to without a token.
 */
@ApiTags('kalender')
@Controller('api/v1')
export class CalendarController {
  constructor(
    private readonly calendar: CalendarService,
    private readonly feeds: RenderedFeeds,
    private readonly cache: ReadCache,
    private readonly clock: Clock,
  ) {}

  /**
   * The rendered calendar as bytes with its ETags. Per request snapshot
   * (ReadCache, under today, `who` and the scope) the person and the
   * calendar's fingerprint are looked up once; the bytes come from
   * RenderedFeeds, keyed by the calendar's content, so a commit elsewhere
   * costs one fingerprint statement, not a render. If-None-Match is still
   * answered per request.
   */
  private cached(req: Request, who: string, scope: CalendarScope, person: () => Promise<string>): Promise<CalendarBytes> {
    // One "today" for the key and the rows, also across midnight.
    const today = this.clock.today();
    return this.cache.forRequest(
      req,
      `${today}|kalender|${who}|${scope}`,
      // While the snapshot's entry lives it keeps the bytes alive, so they count here too.
      (c) => c.body.length + c.gzip.length + 64,
      async () => this.feeds.bytesFor(await person(), scope, today),
    );
  }

  @Get('me/calendar.ics')
  @ApiBearerAuth()
  @ApiProduces('text/calendar')
  @ApiOperation({
    summary: 'Mine forpligtelser som kalender (iCalendar)',
    description:
      'Som udgangspunkt de forpligtelser, jeg er ansvarlig for eller skal deltage i; med ?omfang=enheder alt i mine enheder. ' +
      'Forfald fra et år tilbage til to år frem. En booket forpligtelse på den bookede dato (med klokkeslæt som tidsbestemt begivenhed i Europe/Copenhagen), ' +
      'en gennemført på dagen, den blev holdt, ellers heldag på fristen. Annullerede og fritagne er ikke med. UID er stabil: <forpligtelsens id>@kvalitetsloop. ' +
      'Stærk ETag; If-None-Match giver 304, når intet er ændret.',
  })
  @ApiQuery({ name: 'omfang', required: false, enum: ['enheder'] })
  @ApiOkResponse({ description: 'Kalenderen', content: { 'text/calendar': icsSchema } })
  async mine(@User() user: CurrentUser, @Query('omfang') omfang: unknown, @Req() req: Request, @Res() res: Response): Promise<void> {
    const scope = parseScope(omfang);
    sendCalendar(req, res, await this.cached(req, `person|${user.personId}`, scope, async () => user.personId), 'private, no-cache');
  }

  @Post('me/calendar-feed')
  @ApiBearerAuth()
  @ApiOperation({
    summary: 'Opret (eller forny) mit kalenderabonnement',
    description: 'Returnerer en hemmelig adresse, der kan abonneres på uden token. Den vises kun én gang; oprettes en ny, holder den gamle op med at virke (401).',
  })
  @ApiCreatedResponse({ type: CalendarFeedResponse })
  @Header('Cache-Control', 'no-store')
  createFeed(@User() user: CurrentUser): Promise<CalendarFeedResponse> {
    return this.calendar.createFeed(user.personId);
  }

  @Delete('me/calendar-feed')
  @HttpCode(204)
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Slå mit kalenderabonnement fra; adressen holder op med at virke (401)' })
  @ApiNoContentResponse({ description: 'Abonnementet er slået fra' })
  async deleteFeed(@User() user: CurrentUser): Promise<void> {
    await this.calendar.deleteFeed(user.personId);
  }

  /**
   * Express 5 route syntax has no "parameter plus suffix" that is safe to
   * rely on, so the whole file name is the parameter and the service checks
   * the `.ics` suffix and the token's shape.
   */
  @Get('calendar/:file')
  @Public()
  @ApiProduces('text/calendar')
  @ApiParam({ name: 'file', description: '<kalendertoken>.ics', example: 'Zm9vYmFyYmF6cXV4cXV1eGNvcmdlZ3JhdWx0Z2FycGx5.ics' })
  @ApiOperation({
    summary: 'Kalenderabonnement (uden bearer-token)',
    description: 'Samme indhold som /api/v1/me/calendar.ics for abonnementets ejer. Et ukendt, gammelt eller misdannet token giver 401.',
  })
  @ApiOkResponse({ description: 'Kalenderen', content: { 'text/calendar': icsSchema } })
  @ApiUnauthorizedResponse({ description: 'Ukendt, udløbet eller misdannet kalenderlink' })
  @ApiQuery({ name: 'omfang', required: false, enum: ['enheder'] })
  async feed(@Param('file') file: string, @Query('omfang') omfang: unknown, @Req() req: Request, @Res() res: Response): Promise<void> {
    const scope = parseScope(omfang);
    // Keyed by the file name's hash: the token itself is not kept, and which person it names is data (covered by the snapshot).
    const calendar = await this.cached(req, `feed|${hashFeedToken(file)}`, scope, () => this.calendar.feedOwner(file));
    sendCalendar(req, res, calendar, 'private, max-age=300');
  }
}

/**
 * The calendar with its strong ETag, gzip-compressed when the client accepts
 * gzip (calendar clients do): the stored compressed bytes, never compressed
 * per request. `Vary: Accept-Encoding` either way. `304` without a body when
 * If-None-Match names the ETag of the representation the client would get.
 */
function sendCalendar(req: Request, res: Response, calendar: CalendarBytes, cacheControl: string): void {
  const gzipped = req.acceptsEncodings('gzip', 'identity') === 'gzip';
  const etag = gzipped ? calendar.gzipEtag : calendar.etag;
  res.setHeader('Content-Type', ICS);
  res.setHeader('Content-Disposition', 'inline; filename="kvalitetsloop.ics"');
  res.setHeader('Cache-Control', cacheControl);
  res.setHeader('Vary', 'Accept-Encoding');
  res.setHeader('ETag', etag);
  const ifNoneMatch = req.headers['if-none-match'];
  if (ifNoneMatch && ifNoneMatch.split(',').some((tag) => ['*', etag].includes(tag.trim().replace(/^W\//, '')))) {
    res.status(304).end();
    return;
  }
  if (gzipped) res.setHeader('Content-Encoding', 'gzip');
  // A Buffer with the ETag already set: Express writes it as it is (no second hash, no re-encoding).
  res.send(gzipped ? calendar.gzip : calendar.body);
}
