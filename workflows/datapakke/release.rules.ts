/**
 * R42: a datapakke release is one per age area and half-year (and variant),
 * with its publication date. R41: publishing is dated when it happens, never
 * after today.
 */
import type { LocalDate, RuleViolation } from '../domain';

export const HALF_YEAR_PATTERN = /^(\d{4})-(foraar|efteraar)$/;

/** Variants of a release (R42): the ordinary one, specialtilbud, FU. */
export const RELEASE_VARIANTS = ['', 'specialtilbud', 'fu'] as const;
export type ReleaseVariant = (typeof RELEASE_VARIANTS)[number];

/** The half-year a date lies in: January–June is forår, July–December efterår. */
export function halfYearOf(date: LocalDate): string {
  return `${date.slice(0, 4)}-${Number(date.slice(5, 7)) <= 6 ? 'foraar' : 'efteraar'}`;
}

/**
 * R41/R42: a release is published on or before today, and not more than one
 * half-year ahead of the half-year it is for (a release for autumn is made in
 * the summer before it, at the earliest).
 */
export function checkRelease(input: { halfYear: string; publishedOn: LocalDate; today: LocalDate }): RuleViolation | null {
  const match = HALF_YEAR_PATTERN.exec(input.halfYear);
  if (!match) return { rule: 'R42', message: `Halvåret skal skrives ÅÅÅÅ-foraar eller ÅÅÅÅ-efteraar, ikke "${input.halfYear}"` };
  if (input.publishedOn > input.today) {
    return { rule: 'R41', message: `En datapakke offentliggøres, når den er offentliggjort; ${input.publishedOn} ligger efter i dag (${input.today})` };
  }
  const index = (h: string) => {
    const m = HALF_YEAR_PATTERN.exec(h)!;
    return Number(m[1]) * 2 + (m[2] === 'efteraar' ? 1 : 0);
  };
  if (index(halfYearOf(input.publishedOn)) < index(input.halfYear) - 1) {
    return { rule: 'R42', message: `Datapakken for ${input.halfYear} kan tidligst offentliggøres halvåret før; ${input.publishedOn} er for tidligt` };
  }
  return null;
}
