/** The auth module's public face. */
export { AuthModule } from './auth.module';
export { AdminOnly } from './admin.guard';
export { Public, User } from './auth.guard';
export { CachedAnswers } from './cached-answers';
export type { CurrentUser } from './auth.guard';
export { ssoSubjectOf, TokenService } from './token.service';
export type { TokenSettings, TokenSubject } from './token.service';
