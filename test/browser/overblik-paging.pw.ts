import { expect, test } from '@playwright/test';
import { expectAccessible, loginAs, sql } from './support';

/**
 * Mit overblik in pages (issue 7, Speed): the busiest demo chef, ten rows a
 * page (`antal=10`; the default 100 fits the demo's chefs on one page), pages
 * through with the Danish links — keeping the filter — with and without
 * JavaScript (plain links). Axe on every page with JavaScript (axe itself is a script).
 */
for (const javaScriptEnabled of [true, false]) {
  test.describe(`javascript ${javaScriptEnabled ? 'on' : 'off'}`, () => {
    test.use({ javaScriptEnabled });

    test(`a chef pages through Mit overblik and keeps the filter (JavaScript ${javaScriptEnabled ? 'til' : 'fra'})`, async ({ page }) => {
      const [chef] = await sql<{ email: string }>(
        `SELECT p.email FROM assignment a JOIN person p ON p.id = a.person_id
         WHERE a.role = 'chef' AND a.valid_to IS NULL GROUP BY p.email ORDER BY count(*) DESC, p.email LIMIT 1`,
      );
      const check = javaScriptEnabled ? expectAccessible : async () => undefined;
      await loginAs(page, chef!.email);
      await page.goto('/?vis=alle&antal=10');
      const pages = page.getByRole('navigation', { name: 'Sider i Mit overblik', exact: true });
      await expect(pages).toBeVisible();
      await expect(page.locator('#overblik-side')).toContainText(/^Side 1 af (\d+)/);
      const total = Number(/af (\d+):/.exec((await page.locator('#overblik-side').textContent()) ?? '')![1]);
      expect(total).toBeGreaterThanOrEqual(2);
      await expect(pages.getByRole('link', { name: 'Forrige side' })).toHaveCount(0);
      await check(page);

      await pages.getByRole('link', { name: 'Næste side' }).click();
      await expect(page).toHaveURL(/vis=alle&antal=10&side=2/);
      await expect(page.locator('#overblik-side')).toContainText(`Side 2 af ${total}`);
      await expect(page).toHaveTitle(`Mit overblik, side 2 af ${total} – Kvalitetsloop`);
      await expect(pages.getByRole('link', { name: `Side 2 af ${total}` })).toHaveAttribute('aria-current', 'page');
      await check(page);
      await pages.getByRole('link', { name: 'Forrige side' }).click();
      await expect(page.locator('#overblik-side')).toContainText(`Side 1 af ${total}`);

      // A filter: its count at the top, and paging keeps it.
      await page.getByRole('navigation', { name: 'Vis forpligtelser' }).getByRole('link', { name: /åbner snart/ }).click();
      await expect(page).toHaveURL(/vis=snart/);
      const soon = Number((await page.locator('.app-count-current .app-count').textContent()) ?? '0');
      if (soon > 100) {
        await page.getByRole('navigation', { name: 'Sider i Mit overblik', exact: true }).getByRole('link', { name: 'Næste side' }).click();
        await expect(page).toHaveURL(/vis=snart&side=2/);
      }
      await expect(page.getByText('Viser kun forpligtelser, der er åbner snart.')).toBeVisible();
      await check(page);
    });
  });
}

test('the unit page’s timeline stays legible on a 375 px phone (labels ≥ 11 px), scrolling sideways', async ({ page }) => {
  await page.setViewportSize({ width: 375, height: 800 });
  const [chef] = await sql<{ email: string; unitId: string }>(
    `SELECT p.email, a.unit_id AS "unitId" FROM assignment a JOIN person p ON p.id = a.person_id JOIN learning_loop l ON l.unit_id = a.unit_id
     WHERE a.role = 'chef' AND a.valid_to IS NULL ORDER BY p.email, a.unit_id LIMIT 1`,
  );
  await loginAs(page, chef!.email);
  await page.goto(`/enheder/${chef!.unitId}`);
  const sizes = await page.evaluate(() =>
    ['.tl-lane', '.tl-tick', '.tl-mark'].map((selector) => {
      const text = document.querySelector<SVGTextElement>(`.app-timeline ${selector}`);
      if (!text) return { selector, px: null };
      // The size on screen: the CSS font size scaled by the SVG's viewBox.
      return { selector, px: parseFloat(getComputedStyle(text).fontSize) * (text.getScreenCTM()?.a ?? 0) };
    }),
  );
  for (const { selector, px } of sizes) {
    if (px === null) continue;
    expect(px, `${selector} på 375 px`).toBeGreaterThanOrEqual(11);
  }
  expect(sizes.find((s) => s.selector === '.tl-lane')?.px).not.toBeNull();
  // The drawing scrolls inside its own region, not the page.
  const scroll = page.getByRole('region', { name: 'Tidslinjen, kan rulles vandret' });
  expect(await scroll.evaluate((el) => el.scrollWidth > el.clientWidth)).toBe(true);
  expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1)).toBe(true);
  await expectAccessible(page);
});
