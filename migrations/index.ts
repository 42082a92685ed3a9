import { Organisation1763800000000 } from './1763800000000-Organisation';

/** Every migration, in order. Listed explicitly so the same list works from TS (tests) and JS (dist). */
export const MIGRATIONS = [Organisation1763800000000];
