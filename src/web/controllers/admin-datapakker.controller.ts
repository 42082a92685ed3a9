import { Body, Controller, Get, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { AdminOnly } from '../../modules/auth';
import { type CurrentUser, User } from '../../modules/auth';
import { PublishDatapakkerDto } from '../../modules/obligations';
import { DatapakkeJob, ObligationsService } from '../../modules/obligations';
import { AGE_AREA_LABELS, AGE_AREA_OPTIONS } from '../admin-labels';
import { nonEmpty, refusalErrors, str, validateInput } from '../admin-forms';
import { AdminLookups } from '../admin-lookups';
import type { FormError } from '../web-errors';
import { WebPage } from '../web-auth';

function save(req: Request): Promise<void> {
  return new Promise((resolve, reject) => req.session.save((err) => (err ? reject(err) : resolve())));
}

/**
 * Publishing the current round's datapakker (R40, R41) for an age area or
 * one unit, through ObligationsService.publishDatapakker like the API. Two
 * forms, one per scope, so the page never sends both (the API refuses that).
 */
@ApiExcludeController()
@AdminOnly()
@WebPage()
@Controller('datapakker')
export class AdminDatapakkerController {
  constructor(
    private readonly obligations: ObligationsService,
    private readonly lookups: AdminLookups,
    private readonly datapakkeJob: DatapakkeJob,
  ) {}

  @Get()
  async page(@Res() res: Response) {
    return res.render('pages/admin/datapakker', await this.model({}, []));
  }

  @Post()
  async publish(@Body() body: Record<string, unknown>, @User() user: CurrentUser, @Req() req: Request, @Res() res: Response) {
    const scope = str(body.scope) === 'unit' ? 'unit' : 'ageArea';
    const form: Record<string, string> = scope === 'unit' ? { unitId: str(body.unitId) } : { ageArea: str(body.ageArea) };
    const fields = { unitId: 'unitId', ageArea: 'ageArea' };
    const { value, errors } = await validateInput(PublishDatapakkerDto, nonEmpty(form), fields, { unitId: 'Enhed', ageArea: 'Aldersområde' });
    if (!errors.length && !value.unitId && !value.ageArea) errors.push({ field: scope === 'unit' ? 'unitId' : 'ageArea', text: scope === 'unit' ? 'Vælg en enhed' : 'Vælg et aldersområde' });
    if (errors.length) return res.status(400).render('pages/admin/datapakker', await this.model(form, errors));
    try {
      if (value.ageArea) {
        // A whole age area is a job (issue 15): its page shows the progress and the result.
        const job = await this.datapakkeJob.start({ ageArea: value.ageArea }, user);
        return res.redirect(303, `/job/${job.id}`);
      }
      const { published } = await this.obligations.publishDatapakker(value, user);
      const where = value.ageArea ? `for ${AGE_AREA_LABELS[value.ageArea]}` : `for ${(await this.lookups.unitNames([value.unitId!])).get(value.unitId!)?.name ?? 'enheden'}`;
      req.session.flash = {
        type: published > 0 ? 'success' : 'info',
        text: published > 0 ? `${published === 1 ? '1 datapakke er' : `${published} datapakker er`} offentliggjort ${where}.` : `Der var ingen datapakker, der venter på at blive offentliggjort, ${where}.`,
      };
      await save(req);
      return res.redirect(303, '/datapakker');
    } catch (error) {
      const refusal = refusalErrors(error, (k) => (k === 'unitId' || k === 'ageArea' ? k : undefined));
      return res.status(refusal.status).render('pages/admin/datapakker', await this.model(form, refusal.errors));
    }
  }

  private async model(form: Record<string, string>, errors: FormError[]) {
    return {
      title: 'Datapakker – Kvalitetsloop',
      form,
      errors,
      due: (await this.obligations.dueDatapakkeCounts()).map((d) => ({ ...d, ageAreaLabel: AGE_AREA_LABELS[d.ageArea] })),
      ageAreaOptions: [{ value: '', text: 'Vælg aldersområde' }, ...AGE_AREA_OPTIONS],
      unitOptions: [{ value: '', text: 'Vælg enhed' }, ...(await this.lookups.units()).map((u) => ({ value: u.id, text: `${u.name} (${u.code})` }))],
    };
  }
}
