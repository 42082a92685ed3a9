/** The me module's public face. */
export { MeModule } from './me.module';
export { MeService } from './me.service';
