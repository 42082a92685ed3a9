import { Organisation1763800000000 } from './1763800000000-Organisation';
import { Engine1763900000000 } from './1763900000000-Engine';
import { CalendarFeeds1764000000000 } from './1764000000000-CalendarFeeds';
import { WebSessions1764940000000 } from './1764940000000-WebSessions';

/** Every migration, in order. Listed explicitly so the same list works from TS (tests) and JS (dist). */
export const MIGRATIONS = [Organisation1763800000000, Engine1763900000000, CalendarFeeds1764000000000, WebSessions1764940000000];
