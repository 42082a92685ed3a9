/** The tilsyn module's public face. */
export { TilsynModule } from './tilsyn.module';
export { TilsynService } from './tilsyn.service';
export { SkaerpetTilsynHook } from './skaerpet-tilsyn.hook';
export type { HeldVisit } from './skaerpet-tilsyn.hook';
export { TilsynVisit } from './tilsyn-visit.entity';
export { AssignInspectorDto, CompleteVisitDto, CreateVisitDto, ListVisitsQuery, ScheduledVisitResponse, ScheduleVisitDto, VisitDetailResponse, VisitPage, VisitResponse } from './dto/visit.dto';

import { TilsynVisit } from './tilsyn-visit.entity';
export const TILSYN_ENTITIES = [TilsynVisit];

// The statutory follow-up (R93–R96).
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
export { BoardCommentDto, EndSkaerpetTilsynDto, OpenSkaerpetTilsynDto, RecordTilsynsrapportDto } from './tilsyn-followup.dto';
