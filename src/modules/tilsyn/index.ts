/** The tilsyn module's public face. */
export { TilsynModule } from './tilsyn.module';
export { TilsynService } from './tilsyn.service';
export { SkaerpetTilsynHook } from './skaerpet-tilsyn.hook';
export type { HeldVisit } from './skaerpet-tilsyn.hook';
export { TilsynVisit } from './tilsyn-visit.entity';
export { AssignInspectorDto, CompleteVisitDto, CreateVisitDto, ListVisitsQuery, ScheduleVisitDto, VisitDetailResponse, VisitPage, VisitResponse } from './dto/visit.dto';

import { TilsynVisit } from './tilsyn-visit.entity';
export const TILSYN_ENTITIES = [TilsynVisit];
