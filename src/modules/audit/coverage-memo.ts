import { DynamicModule, Global, Injectable, Module } from '@nestjs/common';
import { LRUCache } from 'lru-cache';
import { AUDIT_RULES, type AuditSummary, type UnitAuditResult } from '../../../workflows/audit/coverage';
import type { LocalDate } from '../../../workflows/domain';

/** COVERAGE_MEMO_MB as bytes; 0 switches the memo off. */
export class CoverageMemoSettings {
  constructor(readonly maxBytes: number) {}
}

/** One unit's judgement: what it adds to the totals, and its result (with R81's trail mismatches) as JSON text. */
export interface MemoisedUnit {
  summary: AuditSummary;
  /** Ids of the in-scope obligations whose stored state disagrees with the trail (R81). */
  mismatches: number;
  /** What the summary does not say of the result (see memoised); decoded only for the units an answer shows. */
  json: string;
}

/** What the memo counts since the process started. */
export interface CoverageMemoStats {
  hits: number;
  misses: number;
  bytes: number;
  entries: number;
}

/** Bytes of a string in V8 at worst (two per character), plus the entry's objects. */
const ENTRY_OVERHEAD_BYTES = 200;

/**
 * The coverage audit's per-unit memo (issue 14): a unit's judged result (R80, R81), kept in this process under
 *
 *   (unit id, unit_audit_stamp, unit type, today, the period's from and to, the unit's windows).
 *
 * The stamp is bumped, in the writer's own transaction, by every change to a row the judgement reads (migration
 * 1764990000000-UnitAuditStamp: obligations, the trail's head, loops, the reports' themes, the unit's type), and the
 * audit reads the stamps in the SAME snapshot as the data it judges (HeavyReads.inSnapshot). So an entry computed
 * from the data of a snapshot that read stamp v is exactly what any other snapshot reading v would compute: for that
 * unit both see the same committed rows. A write commits a new stamp, which no entry carries, so the next audit
 * after it (read-your-writes included) misses and judges that unit anew; a rolled-back write leaves the old stamp
 * and the old, still exact, entry. Stamps come from a sequence and are never reused.
 *
 * What the answer shows but does not judge (code, name, district, the chef, the windows themselves) is read fresh
 * by every audit, and what depends on the day (the statutory part, R90, R93–R96) too; "today" (the Clock) and the
 * period are in the key. Bounded in bytes (an LRU; COVERAGE_MEMO_MB).
 */
@Injectable()
export class CoverageMemo {
  private readonly entries?: LRUCache<string, MemoisedUnit>;
  private hits = 0;
  private misses = 0;

  constructor(settings: CoverageMemoSettings) {
    if (settings.maxBytes > 0) {
      this.entries = new LRUCache<string, MemoisedUnit>({
        maxSize: settings.maxBytes,
        sizeCalculation: (value, key) => ENTRY_OVERHEAD_BYTES + 2 * (key.length + value.json.length) + 8 * value.summary.length,
      });
    }
  }

  get enabled(): boolean {
    return this.entries !== undefined;
  }

  /**
   * The key of one unit's judgement, or null when it cannot be memoised (no stamp). `stamp` is the unit's
   * `unit_audit_stamp` as read in the audit's snapshot; windows are Europe/Copenhagen calendar dates.
   */
  key(unit: { id: string; type: string; stamp: string | null; windows: readonly (readonly [LocalDate, LocalDate])[] }, today: LocalDate, from: LocalDate, to: LocalDate): string | null {
    if (!this.entries || unit.stamp === null) return null;
    const windows = unit.windows.map(([f, t]) => `${f}/${t}`).sort().join(',');
    return `${unit.id}|${unit.stamp}|${unit.type}|${today}|${from}|${to}|${windows}`;
  }

  get(key: string | null): MemoisedUnit | undefined {
    if (key === null || !this.entries) return undefined;
    const entry = this.entries.get(key);
    if (entry) this.hits++;
    else this.misses++;
    return entry;
  }

  set(key: string | null, entry: MemoisedUnit): void {
    if (key !== null) this.entries?.set(key, entry);
  }

  /** Forgets everything (tests compare with a fresh computation). */
  clear(): void {
    this.entries?.clear();
  }

  stats(): CoverageMemoStats {
    return { hits: this.hits, misses: this.misses, bytes: this.entries?.calculatedSize ?? 0, entries: this.entries?.size ?? 0 };
  }
}

type Judged = UnitAuditResult & { trailMismatches: string[] };

/**
 * A unit's result and mismatches as a memo entry: the counts and each rule's status in `summary`, and in `json`
 * only what the numbers do not say — [cancelledWaivedItems, per rule [checked, failing], trailMismatches] (a unit
 * whose rules all pass keeps some 100 characters instead of 1,500).
 */
export function memoised(summary: AuditSummary, result: Judged): MemoisedUnit {
  const compact = [result.cancelledWaivedItems, result.rules.map((r) => [r.rule, r.checked, r.failing]), result.trailMismatches];
  return { summary, mismatches: result.trailMismatches.length, json: JSON.stringify(compact) };
}

/**
 * The result memoised() stored, as auditUnit gave it. A rule's status in the summary is 0 (not applicable: nothing
 * judged, so nothing failed), 1 (passed) or 2 (failed).
 */
export function decodeMemoised(entry: MemoisedUnit): Judged {
  const [cancelledWaivedItems, rules, trailMismatches] = JSON.parse(entry.json) as [
    Judged['cancelledWaivedItems'],
    [Judged['rules'][number]['rule'], number, Judged['rules'][number]['failing']][],
    string[],
  ];
  const s = entry.summary;
  return {
    due: s[0]!,
    completedOnTime: s[1]!,
    completedLate: s[2]!,
    overdue: s[3]!,
    open: s[4]!,
    cancelledWaived: s[5]!,
    cancelledWaivedItems,
    rules: rules.map(([rule, checked, failing]) => {
      const status = s[6 + AUDIT_RULES.indexOf(rule)];
      return { rule, applicable: status !== 0, pass: status !== 2, checked, failing };
    }),
    trailMismatches,
  };
}

/** One CoverageMemo per process (COVERAGE_MEMO_MB). */
@Global()
@Module({})
export class CoverageMemoModule {
  static forRoot(megabytes: number): DynamicModule {
    return {
      module: CoverageMemoModule,
      providers: [{ provide: CoverageMemoSettings, useValue: new CoverageMemoSettings(megabytes * 1024 * 1024) }, CoverageMemo],
      exports: [CoverageMemo],
    };
  }
}
