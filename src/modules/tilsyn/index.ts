/** The tilsyn module's public face: other modules import from here, never from its files. */
export { StatutoryFollowUpModule } from './statutory-followup.module';
export { SkoleudviklingGenerator } from './skoleudvikling.generator';
export { SkaerpetTilsynService } from './skaerpet-tilsyn.service';
export type { SkaerpetTilsynView } from './skaerpet-tilsyn.service';
export { TilsynsrapportService } from './tilsynsrapport.service';
export type { TilsynsrapportList } from './tilsynsrapport.service';
export { StatutoryAudit, STATUTORY_CSV_HEADER, statutoryCsvCells } from './statutory-audit';
export { StatutoryAuditRowDto } from './statutory-audit.dto';
export type { StatutoryAuditRow } from './statutory-audit';
export { StatutoryScheduler } from './statutory-scheduler';
