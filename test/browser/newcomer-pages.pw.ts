import { expect, test, type Page } from '@playwright/test';
import { DEMO_ADMIN, expectAccessible, loginAs, sql } from './support';

/**
 * Newcomer findings about the pages as a whole: the 404 page keeps the header
 * and menu, a favicon (no 404 in the console), every horizontally scrolling
 * region is reachable by keyboard and named, the coverage grid fits 1280 px
 * with its rules named in Danish, and the datapakker page counts what waits.
 */

/** Every element that actually scrolls sideways must be a named tab stop (WCAG 2.1.1, axe's scrollable-region-focusable). */
async function expectScrollRegionsFocusable(page: Page): Promise<void> {
  const bad = await page.evaluate(() =>
    Array.from(document.querySelectorAll<HTMLElement>('body *'))
      .filter((el) => {
        const style = getComputedStyle(el);
        return ['auto', 'scroll'].includes(style.overflowX) && el.scrollWidth > el.clientWidth + 1 && el.offsetParent !== null;
      })
      .filter((el) => el.getAttribute('tabindex') !== '0' || !(el.getAttribute('aria-label') || el.getAttribute('aria-labelledby')))
      .map((el) => el.outerHTML.slice(0, 120)),
  );
  expect(bad, `vandret rullende områder uden tabindex og navn på ${page.url()}`).toEqual([]);
}

/** The page itself never scrolls sideways: what is wider than the viewport is inside its own scroll region (or wraps). */
async function expectPageFitsViewport(page: Page): Promise<void> {
  const { page: width, viewport } = await page.evaluate(() => ({ page: document.documentElement.scrollWidth, viewport: window.innerWidth }));
  expect(width, `siden er bredere end skærmen på ${page.url()}`).toBeLessThanOrEqual(viewport);
}

test('the 404 page keeps the header and the menu; every page links a favicon that loads, and no request fails', async ({ page }) => {
  const failed: string[] = [];
  page.on('response', (r) => {
    if (r.status() >= 400) failed.push(`${r.status()} ${r.url()}`);
  });
  await loginAs(page, DEMO_ADMIN);
  expect(failed).toEqual([]);
  const icon = await page.locator('link[rel="icon"]').getAttribute('href');
  expect((await page.request.get(icon!)).status()).toBe(200);
  expect((await page.request.get('/favicon.ico')).status()).toBe(200);

  const res = await page.goto('/findes/ikke');
  expect(res!.status()).toBe(404);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Siden findes ikke');
  await expect(page.getByRole('navigation', { name: 'Hovedmenu' }).first().getByRole('link', { name: 'Mit overblik' })).toBeAttached();
  await expect(page.locator('.portal-user').first()).toContainText('Administrator');
  await expectAccessible(page);
});

test.describe('on a phone', () => {
  test.use({ viewport: { width: 375, height: 800 } });

  test('every sideways-scrolling region on Mit overblik, the unit page and Tilsynsplan is focusable and named, for each role', async ({ page }) => {
    const [chef] = await sql<{ email: string; unit_id: string }>(
      `SELECT p.email, a.unit_id FROM assignment a JOIN person p ON p.id = a.person_id WHERE a.role = 'chef' AND a.valid_to IS NULL ORDER BY p.email LIMIT 1`,
    );
    const [leader] = await sql<{ email: string; unit_id: string }>(
      `SELECT p.email, a.unit_id FROM assignment a JOIN person p ON p.id = a.person_id WHERE a.role = 'leader' AND a.valid_to IS NULL ORDER BY p.email LIMIT 1`,
    );
    for (const person of [chef!, leader!]) {
      await loginAs(page, person.email);
      for (const path of ['/', `/enheder/${person.unit_id}`, '/tilsynsplan']) {
        await page.goto(path);
        await expectScrollRegionsFocusable(page);
      }
    }
    await loginAs(page, DEMO_ADMIN);
    for (const path of ['/tilsyn', '/revisionsspor', '/datapakker']) {
      await page.goto(path);
      await expectScrollRegionsFocusable(page);
    }
  });

  test('the administration’s tables sit in named, focusable scroll regions and the CSV headers wrap: the page itself never scrolls sideways at 375 px', async ({ page }) => {
    await loginAs(page, DEMO_ADMIN);
    for (const path of ['/tilsyn', '/kvalitetsrapporter', '/organisation/personer', '/organisation/import']) {
      await page.goto(path);
      await expectScrollRegionsFocusable(page);
      await expectPageFitsViewport(page);
    }
    await page.goto('/tilsyn');
    await expect(page.getByRole('region', { name: 'Gennemført til tiden pr. chef, kan rulles vandret' })).toHaveAttribute('tabindex', '0');
    await page.goto('/organisation/personer');
    await expect(page.getByRole('region', { name: 'Personer, kan rulles vandret' })).toHaveAttribute('tabindex', '0');
    await page.goto('/kvalitetsrapporter');
    await expect(page.getByRole('region', { name: 'Kvalitetsrapporter, kan rulles vandret' })).toHaveAttribute('tabindex', '0');
    await expectAccessible(page);
  });

  test('the organisation’s tables (units, tildelinger), fokusområder, a quality report’s milestones and a refused import’s problems scroll in named regions, never the page, at 375 px', async ({ page }) => {
    await loginAs(page, DEMO_ADMIN);
    const [report] = await sql<{ id: string }>(`SELECT id FROM quality_report ORDER BY year DESC LIMIT 1`);
    const [admin] = await sql<{ id: string }>(`SELECT id FROM person WHERE email = $1`, [DEMO_ADMIN]);
    // A refused import's job page, as the import leaves it: its problems are a four-column table.
    const [job] = await sql<{ id: string }>(
      `INSERT INTO job_run (id, kind, started_by_person_id, state, done, total, attempts, started_at, finished_at, errors)
       VALUES (gen_random_uuid(), 'organisationsimport', $1, 'fejlet', 0, 2, 1, now(), now(), $2::jsonb) RETURNING id`,
      [admin!.id, JSON.stringify([{ message: 'Ukendt rolle "kok"; brug chef, leder, naeste_ledelseslag eller bestyrelse', file: 'people.csv', line: 2, column: 'rolle' }])],
    );
    const regions: [string, string][] = [
      ['/organisation', 'Enheder, kan rulles vandret'],
      ['/organisation/tildelinger', 'Tildelinger, kan rulles vandret'],
      ['/fokusomraader', 'Fokusområder pr. enhed, kan rulles vandret'],
      [`/kvalitetsrapporter/${report!.id}`, 'Milepæle, kan rulles vandret'],
      [`/job/${job!.id}`, 'Fejl i filerne, kan rulles vandret'],
    ];
    for (const [path, name] of regions) {
      await page.goto(path);
      await expect(page.getByRole('region', { name }), path).toHaveAttribute('tabindex', '0');
      await expectScrollRegionsFocusable(page);
      await expectPageFitsViewport(page);
      await expectAccessible(page);
    }
    // The other pages an administrator reaches from the menu fit too.
    // (The datapakker page's table is there only while datapakker wait; it has its region then too.)
    for (const path of ['/datapakker', '/', '/tilsynsplan', '/tilsynsafrapporteringer', '/revisionsspor', '/admin/udbakke', '/kalender', '/mig/paamindelser']) {
      await page.goto(path);
      await expectScrollRegionsFocusable(page);
      await expectPageFitsViewport(page);
    }
  });
});

test('the coverage page fits 1280 px, names its rule columns in Danish with the id, and says "hele kommunen"', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 900 });
  await loginAs(page, DEMO_ADMIN);
  await page.goto('/tilsyn');
  // With the statutory columns (R90, R93–R96, D1) the grid is wider than 1280 px: it scrolls in its named region, a tab
  // stop, and the page itself never scrolls sideways.
  const grid = page.getByRole('region', { name: 'Regeltjek pr. enhed' });
  await expect(grid).toHaveAttribute('tabindex', '0');
  const { scrolls, page: pageWidth } = await grid.evaluate((el) => ({ scrolls: el.scrollWidth > el.clientWidth, page: document.documentElement.scrollWidth }));
  expect(scrolls).toBe(true);
  expect(pageWidth).toBeLessThanOrEqual(1280);
  await expect(grid.getByRole('columnheader', { name: /^Tilsynsbesøg R90/ })).toBeAttached();
  await expect(grid.getByRole('columnheader', { name: /^Datapakke før samtale R41/ })).toBeVisible();
  await expect(page.getByText('hele kommunen tager et minut')).toBeVisible();
  await expect(page.locator('main')).not.toContainText('0 af 0');
  await expectAccessible(page);
});

test('R40/R41: the datapakker page counts what waits to be published, per age area', async ({ page }) => {
  await loginAs(page, DEMO_ADMIN);
  await page.goto('/datapakker');
  await expect(page.getByRole('heading', { name: 'Venter på at blive offentliggjort' })).toBeVisible();
  await expect(page.getByText('i den aktuelle runde')).toHaveCount(0);
  await expectAccessible(page);
});

test('ranges a reader sees are written with an en dash: age areas, cycles, school years and windows (webB finding 3)', async ({ page }) => {
  await loginAs(page, DEMO_ADMIN);
  const [report] = await sql<{ id: string }>(`SELECT id FROM quality_report WHERE age_area = '0-6' ORDER BY year DESC LIMIT 1`);
  const [dagtilbud] = await sql<{ id: string }>(
    `SELECT u.id FROM unit u WHERE u.type = 'dagtilbud' AND EXISTS (SELECT 1 FROM learning_loop l WHERE l.unit_id = u.id) ORDER BY u.code LIMIT 1`,
  );
  const [visit] = await sql<{ id: string }>(`SELECT id FROM obligation WHERE kind = 'tilsynsbesoeg' ORDER BY due_on LIMIT 1`);
  const paths = ['/kvalitetsrapporter', `/kvalitetsrapporter/${report!.id}`, '/fokusomraader', '/datapakker', '/tilsyn', '/tilsynsplan', `/enheder/${dagtilbud!.id}`, ...(visit ? [`/tilsynsbesoeg/${visit.id}`] : [])];
  for (const path of paths) {
    await page.goto(path);
    // What the page says, with its select options' texts; ISO dates (2026-11-30) are not ranges.
    const text = await page.evaluate(() => [document.querySelector('main')!.innerText, ...Array.from(document.querySelectorAll('main option'), (o) => o.textContent ?? '')].join('\n'));
    const hyphenated = text.replace(/\d{4}-\d{2}-\d{2}/g, '').match(/\b\d{1,4} ?- ?\d{1,4}\b/g) ?? [];
    expect(hyphenated, `bindestreg i et interval på ${path}`).toEqual([]);
  }
  await page.goto('/kvalitetsrapporter');
  await expect(page.locator('main')).toContainText('6–18 år i lige år og 0–6 år i ulige år (R10)');
  await page.goto(`/kvalitetsrapporter/${report!.id}`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(/^Kvalitetsrapport 0–6 år \d{4}$/);
  await page.goto('/tilsynsplan');
  await expect(page.locator('main')).toContainText(/\b20\d\d–20\d\d\b/);
});

