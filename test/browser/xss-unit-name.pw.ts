import { expect, test, type Page } from '@playwright/test';
import { expectAccessible, loginAs, openSamtale1, sql } from './support';

const EVIL = '<img src=x onerror=alert(1)>';

test('a unit named <img src=x onerror=alert(1)> appears as text on every page that lists it, and no dialog opens', async ({ page }) => {
  const s = await openSamtale1(3);
  await sql(`UPDATE unit SET name = $1 WHERE id = $2`, [EVIL, s.unitId]);
  const dialogs: string[] = [];
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  const showsAsText = async (p: Page) => {
    await expect(p.getByText(EVIL).first()).toBeVisible();
    expect(await p.locator('img[src="x"]').count()).toBe(0);
  };

  // The leader: header, Mit overblik, the unit, the samtale and its form.
  await loginAs(page, s.leaderEmail);
  await expect(page.locator('header')).toContainText(`Leder, ${EVIL}`);
  await showsAsText(page);
  await page.goto(`/enheder/${s.unitId}`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(EVIL);
  await expect(page).toHaveTitle(`${EVIL} – Enhed – Kvalitetsloop`);
  await expectAccessible(page);
  await page.goto(`/forpligtelser/${s.obligationId}`);
  await showsAsText(page);
  await page.goto(`/forpligtelser/${s.obligationId}/bekraeft`);
  await showsAsText(page);

  // The chef's overview groups by unit name.
  await loginAs(page, s.chefEmail);
  await expect(page.getByRole('heading', { name: EVIL })).toBeVisible();
  await showsAsText(page);

  // The demo login lists people with their unit.
  await page.goto('/login?next=/');
  expect(dialogs).toEqual([]);
});
