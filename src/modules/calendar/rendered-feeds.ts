import { Injectable } from '@nestjs/common';
import { LRUCache } from 'lru-cache';
import { promisify } from 'node:util';
import { gzip as gzipCallback } from 'node:zlib';
import { Clock } from '../../common/clock';
import { CalendarScope, CalendarService } from './calendar.service';

const gzip = promisify(gzipCallback);

/** The rendered calendar as sent: the plain bytes and, compressed once per render, their gzip. */
export interface CalendarBytes {
  body: Buffer;
  /** Strong ETag of `body`: the SHA-256 of the bytes, quoted (unchanged from before gzip existed). */
  etag: string;
  /** `body` gzip-compressed (node:zlib, default level). */
  gzip: Buffer;
  /** Strong ETag of the gzip representation (RFC 9110 §8.8.1: a strong validator differs per content coding). */
  gzipEtag: string;
}

/** Bytes kept for rendered calendars per process (the plain and gzip bytes of every entry). */
export const RENDERED_FEEDS_MAX_BYTES = 24 * 1024 * 1024;

/**
 * Rendered calendars keyed by what their content depends on, not by the
 * database snapshot (issue 14: every commit anywhere moved the snapshot, and
 * each move re-rendered 0.8–1.8 MB while all clients waited).
 *
 * Exactness. A calendar is a pure function of today (the window and R6),
 * the scope, the person's name (X-WR-CALNAME) and the rows of
 * CalendarService.feedRowsSql in the feed's order — every value it shows is
 * one of their columns: the obligation's fields, its unit's and people's
 * names, and R91's masking of a held unannounced visit's planned date. The
 * fingerprint is the SHA-256 of exactly those rows' text, so the key
 * (person, scope, today, name, fingerprint) names the calendar's content:
 * any change to something the calendar shows (an obligation, a unit or
 * person name in it, a visit becoming visible or invisible under R91, an
 * assignment that changes R6's rows) changes the fingerprint at the next
 * request, and a commit to anything else leaves key, bytes and ETag alone.
 * A render stores its result under the fingerprint computed in the same
 * statement as its rows, never under the one that caused it, so a commit
 * between the two statements cannot file new bytes under an old key.
 *
 * The snapshot-keyed ReadCache stays in front (so a snapshot costs one
 * fingerprint statement, shared by its concurrent requests); this cache is
 * what survives the snapshot's change. Bounded in bytes (LRU); concurrent
 * misses of one key render once.
 */
@Injectable()
export class RenderedFeeds {
  private readonly entries = new LRUCache<string, CalendarBytes>({
    maxSize: RENDERED_FEEDS_MAX_BYTES,
    sizeCalculation: (e) => Math.max(1, e.body.length + e.gzip.length),
  });
  private readonly pending = new Map<string, Promise<CalendarBytes>>();
  /** Renders since start (tests and bench read it). */
  renders = 0;

  constructor(
    private readonly calendar: CalendarService,
    private readonly clock: Clock,
  ) {}

  /**
   * Person `personId`'s calendar (`scope`) as bytes: one fingerprint
   * statement, then the stored render or a new one. NotFoundError when the
   * person does not exist.
   */
  async bytesFor(personId: string, scope: CalendarScope, today: string = this.clock.today()): Promise<CalendarBytes> {
    const { name, fingerprint } = await this.calendar.fingerprint(personId, scope, today);
    const key = feedKey(today, personId, scope, name, fingerprint);
    const hit = this.entries.get(key);
    if (hit) return hit;
    const running = this.pending.get(key);
    if (running) return running;
    const rendering = (async () => {
      const rendered = await this.calendar.render(personId, scope, name, today);
      this.renders++;
      const compressed = await gzip(rendered.body);
      const bytes: CalendarBytes = { body: rendered.body, etag: rendered.etag, gzip: compressed, gzipEtag: rendered.etag.replace(/"$/, '-gz"') };
      // Under the render's own fingerprint: it describes these bytes (see the class). An empty calendar has none and is not kept.
      if (rendered.fingerprint !== undefined) this.entries.set(feedKey(today, personId, scope, name, rendered.fingerprint), bytes);
      return bytes;
    })();
    this.pending.set(key, rendering);
    try {
      return await rendering;
    } finally {
      this.pending.delete(key);
    }
  }
}

function feedKey(today: string, personId: string, scope: CalendarScope, name: string, fingerprint: string): string {
  return JSON.stringify([today, personId, scope, name, fingerprint]);
}
