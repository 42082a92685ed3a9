import { CALENDAR_ENTITIES } from './modules/calendar';
import { OBLIGATION_ENTITIES } from './modules/obligations';
import { ORGANISATION_ENTITIES } from './modules/organisation';
import { TILSYN_ENTITIES } from './modules/tilsyn';

/**
 * Every table the service maps, listed by the modules that own them. It lives
 * beside app.module.ts, the composition root, so src/database needs nothing
 * from src/modules.
 */
export const ENTITIES = [...ORGANISATION_ENTITIES, ...OBLIGATION_ENTITIES, ...CALENDAR_ENTITIES, ...TILSYN_ENTITIES];
