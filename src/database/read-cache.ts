import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { LRUCache } from 'lru-cache';
import type { Pool } from 'pg';
import { DataSource } from 'typeorm';
import { SnapshotCoalescer } from './snapshot-coalescer';

/** READ_CACHE_MB as bytes; 0 switches the cache off. */
export class ReadCacheSettings {
  constructor(readonly maxBytes: number) {}
}

/** What the cache counts since the process started (bench:api prints it). */
export interface ReadCacheStats {
  hits: number;
  misses: number;
  /** Misses that waited for the same key's computation instead of computing again. */
  coalesced: number;
  /** `pg_current_snapshot()` statements issued: fewer than the requests that used one (snapshot-coalescer.ts). */
  snapshotStatements: number;
  /** Bytes held now, and entries. */
  bytes: number;
  entries: number;
}

interface Entry {
  value: unknown;
  size: number;
  /** The snapshot generation it was stored under (see `observe`); none for keys given to `through` directly. */
  generation?: number;
}

/**
 * A per-process cache of read answers keyed by the database snapshot
 * (issue 14).
 *
 * `pg_current_snapshot()` names exactly which transactions are visible: every
 * commit (and every abort of a transaction that had an id) changes its text,
 * and the same text means the same committed data. A read takes the snapshot
 * FIRST and reads its data afterwards, so an entry stored under snapshot S
 * holds data at least as new as S. Whoever later presents the same S took
 * their snapshot before any newer commit, so answering them with that entry
 * is an answer their request could have got from the database: the cache is
 * exact, not "fresh enough". Read-your-writes follows: a client's write has
 * committed before its next GET starts, so that GET's snapshot differs from
 * every snapshot taken before the write, and it misses.
 *
 * Everything else that makes an answer differ goes into the key by the
 * caller: "today" from the Clock, the caller's person id, the route and its
 * normalised query. Whether the caller is an administrator, R6's handovers and
 * R91's secrecy are all data, so the snapshot covers them.
 *
 * Bounded in bytes (an LRU over the stored answers' sizes); concurrent misses
 * of one key compute once and share the result. A failed computation is not
 * kept. Writes by anyone (web sessions included) only cost misses.
 *
 * Entries of superseded snapshots are dropped, not left to the LRU: once a
 * newer snapshot has been seen, only requests already holding an older one
 * could still hit its entries. Snapshot statements run one after another
 * (snapshot-coalescer.ts), so each result is at least as new as the one
 * before; a different text starts a new generation, and the entries of every
 * generation before the previous one are deleted (the previous one stays for
 * the requests still in flight with it). Under a writer committing every
 * 100 ms the cache therefore holds about two snapshots' answers, not 32 MB of
 * answers nobody can ask for (issue 15: memory), and an answer computed for
 * a snapshot that old is returned but not stored.
 */
@Injectable()
export class ReadCache {
  private readonly entries?: LRUCache<string, Entry>;
  private readonly pending = new Map<string, Promise<unknown>>();
  private readonly snapshots = new WeakMap<object, Promise<string>>();
  private readonly coalescer = new SnapshotCoalescer(() => this.currentSnapshot().then((text) => this.observe(text)));
  /** The newest snapshot text seen and its generation; the generations still kept, and their keys. */
  private latest?: string;
  private generation = 0;
  private readonly generationOf = new Map<string, number>();
  private readonly keysOf = new Map<number, { snapshot: string; keys: Set<string> }>();
  private hits = 0;
  private misses = 0;
  private coalesced = 0;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    settings: ReadCacheSettings,
  ) {
    if (settings.maxBytes > 0) {
      this.entries = new LRUCache<string, Entry>({
        maxSize: settings.maxBytes,
        sizeCalculation: (entry) => entry.size,
        dispose: (entry, key) => {
          if (entry.generation !== undefined) this.keysOf.get(entry.generation)?.keys.delete(key);
        },
      });
    }
  }

  get enabled(): boolean {
    return this.entries !== undefined;
  }

  /**
   * The snapshot text for one request (`xmin:xmax:xip,…`), taken once per
   * request object and shared by everything that caches for it (the auth
   * guard's person, then the answer), so a cached request costs at most one
   * round trip. It must be taken before anything the request reads. Requests
   * share statements (snapshot-coalescer.ts), but only one that started
   * after they arrived, which keeps the cache exact and read-your-writes.
   */
  snapshotFor(request: object): Promise<string> {
    let snapshot = this.snapshots.get(request);
    if (!snapshot) {
      // A failed round trip is kept for the request too: after the hit path (cached-answers.ts) the pipeline then
      // refuses it at once (503) instead of waiting for a second failure.
      snapshot = this.coalescer.snapshot();
      this.snapshots.set(request, snapshot);
    }
    return snapshot;
  }

  /** One tiny statement, straight on the request pool (TypeORM's query runner adds nothing here but time). */
  private async currentSnapshot(): Promise<string> {
    const pool = (this.db.driver as unknown as { master?: Pool }).master;
    if (pool) {
      const { rows } = await pool.query<{ s: string }>({ name: 'kl_read_cache_snapshot', text: 'SELECT pg_current_snapshot()::text AS s' });
      return rows[0]!.s;
    }
    const [row] = await this.db.query<{ s: string }[]>('SELECT pg_current_snapshot()::text AS s');
    return row!.s;
  }

  /** Called with each snapshot statement's result, in the order they ran (see the class). */
  private observe(snapshot: string): string {
    if (snapshot === this.latest) return snapshot;
    this.latest = snapshot;
    this.generation++;
    this.generationOf.set(snapshot, this.generation);
    this.keysOf.set(this.generation, { snapshot, keys: new Set() });
    for (const [generation, { snapshot: old, keys }] of this.keysOf) {
      if (generation >= this.generation - 1) break;
      this.keysOf.delete(generation);
      this.generationOf.delete(old);
      for (const key of [...keys]) this.entries?.delete(key);
    }
    return snapshot;
  }

  /**
   * The value stored under `key`, or `compute()`'s, stored with `size(value)`
   * bytes. `key` must begin with the snapshot of a request that took it before
   * `compute` reads anything (see the class). Errors are passed on, not kept.
   * With `snapshot` (forRequest), the entry belongs to that snapshot's
   * generation and goes with it; an answer for a snapshot already dropped is
   * not stored.
   */
  async through<T>(key: string, size: (value: T) => number, compute: () => Promise<T>, snapshot?: string): Promise<T> {
    if (!this.entries) return compute();
    const hit = this.entries.get(key);
    if (hit) {
      this.hits++;
      return hit.value as T;
    }
    const running = this.pending.get(key);
    if (running) {
      this.coalesced++;
      return running as Promise<T>;
    }
    this.misses++;
    const computation = compute().then((value) => {
      const generation = snapshot === undefined ? undefined : this.generationOf.get(snapshot);
      if (snapshot !== undefined && generation === undefined) return value;
      const bytes = size(value) + key.length * 2;
      this.entries!.set(key, { value, size: Math.max(1, bytes), generation });
      // set() may refuse an entry larger than the whole cache; only a kept key belongs to its generation.
      if (generation !== undefined && this.entries!.has(key)) this.keysOf.get(generation)?.keys.add(key);
      return value;
    });
    this.pending.set(key, computation);
    try {
      return await computation;
    } finally {
      this.pending.delete(key);
    }
  }

  /**
   * `compute()`'s answer for `request`, cached under the request's snapshot
   * followed by `key` (which must name everything else the answer depends on:
   * the caller, today, the route and its query). Without a cache: `compute()`,
   * and no snapshot round trip.
   */
  async forRequest<T>(request: object, key: string, size: (value: T) => number, compute: () => Promise<T>): Promise<T> {
    if (!this.entries) return compute();
    const snapshot = await this.snapshotFor(request);
    return this.through(`${snapshot}|${key}`, size, compute, snapshot);
  }

  /**
   * What is already stored for `request` under `key` (as forRequest would
   * look it up: the request's snapshot, then `key`), or undefined; computes
   * nothing and counts nothing. For the hit path that answers before Nest's
   * pipeline (cached-answers.ts): a miss there goes on to the pipeline, which
   * shares this request's snapshot and counts its own lookups; a request the
   * hit path answers is counted by countHits.
   */
  async storedFor(request: object, key: string): Promise<unknown> {
    if (!this.entries) return undefined;
    return this.entries.get(`${await this.snapshotFor(request)}|${key}`)?.value;
  }

  /** `lookups` answered from the cache outside forRequest (the hit path's, see storedFor). */
  countHits(lookups: number): void {
    this.hits += lookups;
  }

  stats(): ReadCacheStats {
    return { hits: this.hits, misses: this.misses, coalesced: this.coalesced, snapshotStatements: this.coalescer.statements, bytes: this.entries?.calculatedSize ?? 0, entries: this.entries?.size ?? 0 };
  }
}

/** Bytes a JavaScript string may take in memory (two-byte strings are the worst case). */
export function stringBytes(text: string): number {
  return text.length * 2;
}

/**
 * A request's query string in a canonical order, so `?a=1&b=2` and
 * `?b=2&a=1` share an entry (anything else only costs a miss).
 */
export function normalisedQuery(url: string): string {
  const at = url.indexOf('?');
  if (at < 0) return '';
  const params = new URLSearchParams(url.slice(at + 1));
  params.sort();
  return params.toString();
}
