import { Body, Controller, Get, HttpCode, Param, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { uuidParam } from '../../common/uuid.pipe';
import type { CurrentUser } from '../../modules/auth';
import { User } from '../../modules/auth';
import { AccessService } from '../../modules/obligations';
import { BoardCommentDto, EndSkaerpetTilsynDto, OpenSkaerpetTilsynDto, SkaerpetTilsynService, TilsynsrapportService } from '../../modules/tilsyn';
import { IsUUID } from 'class-validator';

class EnhedIdForm {
  @IsUUID('all', { message: 'Vælg en tilsynsenhed' })
  enhedId!: string;
}
import { Clock } from '../../common/clock';
import { field, type FormBody, redirectAfterPost as redirect, validateAs } from '../forms';
import { inFieldOrder, toFormRefusal, type FormError } from '../web-errors';
import { WebPage } from '../web-auth';

const COMMENT_STATUS: Record<string, string> = {
  ikke_orienteret: 'Bestyrelsen er endnu ikke orienteret om handleplanen',
  vindue_aabent: 'Bemærkningsvinduet er åbent',
  bemaerkninger: 'Bestyrelsen har givet bemærkninger',
  ingen_bemaerkninger: 'Ingen bemærkninger (vinduet lukkede uden)',
};

/**
 * R95/R96 on the web: a skærpet tilsyn case with its handleplan and the
 * board's comments, the forms the API offers (comment, end), and the
 * tilsynsrapport PDF (R93) for a session. The same service methods as the API.
 */
@ApiExcludeController()
@WebPage()
@Controller('tilsyn')
export class SkaerpetTilsynPageController {
  constructor(
    private readonly skaerpet: SkaerpetTilsynService,
    private readonly rapporter: TilsynsrapportService,
    private readonly access: AccessService,
    private readonly clock: Clock,
  ) {}

  /** R95: as POST /api/v1/enheder/:id/skaerpet-tilsyn, from the unit page's form; a refusal goes back to that form, every problem linked to its field. */
  @Post('skaerpet')
  @HttpCode(200)
  async open(@Body() body: FormBody, @User() user: CurrentUser, @Req() req: Request, @Res() res: Response) {
    const enhedId = field(body, 'enhedId');
    const enhed = await this.rapporter.enhed(await validateAs(EnhedIdForm, { enhedId }).then((f) => f.enhedId));
    await this.access.assertCanSeeUnit(user, enhed.unitId);
    const form = {
      decidedOn: field(body, 'decidedOn'),
      foundOn: field(body, 'foundOn'),
      reason: field(body, 'reason'),
      trigger: 'anden_bekymring',
      handleplan: field(body, 'handleplan') === 'ja',
      followUpAnnouncement: field(body, 'followUpAnnouncement') || 'anmeldt',
    };
    try {
      const dto = await validateAs(OpenSkaerpetTilsynDto, { ...form, ...(form.foundOn ? {} : { foundOn: undefined }) });
      const opened = await this.skaerpet.open(enhed.key, dto, user);
      req.session.flash = { type: 'success', text: 'Skærpet tilsyn er besluttet.' };
      return redirect(req, res, `/tilsyn/skaerpet/${opened.id}`);
    } catch (error) {
      // Every problem, under the decision form's labels and linked to its fields, back on the unit page (post/redirect/get).
      const ids: Record<string, string> = { enhedId: 'skaerpet-enhedId', foundOn: 'skaerpet-foundOn', decidedOn: 'skaerpet-decidedOn', reason: 'skaerpet-reason', handleplan: 'skaerpet-handleplan' };
      const refusal = toFormRefusal(error, (_rule, f) => ids[(f ?? '').split(/[.[]/)[0]!] ?? 'skaerpet-decidedOn', { enhedId: 'Tilsynsenhed', foundOn: 'Bekymringen opstod den', decidedOn: 'Besluttet den', reason: 'Begrundelse' });
      req.session.refusedForm = {
        form: 'skaerpet',
        values: { enhedId, foundOn: form.foundOn, decidedOn: form.decidedOn, reason: form.reason, handleplan: form.handleplan ? 'ja' : '' },
        // In the form's order (the ids' order above), not the validator's.
        errors: inFieldOrder(refusal.errors, Object.values(ids)),
      };
      return redirect(req, res, `/enheder/${enhed.unitId}#skaerpet-fejl`);
    }
  }

  @Get('skaerpet/:id')
  async show(@Param('id', uuidParam) id: string, @User() user: CurrentUser, @Res() res: Response) {
    return res.render('pages/skaerpet-tilsyn', await this.model(id, user, {}));
  }

  /** R96: as POST /api/v1/skaerpet-tilsyn/:id/bemaerkninger. */
  @Post('skaerpet/:id/bemaerkninger')
  @HttpCode(200)
  async comment(@Param('id', uuidParam) id: string, @Body() body: FormBody, @User() user: CurrentUser, @Req() req: Request, @Res() res: Response) {
    await this.access.assertCanSeeUnit(user, await this.skaerpet.unitOf(id));
    const form = { receivedOn: field(body, 'receivedOn'), text: field(body, 'text') };
    try {
      await this.skaerpet.addComment(id, await validateAs(BoardCommentDto, form), user);
    } catch (error) {
      const refusal = toFormRefusal(error, (_rule, f) => (f?.startsWith('text') ? 'bemaerkning-text' : 'bemaerkning-receivedOn'), { receivedOn: 'Modtaget den', text: 'Bestyrelsens bemærkninger' });
      res.status(refusal.status);
      return res.render('pages/skaerpet-tilsyn', await this.model(id, user, { commentForm: form, commentErrors: refusal.errors }));
    }
    req.session.flash = { type: 'success', text: 'Bestyrelsens bemærkninger er registreret.' };
    return redirect(req, res, `/tilsyn/skaerpet/${id}`);
  }

  /** R95: as POST /api/v1/skaerpet-tilsyn/:id/end. */
  @Post('skaerpet/:id/afslut')
  @HttpCode(200)
  async end(@Param('id', uuidParam) id: string, @Body() body: FormBody, @User() user: CurrentUser, @Req() req: Request, @Res() res: Response) {
    await this.access.assertCanSeeUnit(user, await this.skaerpet.unitOf(id));
    const form = { decidedOn: field(body, 'decidedOn'), reason: field(body, 'reason') };
    try {
      await this.skaerpet.end(id, await validateAs(EndSkaerpetTilsynDto, form), user);
    } catch (error) {
      const refusal = toFormRefusal(error, (_rule, f) => (f?.startsWith('reason') ? 'afslut-reason' : 'afslut-decidedOn'), { decidedOn: 'Besluttet den', reason: 'Begrundelse' });
      res.status(refusal.status);
      return res.render('pages/skaerpet-tilsyn', await this.model(id, user, { endForm: form, endErrors: refusal.errors }));
    }
    req.session.flash = { type: 'success', text: 'Det skærpede tilsyn er afsluttet.' };
    return redirect(req, res, `/tilsyn/skaerpet/${id}`);
  }

  /** R93: the report as a PDF, for anyone who may see the unit. */
  @Get('rapport/:enhedId')
  async pdf(@Param('enhedId', uuidParam) enhedId: string, @User() user: CurrentUser, @Res() res: Response) {
    await this.access.assertCanSeeUnit(user, (await this.rapporter.enhed(enhedId)).unitId);
    const { filename, pdf } = await this.rapporter.pdf(enhedId);
    res.setHeader('Content-Type', 'application/pdf');
    res.setHeader('Content-Disposition', `inline; filename="${filename}"`);
    res.setHeader('Cache-Control', 'private, no-store');
    res.end(pdf);
  }

  private async model(
    id: string,
    user: CurrentUser,
    extra: { commentForm?: { receivedOn: string; text: string }; commentErrors?: FormError[]; endForm?: { decidedOn: string; reason: string }; endErrors?: FormError[] },
  ) {
    await this.access.assertCanSeeUnit(user, await this.skaerpet.unitOf(id));
    const c = await this.skaerpet.get(id);
    const rolesToday = await this.access.rolesToday(user, c.unitId);
    const today = this.clock.today();
    return {
      title: `Skærpet tilsyn – ${c.enhedName} – Kvalitetsloop`,
      c,
      commentStatus: COMMENT_STATUS[c.commentStatus] ?? c.commentStatus,
      canComment: c.commentStatus === 'vindue_aabent' && (user.admin || rolesToday.length > 0),
      canEnd: c.state === 'aaben' && (user.admin || rolesToday.includes('chef')),
      commentForm: extra.commentForm ?? { receivedOn: today, text: '' },
      commentErrors: extra.commentErrors ?? [],
      endForm: extra.endForm ?? { decidedOn: today, reason: '' },
      endErrors: extra.endErrors ?? [],
      errors: [...(extra.commentErrors ?? []), ...(extra.endErrors ?? [])],
      today,
    };
  }
}
