import { DynamicModule, Injectable, Module, OnModuleDestroy } from '@nestjs/common';
import { LoginController } from './controllers/login.controller';
import { OverblikController } from './controllers/overblik.controller';
import { EnhedController } from './controllers/enhed.controller';
import { ForpligtelseController } from './controllers/forpligtelse.controller';
import { TilsynChefController } from './controllers/tilsyn-chef.controller';
import { LoginService } from './login.service';
import { PageDataService } from './page-data.service';
import { AuditModule } from '../modules/audit';
import { MeModule } from '../modules/me';
import { ObligationsModule } from '../modules/obligations';
import { OrganisationModule } from '../modules/organisation';
import { WebOptionalSessionGuard, WebSessionGuard } from './web-auth';
import type { WebOptions } from './web-options';
import { WEB_OPTIONS } from './web.tokens';

/** Closes what setupWeb opened (the session store's pool) with the app. */
@Injectable()
export class WebResources implements OnModuleDestroy {
  private readonly closers: (() => Promise<void>)[] = [];
  add(close: () => Promise<void>): void {
    this.closers.push(close);
  }
  async onModuleDestroy(): Promise<void> {
    await Promise.all(this.closers.splice(0).map((close) => close()));
  }
}

/**
 * The Danish web pages. Controllers here are thin: they call the same
 * services as the JSON API with the same CurrentUser, and render Nunjucks
 * views (src/web/views). No rule lives here.
 */
@Module({})
export class WebModule {
  static forRoot(options: WebOptions): DynamicModule {
    return {
      module: WebModule,
      imports: [AuditModule, MeModule, ObligationsModule, OrganisationModule],
      controllers: [LoginController, OverblikController, EnhedController, ForpligtelseController, TilsynChefController],
      providers: [{ provide: WEB_OPTIONS, useValue: options }, LoginService, PageDataService, WebSessionGuard, WebOptionalSessionGuard, WebResources],
    };
  }
}
