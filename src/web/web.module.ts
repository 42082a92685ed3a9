import { DynamicModule, Injectable, Module, OnModuleDestroy } from '@nestjs/common';
import { LoginController } from './controllers/login.controller';
import { OverblikController } from './controllers/overblik.controller';
import { LoginService } from './login.service';
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
      controllers: [LoginController, OverblikController],
      providers: [{ provide: WEB_OPTIONS, useValue: options }, LoginService, WebSessionGuard, WebOptionalSessionGuard, WebResources],
    };
  }
}
