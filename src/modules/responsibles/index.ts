/**
 * Who answers for an obligation (R3, R6): SQL run with the caller's
 * EntityManager, so a change to the organisation re-resolves its obligations
 * in the same transaction. Below both organisation and obligations; it knows
 * their tables, not their code.
 */
export { CHEF, LEADER, refreshResponsibles, refreshResponsiblesOfUnit, responsiblePerson, responsiblesJoin } from './responsibles.sql';
