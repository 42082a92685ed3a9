/** The audit module's public face. */
export { AuditModule } from './audit.module';
