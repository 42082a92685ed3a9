/**
 * RFC 5545 recurrences over calendar dates (R50, R61). The framework's rules
 * are text in the configuration; rrule evaluates them on UTC-midnight Dates
 * that stand for Copenhagen calendar dates (see local-date.ts), so daylight
 * saving never moves an occurrence to another day.
 */
import { RRule, RRuleSet, rrulestr } from 'rrule';
import type { LocalDate } from '../domain';
import { addDays, compareLocalDate, fromUtcDate, toUtcDate } from './local-date';

const MS_PER_DAY = 86_400_000;
const DTSTART_LINE = /^DTSTART:(\d{8})T000000Z$/m;

// The scheduler plans many units against the same few rules; parsing once per
// rule text keeps planning linear in the number of units.
const parsed = new Map<string, RRule | RRuleSet>();

/** What is wrong with a recurrence text, or [] when the planner can use it. */
export function recurrenceProblems(text: string): string[] {
  // Without DTSTART rrule silently anchors on "now", which makes plans depend on
  // the clock; nothing else about such a rule is worth reporting.
  if (!DTSTART_LINE.test(text)) return ['needs a DTSTART:YYYYMMDDT000000Z line (UTC midnight)'];
  const problems: string[] = [];
  if (/TZID/i.test(text)) problems.push('must not name a TZID: dates are calendar dates (R72)');
  let rule: RRule | RRuleSet;
  try {
    rule = rrulestr(text);
  } catch (e) {
    return [...problems, `does not parse: ${(e as Error).message}`];
  }
  const rules = rule instanceof RRuleSet ? rule.rrules() : [rule];
  if (rules.length === 0) problems.push('has no RRULE');
  for (const r of rules) {
    // YEARLY=0 … DAILY=3: finer frequencies would put several occurrences on one day.
    if (r.options.freq > RRule.DAILY) problems.push('must recur at most daily');
    const hours = r.options.byhour ?? [];
    const minutes = r.options.byminute ?? [];
    const seconds = r.options.bysecond ?? [];
    if ([...hours, ...minutes, ...seconds].some((n) => n !== 0)) problems.push('must not set a time of day');
  }
  return problems;
}

/** The DTSTART of a recurrence text as a LocalDate. */
export function recurrenceStart(text: string): LocalDate {
  const m = DTSTART_LINE.exec(text);
  if (!m) throw new RangeError(`recurrence ${JSON.stringify(text)}: ${recurrenceProblems(text).join('; ')}`);
  return `${m[1].slice(0, 4)}-${m[1].slice(4, 6)}-${m[1].slice(6, 8)}`;
}

function ruleFor(text: string): RRule | RRuleSet {
  let rule = parsed.get(text);
  if (!rule) {
    const problems = recurrenceProblems(text);
    if (problems.length > 0) throw new RangeError(`recurrence ${JSON.stringify(text)}: ${problems.join('; ')}`);
    rule = rrulestr(text);
    parsed.set(text, rule);
  }
  return rule;
}

function toLocal(d: Date): LocalDate {
  if (d.getTime() % MS_PER_DAY !== 0) throw new RangeError(`recurrence produced a non-midnight instant ${d.toISOString()}`);
  return fromUtcDate(d);
}

/** Occurrences on or after `from` and strictly before `before`, ascending. */
export function occurrencesBetween(text: string, from: LocalDate, before: LocalDate): LocalDate[] {
  if (compareLocalDate(from, before) >= 0) return [];
  return ruleFor(text)
    .between(toUtcDate(from), toUtcDate(before), true)
    .map(toLocal)
    .filter((d) => compareLocalDate(d, before) < 0);
}

/** The latest occurrence on or before `date`, or null when the rule starts later. */
export function occurrenceOnOrBefore(text: string, date: LocalDate): LocalDate | null {
  const d = ruleFor(text).before(toUtcDate(date), true);
  return d ? toLocal(d) : null;
}

export interface RecurrenceWindow {
  opensOn: LocalDate;
  dueOn: LocalDate;
}

/**
 * The windows a rule cuts the calendar into: each occurrence opens a window
 * that ends the day before the next occurrence. Returns the windows whose end
 * (their due date) falls in [dueFrom, dueBefore), unclamped: a window may open
 * before `dueFrom`.
 */
export function recurrenceWindows(text: string, dueFrom: LocalDate, dueBefore: LocalDate): RecurrenceWindow[] {
  if (compareLocalDate(dueFrom, dueBefore) >= 0) return [];
  // The window running on dueFrom opened at the last occurrence on or before it.
  // Before the rule's DTSTART there is no window at all.
  const anchor = occurrenceOnOrBefore(text, dueFrom) ?? dueFrom;
  // A window is due before dueBefore exactly when the next occurrence is on or before dueBefore.
  const bounds = occurrencesBetween(text, anchor, addDays(dueBefore, 1));
  const windows: RecurrenceWindow[] = [];
  for (let i = 0; i + 1 < bounds.length; i++) {
    const dueOn = addDays(bounds[i + 1], -1);
    if (compareLocalDate(dueOn, dueFrom) >= 0) windows.push({ opensOn: bounds[i], dueOn });
  }
  return windows;
}
