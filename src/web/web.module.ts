import { DynamicModule, Injectable, Module, OnModuleDestroy } from '@nestjs/common';
import { CalendarModule } from '../modules/calendar';
import { AdminLookups } from './admin-lookups';
import { AdminDatapakkerController } from './controllers/admin-datapakker.controller';
import { AdminKvalitetsrapporterController } from './controllers/admin-kvalitetsrapporter.controller';
import { AdminOrganisationController } from './controllers/admin-organisation.controller';
import { AdminRevisionController } from './controllers/admin-revision.controller';
import { AdminTilsynController } from './controllers/admin-tilsyn.controller';
import { KalenderController } from './controllers/kalender.controller';
import { JobController } from './controllers/job.controller';
import { LoginController } from './controllers/login.controller';
import { OverblikController } from './controllers/overblik.controller';
import { EnhedController } from './controllers/enhed.controller';
import { ForpligtelseController } from './controllers/forpligtelse.controller';
import { TilsynChefController } from './controllers/tilsyn-chef.controller';
import { TilsynBesoegController } from './controllers/tilsyn-besoeg.controller';
import { SkaerpetTilsynPageController } from './controllers/skaerpet-tilsyn.controller';
import { StatutoryFollowUpModule, TilsynModule } from '../modules/tilsyn';
import { AdminUdbakkeController, PaamindelserController } from './controllers/paamindelser.controller';
import { LoginService } from './login.service';
import { PageErrorRenderer } from '../common/page-errors';
import { WebPageErrors } from './web-errors';
import { PageDataService } from './page-data.service';
import { AuditModule } from '../modules/audit';
import { MeModule } from '../modules/me';
import { ObligationsModule } from '../modules/obligations';
import { OrganisationModule } from '../modules/organisation';
import { QualityReportsModule } from '../modules/quality-reports';
import { RemindersServiceModule } from '../modules/reminders';
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

/** The administration's pages (admin-*.controller.ts) and Kalender. */
const ADMIN_CONTROLLERS = [
  AdminKvalitetsrapporterController,
  AdminDatapakkerController,
  AdminTilsynController,
  AdminRevisionController,
  AdminOrganisationController,
  AdminUdbakkeController,
  KalenderController,
  JobController,
];

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
      // The administration's pages and Kalender read through the audit, calendar and organisation modules' services.
      imports: [AuditModule, CalendarModule, MeModule, ObligationsModule, OrganisationModule, QualityReportsModule, RemindersServiceModule, TilsynModule, StatutoryFollowUpModule],
      controllers: [LoginController, OverblikController, EnhedController, ForpligtelseController, TilsynChefController, TilsynBesoegController, SkaerpetTilsynPageController, PaamindelserController, ...ADMIN_CONTROLLERS],
      providers: [{ provide: WEB_OPTIONS, useValue: options }, LoginService, PageDataService, WebSessionGuard, WebOptionalSessionGuard, WebResources, AdminLookups, { provide: PageErrorRenderer, useClass: WebPageErrors }],
      // The one exception filter (AppModule) answers page requests through this.
      exports: [PageErrorRenderer],
    };
  }
}
