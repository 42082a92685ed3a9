import { Body, Controller, Get, HttpCode, Param, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { uuidParam } from '../../common/uuid.pipe';
import type { CurrentUser } from '../../modules/auth';
import { User } from '../../modules/auth';
import { AccessService } from '../../modules/obligations';
import { ReviewDto } from '../../modules/obligations';
import { ObligationsService } from '../../modules/obligations';
import { field, type FormBody, validateAs } from '../forms';
import { PageDataService } from '../page-data.service';
import { toFormRefusal, type FormError } from '../web-errors';
import { WebPage } from '../web-auth';

/** R62: the chef's review of the selvejende boards' tilsynsafrapporteringer. */
@ApiExcludeController()
@WebPage()
@Controller('tilsynsafrapporteringer')
export class TilsynChefController {
  constructor(
    private readonly obligations: ObligationsService,
    private readonly access: AccessService,
    private readonly pages: PageDataService,
  ) {}

  @Get()
  async list(@User() user: CurrentUser, @Res() res: Response) {
    return res.render('pages/tilsynsafrapporteringer', await this.page(user, {}));
  }

  /** As POST /api/v1/obligations/:id/review: only the unit's chef decides (the statechart's guard). */
  @Post(':id/vurdering')
  @HttpCode(200)
  async review(@Param('id', uuidParam) id: string, @Body() body: FormBody, @User() user: CurrentUser, @Req() req: Request, @Res() res: Response) {
    const o = await this.obligations.get(id);
    await this.access.assertCanSee(user, o);
    const decision = field(body, 'decision');
    try {
      // No choice made is a missing field ("Din vurdering mangler"), not a list of the API's codes.
      const dto = await validateAs(ReviewDto, { decision: decision || undefined });
      await this.obligations.reviewBoardReport(id, dto.decision, { ...user, chef: o.chefPersonId === user.personId });
    } catch (error) {
      const refusal = toFormRefusal(error, () => `decision-${id}`, { decision: 'Din vurdering' });
      res.status(refusal.status);
      return res.render('pages/tilsynsafrapporteringer', await this.page(user, { errors: refusal.errors, failedId: id }));
    }
    req.session.flash = {
      type: 'success',
      text: decision === 'opfoelgningsmoede' ? 'Vurderingen er gemt. Et opfølgningsmøde med bestyrelsen er oprettet som forpligtelse.' : 'Vurderingen er gemt: ingen yderligere opfølgning.',
    };
    return res.redirect(303, '/tilsynsafrapporteringer');
  }

  private async page(user: CurrentUser, extra: { errors?: FormError[]; failedId?: string }) {
    return {
      title: 'Tilsynsafrapporteringer til vurdering – Kvalitetsloop',
      reports: await this.pages.boardReportsAwaitingReview(user),
      errors: [] as FormError[],
      ...extra,
    };
  }
}
