/** Statutory tilsyn (R4, R74, R90–R97): holidays, working days, the versioned tilsynsramme and the visit's rules. Pure. */
export * from './holidays';
export * from './tilsynsramme';
export * from './impartiality';
export * from './visit.rules';
