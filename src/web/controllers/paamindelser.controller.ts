import { Body, Controller, Get, HttpCode, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { AdminOnly, type CurrentUser, User } from '../../modules/auth';
import { DIGEST_FREQUENCIES, OutboxQuery, RemindersService, ReminderSettingsDto } from '../../modules/reminders';
import { field, type FormBody, redirectAfterPost as redirect, validateAs } from '../forms';
import { toFormRefusal } from '../web-errors';
import { WebPage } from '../web-auth';

const FREQUENCY_LABELS: Record<string, { text: string; hint: string }> = {
  dagligt: { text: 'Dagligt', hint: 'En oversigt hver morgen, når der er noget nyt' },
  ugentligt: { text: 'Ugentligt', hint: 'En samlet oversigt hver mandag' },
  fra: { text: 'Fra', hint: 'Ingen e-mails; du ser dine forpligtelser under Mit overblik' },
};

const STATUS_LABELS: Record<string, string> = {
  pending: 'Venter',
  sending: 'Sendes',
  sent: 'Sendt',
  failed: 'Fejlet',
  recorded: 'Kun registreret (ingen SMTP)',
};

const OUTBOX_PAGE_SIZE = 50;

/**
 * /mig/paamindelser: how often one gets the e-mail digest (issue 10), for
 * everyone, through the same RemindersService as PUT /api/v1/me/reminder-settings.
 * The digest's footer links here.
 */
@ApiExcludeController()
@WebPage()
@Controller('mig/paamindelser')
export class PaamindelserController {
  constructor(private readonly reminders: RemindersService) {}

  @Get()
  async page(@User() user: CurrentUser, @Res() res: Response) {
    const settings = await this.reminders.settings(user.personId);
    return res.render('pages/mig/paamindelser', this.model(settings.frequency, settings.email, []));
  }

  @Post()
  @HttpCode(200)
  async save(@Body() body: FormBody, @User() user: CurrentUser, @Req() req: Request, @Res() res: Response) {
    const frequency = field(body, 'frequency');
    try {
      const dto = await validateAs(ReminderSettingsDto, { frequency });
      await this.reminders.setFrequency(user.personId, dto.frequency);
    } catch (error) {
      const refusal = toFormRefusal(error, () => 'frequency');
      res.status(refusal.status);
      const settings = await this.reminders.settings(user.personId);
      return res.render('pages/mig/paamindelser', this.model(frequency, settings.email, refusal.errors));
    }
    req.session.flash = { type: 'success', text: `Din e-mail-oversigt er sat til: ${FREQUENCY_LABELS[frequency]!.text.toLowerCase()}.` };
    return redirect(req, res, '/mig/paamindelser');
  }

  private model(frequency: string, email: string, errors: { field?: string; text: string }[]) {
    return {
      title: 'Mine påmindelser – Kvalitetsloop',
      email,
      errors,
      items: DIGEST_FREQUENCIES.map((value) => ({ value, ...FREQUENCY_LABELS[value]!, checked: value === frequency })),
    };
  }
}

/** /admin/udbakke: the digests, sent or only recorded, as GET /api/v1/admin/outbox (newest first). */
@ApiExcludeController()
@AdminOnly()
@WebPage()
@Controller('admin/udbakke')
export class AdminUdbakkeController {
  constructor(private readonly reminders: RemindersService) {}

  @Get()
  async page(@Req() req: Request, @Res() res: Response) {
    const side = Math.max(1, Number.parseInt(String(req.query.side ?? '1'), 10) || 1);
    const q = Object.assign(new OutboxQuery(), { limit: OUTBOX_PAGE_SIZE, offset: (side - 1) * OUTBOX_PAGE_SIZE });
    const { items, total } = await this.reminders.outbox(q);
    return res.render('pages/admin/udbakke', {
      title: 'Udbakke – Kvalitetsloop',
      total,
      side,
      previous: side > 1 ? side - 1 : null,
      next: side * OUTBOX_PAGE_SIZE < total ? side + 1 : null,
      items: items.map((i) => ({ ...i, statusText: STATUS_LABELS[i.status] ?? i.status })),
    });
  }
}
