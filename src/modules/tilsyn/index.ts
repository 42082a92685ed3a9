/** The tilsyn module's public face: other modules import from here, never from its files. */
export { StatutoryFollowUpModule } from './statutory-followup.module';
export { SkoleudviklingGenerator } from './skoleudvikling.generator';
