import { Controller, Get, Render } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { CurrentUser } from '../../modules/auth/auth.guard';
import { User } from '../../modules/auth/auth.guard';
import { MeService } from '../../modules/engine/me.service';
import { WebPage } from '../web-auth';

@ApiExcludeController()
@WebPage()
@Controller()
export class OverblikController {
  constructor(private readonly me: MeService) {}

  @Get()
  @Render('pages/overblik')
  async overblik(@User() user: CurrentUser) {
    const upcoming = await this.me.upcoming(user, 42, 200, 0);
    return { title: 'Mit overblik – Kvalitetsloop', upcoming };
  }
}
