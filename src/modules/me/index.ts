/** The me module's public face. */
export { MeModule } from './me.module';
