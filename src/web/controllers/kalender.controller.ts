import { Controller, Get, HttpCode, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { type CurrentUser, User } from '../../modules/auth';
import { CalendarService } from '../../modules/calendar';
import { WebPage } from '../web-auth';

function save(req: Request): Promise<void> {
  return new Promise((resolve, reject) => req.session.save((err) => (err ? reject(err) : resolve())));
}

/**
 * Kalender, for every role: the calendar subscription of CalendarService.
 * The address holds a secret that is stored only as a hash, so it is shown
 * once, in the answer to the POST that made it (never in the session, and
 * not cached), as a full address to copy into Outlook or Google — both of
 * them, as the API answers them: `url` (what the person takes part in) and
 * `unitsUrl` (`?omfang=enheder`: everything they see in their units).
 */
@ApiExcludeController()
@WebPage()
@Controller('kalender')
export class KalenderController {
  constructor(private readonly calendar: CalendarService) {}

  @Get()
  async page(@User() user: CurrentUser, @Res() res: Response) {
    return res.render('pages/kalender', await this.model(user, null));
  }

  /** Create or regenerate: a new address; the old one stops working at once. */
  @Post()
  @HttpCode(200)
  async create(@User() user: CurrentUser, @Res() res: Response) {
    const { url, unitsUrl } = await this.calendar.createFeed(user.personId);
    res.setHeader('Cache-Control', 'no-store');
    // The service answers the absolute addresses from PUBLIC_URL, as the API does: shown as they are.
    return res.render('pages/kalender', await this.model(user, { url, unitsUrl }));
  }

  @Post('fjern')
  async remove(@User() user: CurrentUser, @Req() req: Request, @Res() res: Response) {
    await this.calendar.deleteFeed(user.personId);
    req.session.flash = { type: 'success', text: 'Kalenderabonnementet er slået fra. Den gamle adresse virker ikke længere.' };
    await save(req);
    return res.redirect(303, '/kalender');
  }

  private async model(user: CurrentUser, feed: { url: string; unitsUrl: string } | null) {
    const createdAt = await this.calendar.feedCreatedAt(user.personId);
    return {
      title: 'Kalender – Kvalitetsloop',
      feedUrl: feed?.url ?? null,
      unitsFeedUrl: feed?.unitsUrl ?? null,
      hasFeed: createdAt !== null,
      createdOn: createdAt ? createdAt.toLocaleDateString('da-DK', { timeZone: 'Europe/Copenhagen', dateStyle: 'long' }) : null,
    };
  }
}
