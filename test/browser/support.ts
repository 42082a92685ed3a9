import AxeBuilder from '@axe-core/playwright';
import { expect, type Page } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { startEmbeddedPostgres } from '../../src/database/embedded-postgres';

export const DEMO_ADMIN = 'admin@demo.local';
/** The pinned "today" of the browser run (playwright.config.ts). */
export const TODAY = '2026-11-30';

/**
 * Logs in through the demo login exactly as a person would: the E-mail field
 * and the button. Every role's journey starts here.
 */
export async function loginAs(page: Page, email: string): Promise<void> {
  await page.context().clearCookies();
  await page.goto('/login');
  await page.getByLabel('E-mail').fill(email);
  await page.getByRole('button', { name: 'Log ind', exact: true }).click();
  await expect(page).not.toHaveURL(/\/login/);
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
}

/** WCAG 2.1 A and AA: no violations at all; one h1 and a title on every page. */
export async function expectAccessible(page: Page): Promise<void> {
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  const summary = result.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')})`);
  expect(summary, `axe på ${page.url()}`).toEqual([]);
  await expect(page.locator('h1')).toHaveCount(1);
  expect((await page.title()).length).toBeGreaterThan(0);
}

/** Where the tests leave their screenshots (the best are copied to docs/ by hand). */
export function screenshotPath(name: string): string {
  const dir = join(tmpdir(), 'kvalitetsloop-screenshots');
  mkdirSync(dir, { recursive: true });
  return join(dir, `${name}.png`);
}

/**
 * Read-only look-ups (and the one XSS fixture) in the service's own embedded
 * database, found through its DATA_DIR like `npm run token` does: the tests
 * pick demo people and units by what is true of them, not by hard-coded names.
 * Each call joins the server with a lease and lets go of it afterwards, so
 * when the service stops at the end of the run (playwright.config.ts stops it
 * with SIGTERM) no lease is left to keep the PostgreSQL running.
 */
export async function sql<T = Record<string, unknown>>(text: string, params: unknown[] = []): Promise<T[]> {
  const db = await startEmbeddedPostgres(process.env.KL_BROWSER_DATA_DIR!);
  try {
    const client = new Client({ connectionString: db.url });
    await client.connect();
    try {
      return (await client.query(text, params)).rows as T[];
    } finally {
      await client.end();
    }
  } finally {
    await db.stop();
  }
}

export interface OpenSamtale {
  obligationId: string;
  unitId: string;
  unitName: string;
  leaderEmail: string;
  leaderName: string;
  chefEmail: string;
  chefName: string;
  boardName: string;
  themes: string[];
}

/**
 * Kommunal schools whose samtale 1 is open (the demo leaves about one unit in
 * nine behind) with the round's datapakke published. `index` keeps the specs
 * that run in parallel on different units; the list does not shift when one of
 * them confirms its samtale.
 */
export async function openSamtale1(index: number): Promise<OpenSamtale> {
  const rows = await sql<OpenSamtale>(
    `SELECT o.id AS "obligationId", u.id AS "unitId", u.name AS "unitName", lp.email AS "leaderEmail", lp.name AS "leaderName",
            cp.email AS "chefEmail", cp.name AS "chefName", r.themes,
            (SELECT p.name FROM assignment a JOIN person p ON p.id = a.person_id WHERE a.unit_id = u.id AND a.role = 'board' ORDER BY p.name LIMIT 1) AS "boardName"
     FROM obligation o JOIN unit u ON u.id = o.unit_id JOIN learning_loop l ON l.id = o.loop_id JOIN quality_report r ON r.id = l.quality_report_id
     JOIN person lp ON lp.id = o.leader_person_id JOIN person cp ON cp.id = o.chef_person_id
     WHERE o.kind = 'laeringssamtale' AND o.sequence = 1 AND u.type = 'skole' AND u.governance = 'kommunal'
       AND o.opens_on <= $1
       -- Stable while the specs run in parallel: still open, or confirmed by a spec today (they all hold it on TODAY).
       AND (o.state IN ('planned', 'scheduled', 'overdue') OR o.completed_on = $1::date)
       AND EXISTS (SELECT 1 FROM obligation d WHERE d.loop_id = o.loop_id AND d.kind = 'datapakke' AND d.sequence = 1 AND d.state = 'completed')
     ORDER BY u.code`,
    [TODAY],
  );
  const row = rows[index];
  if (!row) throw new Error(`Demo-data har ikke ${index + 1} skoler med en åben læringssamtale 1 (fandt ${rows.length})`);
  return row;
}
