import type { AuditColumn } from '../../workflows/audit/coverage';
import { AGE_AREAS, ASSIGNMENT_ROLES, GOVERNANCES, UNIT_TYPES } from '../../workflows/domain';
import { QUALITY_REPORT_MILESTONE_LABELS, QUALITY_REPORT_MILESTONES } from '../../workflows/quality-report/quality-report.machine';
import { AGE_AREA_LABELS, GOVERNANCE_LABELS, ROLE_LABELS, UNIT_TYPE_LABELS } from './labels';

/** The administration's pages: select options and the audit's rule checks (the words themselves are in workflows/labels.ts). */
export { AGE_AREA_LABELS, GOVERNANCE_LABELS, UNIT_TYPE_LABELS };

/** What each audited rule checks, in a few words (ramme.md). */
export const AUDIT_RULE_LABELS: Record<AuditColumn, string> = {
  R22: 'Fokusområder inden for rapportens temaer',
  R24: 'Børneperspektivet i samtale 1',
  R27: 'Bestyrelsen deltager eller udtaler sig',
  R28: 'Ungerepræsentant (FU)',
  R29: 'Elevrådets/senatets input før samtale 1',
  R41: 'Datapakken offentliggjort før samtalen',
  R52: 'Seks ledelsesopfølgninger om året',
  R61: 'Bestyrelsens tilsynsafrapportering',
  R63: 'Chefens gennemgang af afrapporteringen til tiden',
  R90: 'Et anmeldt og et uanmeldt tilsynsbesøg holdt pr. tilsynscyklus',
  R93: 'Tilsynsrapporten offentliggjort inden for 2 år',
  R94: 'Skoleudviklingssamtale i skoleåret',
  R95: 'Åbne sager om skærpet tilsyn og deres alder',
  R96: 'Handleplan og bestyrelsesorientering til tiden under skærpet tilsyn',
};

/** The rule checks' column headings on the coverage page: a short Danish name, the id beside it. */
export const AUDIT_RULE_SHORT: Record<AuditColumn, string> = {
  R22: 'Fokusområder',
  R24: 'Børneperspektiv',
  R27: 'Bestyrelsen med',
  R28: 'Ungerepræsentant',
  R29: 'Elevinput',
  R41: 'Datapakke før samtale',
  R52: 'Ledelsesopfølgninger',
  R61: 'Tilsynsafrapportering',
  R63: 'Chefens gennemgang',
  R90: 'Tilsynsbesøg',
  R93: 'Tilsynsrapport',
  R94: 'Skoleudviklingssamtale',
  R95: 'Skærpet tilsyn',
  R96: 'Handleplan',
};

export const MILESTONE_OPTIONS = QUALITY_REPORT_MILESTONES.map((m) => ({ value: m, text: QUALITY_REPORT_MILESTONE_LABELS[m] }));
export const AGE_AREA_OPTIONS = AGE_AREAS.map((a) => ({ value: a, text: AGE_AREA_LABELS[a] }));
export const UNIT_TYPE_OPTIONS = UNIT_TYPES.map((t) => ({ value: t, text: UNIT_TYPE_LABELS[t] }));
export const GOVERNANCE_OPTIONS = GOVERNANCES.map((g) => ({ value: g, text: GOVERNANCE_LABELS[g] }));
export const ASSIGNMENT_ROLE_OPTIONS = ASSIGNMENT_ROLES.map((r) => ({ value: r, text: ROLE_LABELS[r] }));

/** A select's options with an empty first choice ("Alle"). */
export function withAll<T extends { value: string; text: string }>(options: T[], text = 'Alle'): { value: string; text: string }[] {
  return [{ value: '', text }, ...options];
}
