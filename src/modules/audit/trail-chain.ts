import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

/**
 * Re-computes the audit trail's hash chain (R71, R81) and names the first row
 * that does not match. The canonical content is computed here by a query of
 * our own (not by the trigger's stored function, which a superuser could
 * replace) and hashed in Node; it must stay the text the migration
 * 1764920000000-TrailHashChain hashes, and the set-based path of
 * 1764984000000-BulkTrail (organisation_trail_bulk(), the import's).
 */
const CONTENT = `jsonb_build_array(t.id, to_char(t.at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'), t.actor_person_id, t.unit_id, t.obligation_id, t.loop_id, t.quality_report_id, t.event, t.from_state, t.to_state, t.reason, t.payload)::text`;

const BATCH = 5000;

export interface TrailVerification {
  ok: boolean;
  verifiedAt: string;
  rowsChecked: number;
  /** The first row (transition id) whose hash or link does not match; null when the chain holds. */
  firstBadId: number | null;
  /** Danish: what is wrong with that row. */
  reason: string | null;
}

export function chainHash(previous: string | null, content: string): string {
  return createHash('sha256').update(`${previous ?? ''}\n${content}`, 'utf8').digest('hex');
}

@Injectable()
export class TrailChainService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Walks the whole chain in id order, records the result (append-only) and returns it. */
  async verify(actorPersonId: string | null): Promise<TrailVerification> {
    let previous: string | null = null;
    let lastId = 0;
    let rows = 0;
    let bad: { id: number; reason: string } | null = null;
    const anchor = await this.lastGoodHead();
    let anchorSeen = anchor === null;
    outer: for (;;) {
      const batch: Array<{ id: string; prev_hash: string | null; hash: string; content: string }> = await this.db.query(
        `SELECT t.id, t.prev_hash, t.hash, ${CONTENT} AS content FROM transition t WHERE t.id > $1 ORDER BY t.id LIMIT ${BATCH}`,
        [lastId],
      );
      for (const row of batch) {
        const id = Number(row.id);
        rows++;
        if ((row.prev_hash ?? null) !== previous) {
          bad = { id, reason: `rækken peger ikke på den forrige rækkes hash (en række før den er ændret, fjernet eller indsat)` };
          break outer;
        }
        if (chainHash(previous, row.content) !== row.hash) {
          bad = { id, reason: `rækkens indhold svarer ikke til dens hash (rækken er ændret)` };
          break outer;
        }
        if (anchor && id === anchor.id) {
          if (row.hash !== anchor.hash) {
            bad = { id, reason: `rækken har en anden hash end ved sidste godkendte kontrol (kæden er genberegnet)` };
            break outer;
          }
          anchorSeen = true;
        }
        previous = row.hash;
        lastId = id;
      }
      if (batch.length < BATCH) break;
    }
    if (!bad && !anchorSeen) {
      bad = { id: anchor!.id, reason: `rækken, der var den seneste ved sidste godkendte kontrol, findes ikke længere (sporet er afkortet)` };
    }
    const [{ at }] = await this.db.query(
      `INSERT INTO trail_verification (actor_person_id, ok, rows_checked, last_id, last_hash, first_bad_id, reason)
       VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING at`,
      [actorPersonId, bad === null, rows, lastId || null, previous, bad?.id ?? null, bad?.reason ?? null],
    );
    return { ok: bad === null, verifiedAt: new Date(at).toISOString(), rowsChecked: rows, firstBadId: bad?.id ?? null, reason: bad?.reason ?? null };
  }

  /** The latest verification, for the coverage audit. */
  async last(): Promise<TrailVerification | null> {
    const [row] = await this.db.query(
      `SELECT at, ok, rows_checked, first_bad_id, reason FROM trail_verification ORDER BY id DESC LIMIT 1`,
    );
    if (!row) return null;
    return {
      ok: row.ok,
      verifiedAt: new Date(row.at).toISOString(),
      rowsChecked: Number(row.rows_checked),
      firstBadId: row.first_bad_id === null ? null : Number(row.first_bad_id),
      reason: row.reason,
    };
  }

  /** The head of the chain at the last successful verification: a later full rewrite of the chain cannot hide behind it. */
  private async lastGoodHead(): Promise<{ id: number; hash: string } | null> {
    const [row] = await this.db.query(`SELECT last_id, last_hash FROM trail_verification WHERE ok AND last_id IS NOT NULL ORDER BY id DESC LIMIT 1`);
    return row ? { id: Number(row.last_id), hash: row.last_hash } : null;
  }
}
