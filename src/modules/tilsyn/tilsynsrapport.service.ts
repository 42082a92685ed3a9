import { ForbiddenException, Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { execFileSync } from 'node:child_process';
import { DataSource, EntityManager } from 'typeorm';
import type { Browser } from 'playwright-core';
import type { LocalDate } from '../../../workflows/domain';
import { OBLIGATION_SNAPSHOTS } from '../../../workflows/obligation/obligation.machine';
import { nextTilsynsrapportDueOn, TILSYN_LAW_IN_FORCE_FROM, TILSYNSRAPPORT_YEARS } from '../../../workflows/tilsyn/tilsynsrapport';
import { Clock } from '../../common/clock';
import { BadInputError, RuleError } from '../../common/errors';
import type { CurrentUser } from '../auth';
import { appendTransition } from '../obligations';
import { CHEF, LEADER, responsiblePerson, responsiblesJoin } from '../responsibles';
import { OBLIGATION_MACHINE_VERSION } from '../../../workflows/obligation/obligation.machine';
import { createStatutoryObligation, enhedByKey, type EnhedRef } from './statutory-obligations';
import { renderTilsynsrapportHtml, type TilsynsrapportDocument } from './tilsynsrapport.html';

export interface TilsynsrapportList {
  enhedId: string;
  enhedName: string;
  /** R93: the last publication + 2 years, or the enhed's opening + 2 years. */
  nextDueOn: LocalDate;
  overdue: boolean;
  items: { id: string; publishedOn: LocalDate; url: string }[];
}

/** The set of a unit's enheder in SQL (R4: the implicit one for a dagtilbud without registered enheder); `key` is the API id as text. */
export const ENHEDER_SQL = `
  SELECT e.id::text AS key, e.id AS enhed_id, e.unit_id, e.name, e.valid_from, e.valid_to FROM enhed e JOIN unit u ON u.id = e.unit_id WHERE u.type = 'dagtilbud'
  UNION ALL
  SELECT u.id::text, NULL::uuid, u.id, u.name, u.valid_from, u.valid_to FROM unit u
  WHERE u.type = 'dagtilbud' AND NOT EXISTS (SELECT 1 FROM enhed e WHERE e.unit_id = u.id)`;

/**
 * R93: the tilsynsrapporter of an enhed: recorded publications, the next due
 * date as an obligation `tilsynsrapport` (the scheduler keeps one open per
 * enhed), and the report itself as a tagged PDF rendered by Chromium from
 * the recorded documentation.
 */
@Injectable()
export class TilsynsrapportService implements OnModuleDestroy {
  private readonly logger = new Logger('Tilsynsrapport');
  private browser: Promise<Browser> | null = null;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly clock: Clock,
  ) {}

  async onModuleDestroy(): Promise<void> {
    const browser = this.browser;
    this.browser = null;
    if (browser) await (await browser.catch(() => null))?.close();
  }

  /**
   * R93: records a publication (the date it went up on the dagtilbud's
   * website and its address) by an administrator or the unit's chef or
   * leader. Completes the enhed's open `tilsynsrapport` obligation and makes
   * the next one due two years later.
   */
  async record(enhedKey: string, input: { publishedOn: LocalDate; url: string }, user: CurrentUser): Promise<TilsynsrapportList> {
    const today = this.clock.today();
    return this.db.transaction(async (em) => {
      const enhed = await enhedByKey(em, enhedKey);
      await this.assertMayRecord(em, user, enhed.unitId, today);
      if (input.publishedOn > today) throw new BadInputError(`publishedOn ${input.publishedOn} ligger efter i dag`, [{ field: 'publishedOn', message: 'i fremtiden' }]);
      if (input.publishedOn < enhed.validFrom) throw new RuleError('R93', `En tilsynsrapport kan ikke være offentliggjort før enheden åbnede (${enhed.validFrom})`, { field: 'publishedOn' });
      const [row] = await em.query(`INSERT INTO tilsynsrapport (unit_id, enhed_id, published_on, url, recorded_by) VALUES ($1, $2, $3, $4, $5) RETURNING id`, [
        enhed.unitId,
        enhed.enhedId,
        input.publishedOn,
        input.url,
        user.personId,
      ]);
      const done: { id: string; from_state: string }[] = await em.query(
        `WITH open AS (SELECT id, state FROM obligation WHERE unit_id = $1 AND kind = 'tilsynsrapport' AND subject_key = $2 AND loop_id IS NULL
                         AND state IN ('planned', 'scheduled', 'overdue') FOR UPDATE),
         done AS (UPDATE obligation o SET state = 'completed', snapshot = $3::jsonb, completed_on = $4::date,
                    completion = jsonb_build_object('heldOn', $4::date::text, 'url', $5::text, 'tilsynsrapportId', $6::text), version = o.version + 1, updated_at = now()
                  FROM open WHERE o.id = open.id RETURNING o.id, open.state AS from_state)
         SELECT id, from_state FROM done`,
        [enhed.unitId, enhed.key, JSON.stringify(OBLIGATION_SNAPSHOTS.completed), input.publishedOn, input.url, row.id],
      );
      for (const d of done) {
        await appendTransition(em, { actorPersonId: user.personId, unitId: enhed.unitId, obligationId: d.id, event: 'COMPLETE', fromState: d.from_state, toState: 'completed', payload: { publishedOn: input.publishedOn, url: input.url } });
      }
      await appendTransition(em, { actorPersonId: user.personId, unitId: enhed.unitId, event: 'TILSYNSRAPPORT_OFFENTLIGGJORT', fromState: null, toState: 'offentliggjort', payload: { tilsynsrapportId: row.id, enhedId: enhed.key, ...input } });
      const list = await this.list(enhed, em);
      const [{ n }] = await em.query(`SELECT count(*)::int AS n FROM obligation WHERE unit_id = $1 AND kind = 'tilsynsrapport' AND subject_key = $2`, [enhed.unitId, enhed.key]);
      await createStatutoryObligation(
        em,
        { unitId: enhed.unitId, enhedId: enhed.enhedId, kind: 'tilsynsrapport', sequence: n + 1, subjectKey: enhed.key, opensOn: list.items[0]!.publishedOn, dueOn: list.nextDueOn, responsibleRole: 'leader' },
        user.personId,
        'R93: næste tilsynsrapport',
      );
      return list;
    });
  }

  async listFor(enhedKey: string): Promise<TilsynsrapportList> {
    return this.list(await enhedByKey(this.db.manager, enhedKey), this.db.manager);
  }

  /** R93: the reports of each enhed of a unit (none for a school or FU). */
  async forUnit(unitId: string): Promise<TilsynsrapportList[]> {
    const keys: { key: string }[] = await this.db.query(`SELECT key FROM (${ENHEDER_SQL}) x WHERE x.unit_id = $1 ORDER BY x.name, x.key`, [unitId]);
    const lists: TilsynsrapportList[] = [];
    for (const { key } of keys) lists.push(await this.listFor(key));
    return lists;
  }

  async enhed(enhedKey: string): Promise<EnhedRef> {
    return enhedByKey(this.db.manager, enhedKey);
  }

  /**
   * R93/R74: keeps one open `tilsynsrapport` obligation per enhed in being,
   * due on the last publication + 2 years (or its opening + 2 years), set-based.
   */
  async generate(em: EntityManager, today: LocalDate): Promise<number> {
    const [{ n }] = await em.query(
      `WITH x AS (${ENHEDER_SQL}),
       due AS (
         SELECT x.key, x.enhed_id, x.unit_id, coalesce(r.n, 0) AS n, coalesce(r.last, greatest(x.valid_from, $5::date)) AS base
         FROM x LEFT JOIN LATERAL (
           SELECT count(*)::int AS n, max(t.published_on) AS last FROM tilsynsrapport t WHERE t.unit_id = x.unit_id AND coalesce(t.enhed_id, t.unit_id)::text = x.key) r ON true
         WHERE (x.valid_to IS NULL OR x.valid_to >= $1::date)
           AND NOT EXISTS (SELECT 1 FROM obligation o WHERE o.unit_id = x.unit_id AND o.kind = 'tilsynsrapport' AND o.subject_key = x.key
                             AND o.state IN ('planned', 'scheduled', 'overdue'))),
       t AS (SELECT d.*, (d.base + make_interval(years => $2))::date AS due_on FROM due d),
       inserted AS (
         INSERT INTO obligation (unit_id, loop_id, kind, sequence, subject_key, opens_on, due_on, responsible_role,
                                 chef_person_id, leader_person_id, responsible_person_id, state, snapshot, machine_version, enhed_id)
         SELECT t.unit_id, NULL, 'tilsynsrapport', t.n + 1, t.key, t.base, t.due_on, 'leader', ${CHEF}, ${LEADER}, ${responsiblePerson("'leader'")}, 'planned', $3::jsonb, $4, t.enhed_id
         FROM t ${responsiblesJoin('t.unit_id', 't.due_on', "'leader'")}
         ON CONFLICT DO NOTHING RETURNING 1)
       SELECT count(*)::int AS n FROM inserted`,
      [today, TILSYNSRAPPORT_YEARS, JSON.stringify(OBLIGATION_SNAPSHOTS.planned), OBLIGATION_MACHINE_VERSION, TILSYN_LAW_IN_FORCE_FROM],
    );
    return n;
  }

  /** R93: the report as a tagged PDF (A4, its own print stylesheet), from what is recorded for the enhed. */
  async pdf(enhedKey: string): Promise<{ filename: string; pdf: Buffer }> {
    const document = await this.document(await enhedByKey(this.db.manager, enhedKey));
    const browser = await this.chromium();
    const context = await browser.newContext({ javaScriptEnabled: false, locale: 'da-DK' });
    try {
      const page = await context.newPage();
      await page.setContent(renderTilsynsrapportHtml(document), { waitUntil: 'load' });
      const pdf = await page.pdf({ format: 'A4', tagged: true, printBackground: true, displayHeaderFooter: false, margin: { top: '18mm', bottom: '18mm', left: '18mm', right: '18mm' } });
      const slug = document.enhedName.normalize('NFKD').replace(/[^\w]+/g, '-').replace(/^-|-$/g, '').toLowerCase() || 'enhed';
      return { filename: `tilsynsrapport-${slug}-${document.generatedOn}.pdf`, pdf };
    } finally {
      await context.close();
    }
  }

  // ---- internals -------------------------------------------------------------

  private async list(enhed: EnhedRef, em: EntityManager): Promise<TilsynsrapportList> {
    const items: { id: string; published_on: string; url: string }[] = await em.query(
      `SELECT id, published_on::text, url FROM tilsynsrapport WHERE unit_id = $1 AND coalesce(enhed_id, unit_id)::text = $2 ORDER BY published_on DESC, created_at DESC`,
      [enhed.unitId, enhed.key],
    );
    const nextDueOn = nextTilsynsrapportDueOn(items[0]?.published_on ?? null, enhed.validFrom);
    return {
      enhedId: enhed.key,
      enhedName: enhed.name,
      nextDueOn,
      overdue: this.clock.today() > nextDueOn,
      items: items.map((r) => ({ id: r.id, publishedOn: r.published_on, url: r.url })),
    };
  }

  private async assertMayRecord(em: EntityManager, user: CurrentUser, unitId: string, today: LocalDate): Promise<void> {
    if (user.admin) return;
    const [role] = await em.query(
      `SELECT 1 FROM assignment WHERE unit_id = $1 AND person_id = $2 AND role IN ('chef', 'leader') AND valid_from <= $3 AND (valid_to IS NULL OR valid_to >= $3)`,
      [unitId, user.personId, today],
    );
    if (!role) throw new ForbiddenException('Kun forvaltningen, enhedens chef eller leder registrerer en offentliggjort tilsynsrapport');
  }

  /**
   * What the report says: the held visits' documentation (never a visit not
   * yet held, R91), the tilsyn's written assessments, skærpet tilsyn with its
   * handleplan and the board's comments, and the earlier publications.
   */
  private async document(enhed: EnhedRef): Promise<TilsynsrapportDocument> {
    const q = <T>(sql: string, params: unknown[]) => this.db.query(sql, params) as Promise<T[]>;
    const [unit] = await q<{ name: string; code: string; address: string | null }>(
      `SELECT u.name, u.code, e.address FROM unit u LEFT JOIN enhed e ON e.id = $2::uuid WHERE u.id = $1`,
      [enhed.unitId, enhed.enhedId],
    );
    const duties = await q<{ kind: string; completed_on: string; completion: Record<string, unknown> | null }>(
      `SELECT kind, completed_on::text, completion FROM obligation
       WHERE unit_id = $1 AND state = 'completed' AND kind IN ('tilsynsbesoeg', 'tilsynsdokumentation', 'tilsynsdialog', 'bestyrelsesorientering')
       ORDER BY completed_on, kind`,
      [enhed.unitId],
    );
    const cases = await q<{ id: string; state: string; decided_on: string; ended_on: string | null; reason: string; end_reason: string | null; plan: string | null }>(
      `SELECT s.id, s.state, s.decided_on::text, s.ended_on::text, s.reason, s.end_reason,
              (SELECT o.completion->>'note' FROM obligation o WHERE o.kind = 'handleplan' AND o.subject_key = s.id::text AND o.state = 'completed' LIMIT 1) AS plan
       FROM skaerpet_tilsyn s WHERE s.unit_id = $1 AND coalesce(s.enhed_id, s.unit_id)::text = $2 ORDER BY s.decided_on`,
      [enhed.unitId, enhed.key],
    );
    const comments = await q<{ skaerpet_tilsyn_id: string; received_on: string; text: string }>(
      `SELECT b.skaerpet_tilsyn_id, b.received_on::text, b.text FROM skaerpet_tilsyn_bemaerkning b JOIN skaerpet_tilsyn s ON s.id = b.skaerpet_tilsyn_id
       WHERE s.unit_id = $1 AND coalesce(s.enhed_id, s.unit_id)::text = $2 ORDER BY b.received_on`,
      [enhed.unitId, enhed.key],
    );
    const reports = await this.list(enhed, this.db.manager);
    const text = (v: unknown): string[] => (Array.isArray(v) ? v.map((x) => (typeof x === 'string' ? x : typeof x === 'object' && x && 'text' in x ? String((x as { text: unknown }).text) : JSON.stringify(x))) : typeof v === 'string' && v.trim() ? [v] : []);
    return {
      enhedName: enhed.name,
      unitName: unit?.name ?? '',
      unitCode: unit?.code ?? '',
      address: unit?.address ?? null,
      generatedOn: this.clock.today(),
      nextDueOn: reports.nextDueOn,
      visits: duties.map((d) => ({
        kind: d.kind,
        heldOn: d.completed_on,
        outcome: typeof d.completion?.outcome === 'string' ? d.completion.outcome : null,
        observations: text(d.completion?.observations),
        followUpPoints: text(d.completion?.followUpPoints),
        note: typeof d.completion?.note === 'string' ? d.completion.note : null,
      })),
      skaerpet: cases.map((c) => ({
        decidedOn: c.decided_on,
        endedOn: c.ended_on,
        reason: c.reason,
        endReason: c.end_reason,
        handleplan: c.plan,
        comments: comments.filter((x) => x.skaerpet_tilsyn_id === c.id).map((x) => ({ receivedOn: x.received_on, text: x.text })),
      })),
      publications: reports.items.map((r) => ({ publishedOn: r.publishedOn, url: r.url })),
    };
  }

  private chromium(): Promise<Browser> {
    if (!this.browser) {
      this.browser = (async () => {
        const { chromium } = await import('playwright-core');
        return chromium.launch({
          executablePath: chromiumPath(),
          args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-gpu'],
        });
      })();
      this.browser.catch((err) => {
        this.logger.error(`Chromium kunne ikke startes: ${err instanceof Error ? err.message : String(err)}`);
        this.browser = null;
      });
    }
    return this.browser;
  }
}

/** CHROMIUM_PATH, else Debian's chromium on PATH (as the browser tests find it). */
function chromiumPath(): string {
  if (process.env.CHROMIUM_PATH) return process.env.CHROMIUM_PATH;
  for (const name of ['chromium', 'chromium-browser']) {
    try {
      return execFileSync('which', [name], { encoding: 'utf8' }).trim();
    } catch {
      // the next name
    }
  }
  return '/usr/bin/chromium';
}
