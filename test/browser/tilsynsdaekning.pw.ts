import { expect, test } from '@playwright/test';
import { DEMO_ADMIN, expectAccessible, loginAs, sql } from './support';

/**
 * D1 (newcomer): Tilsynsdækning shows the statutory verdicts (R90, R93–R96) beside the R80 rules, filters by
 * specialtilbud and unit as the API does, and opens to a chef for their own units (R3). Screenshots: /tmp/tilsynpage-*.png.
 */
test('R80/R90/R93: an administrator filters Tilsynsdækning by specialtilbud and unit and reads the statutory verdicts; a bad filter names its field', async ({ page }) => {
  test.setTimeout(180_000);
  await loginAs(page, DEMO_ADMIN);
  await page.goto('/tilsyn');
  const grid = page.getByRole('table', { name: /Regeltjek/ });
  for (const [name, rule] of [['Tilsynsbesøg', 'R90'], ['Tilsynsrapport', 'R93'], ['Skoleudviklingssamtale', 'R94'], ['Skærpet tilsyn', 'R95'], ['Handleplan', 'R96']]) {
    await expect(grid.getByRole('columnheader', { name: new RegExp(`^${name} ${rule}`) })).toHaveCount(1);
  }
  await expect(page.locator('main p').filter({ hasText: 'regeltjekkene' })).toContainText('R90, R93, R94, R95 og R96');
  await expect(page.getByRole('list', { name: /^Lovpligtigt tilsyn/ })).toContainText('mangler tilsynsbesøg (R90)');
  await expectAccessible(page);
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.screenshot({ path: '/tmp/tilsynpage-admin.png', fullPage: true });

  // A dagtilbud that is not a specialtilbud, found by part of its name.
  const [unit] = await sql<{ id: string; code: string; name: string }>(
    `SELECT id, code, name FROM unit u WHERE type = 'dagtilbud' AND NOT special AND valid_to IS NULL
       AND (SELECT count(*) FROM unit v WHERE v.name ILIKE '%' || u.name || '%') = 1 ORDER BY code LIMIT 1`,
  );
  await page.getByLabel('Specialtilbud').selectOption({ label: 'Uden specialtilbud' });
  await page.getByLabel('Enhed', { exact: true }).fill(unit!.name);
  await page.getByRole('button', { name: 'Vis tilsynsdækning' }).click();
  await expect(page).toHaveURL(/special=nej/);
  // The address keeps the search; the links the page makes carry the API's unitId.
  await expect(page).toHaveURL(/enhed=/);
  await expect(page.getByRole('heading', { level: 2, name: /^1 enhed, / })).toBeVisible();
  await expect(page.getByLabel('Enhed', { exact: true })).toHaveValue(unit!.code);
  await expect(grid.locator('tbody').getByRole('rowheader')).toHaveCount(1);
  const r90 = grid.locator('td[data-rule="R90"]');
  await expect(r90).toHaveText(/^(✓ OK|✗ Fejl).*\d+ af 1 anmeldt, \d+ af 1 uanmeldt holdt/);
  await expect(grid.locator('td[data-rule="R93"]')).toHaveText(/^(✓ OK|✗ Fejl)(Næste senest|Forfalden)/);
  await expect(grid.locator('td[data-rule="R94"]')).toHaveText('Ikke relevant');
  // R96: the demo has no skærpet tilsyn, so there is no handleplan to judge (it read "OK" before).
  await expect(grid.locator('td[data-rule="R96"]')).toHaveText('Ikke relevant');
  await expect(page.getByRole('link', { name: 'Hent direkte' })).toHaveAttribute('href', new RegExp(`special=nej&unitId=${unit!.id}$`));
  await expectAccessible(page);
  await page.screenshot({ path: '/tmp/tilsynpage-filtered.png', fullPage: true });
  // Scrolled sideways to the statutory columns, the unit's name stays in view (newcomer finding: rows lost their name).
  const region = page.getByRole('region', { name: /Regeltjek/ });
  await region.evaluate((el) => (el.scrollLeft = el.scrollWidth));
  await r90.scrollIntoViewIfNeeded();
  const regionBox = (await region.boundingBox())!;
  const nameBox = (await grid.locator('tbody').getByRole('rowheader').first().boundingBox())!;
  expect(nameBox.x).toBeGreaterThanOrEqual(regionBox.x - 1);
  expect(nameBox.x).toBeLessThan(regionBox.x + 20);
  await region.screenshot({ path: '/tmp/tilsynpage-sticky.png' });

  // A name with Danish letters, typed without them (the last newcomer's »SKADE« for »Skåde«): å/aa, æ/ae, ø/oe.
  const [danish] = await sql<{ name: string; code: string }>(
    `SELECT name, code FROM unit u WHERE name ~ '[æøåÆØÅ]' AND valid_to IS NULL
       AND (SELECT count(*) FROM unit v WHERE v.name ILIKE '%' || u.name || '%') = 1 ORDER BY code LIMIT 1`,
  );
  const typed = danish!.name.replace(/[åÅ]/g, 'aa').replace(/[æÆ]/g, 'ae').replace(/[øØ]/g, 'oe').toUpperCase();
  await page.goto('/tilsyn');
  await page.getByLabel('Enhed', { exact: true }).fill(typed);
  await page.getByRole('button', { name: 'Vis tilsynsdækning' }).click();
  await expect(page.getByRole('heading', { level: 2, name: /^1 enhed, / })).toBeVisible();
  await expect(page.getByLabel('Enhed', { exact: true })).toHaveValue(danish!.code);
  await page.screenshot({ path: '/tmp/tilsynpage-folded.png', fullPage: true });

  // A hand-edited address: the page says which field is wrong, in Danish, as a 400.
  const bad = await page.goto('/tilsyn?special=kanske');
  expect(bad?.status()).toBe(400);
  await expect(page.locator('#error-summary')).toContainText('Specialtilbud: vælg Alle, Kun specialtilbud eller Uden specialtilbud');
  await expect(page.locator('#error-summary').getByRole('link')).toHaveAttribute('href', '#special');
  await expectAccessible(page);
  expect((await page.goto('/tilsyn?chefId=ikke-et-id'))?.status()).toBe(400);
  await expect(page.locator('#error-summary')).toContainText('Chef: adressens chef-id er ugyldigt – vælg chefen i listen');
});

test('R3/R80: a chef opens Tilsynsdækning from the menu and sees their own units with the statutory verdicts, no chef filter', async ({ page }) => {
  test.setTimeout(120_000);
  const [chef] = await sql<{ email: string; units: number }>(
    `SELECT p.email, count(DISTINCT a.unit_id)::int AS units FROM assignment a JOIN person p ON p.id = a.person_id
      WHERE a.role = 'chef' AND a.valid_to IS NULL AND NOT p.admin GROUP BY p.email ORDER BY count(*) DESC, p.email LIMIT 1`,
  );
  await loginAs(page, chef!.email);
  await page.getByRole('navigation', { name: 'Hovedmenu' }).getByRole('link', { name: 'Tilsyn', exact: true }).click();
  await expect(page).toHaveTitle('Tilsynsdækning – Kvalitetsloop');
  await expect(page.getByText('Du ser de enheder, du var chef for i perioden.')).toBeVisible();
  await expect(page.getByLabel('Chef', { exact: true })).toHaveCount(0);
  const grid = page.getByRole('table', { name: /Regeltjek/ });
  // Their units today at least (the period, this calendar year, may hold earlier ones too).
  expect(await grid.locator('tbody').getByRole('rowheader').count()).toBeGreaterThanOrEqual(chef!.units);
  await expect(grid.locator('td[data-rule="R90"]').first()).toHaveText(/OK|Fejl|Ikke relevant/);
  await expectAccessible(page);
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.screenshot({ path: '/tmp/tilsynpage-chef.png', fullPage: true });
});
