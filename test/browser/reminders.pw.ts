import { expect, test } from '@playwright/test';
import { DEMO_ADMIN, expectAccessible, loginAs } from './support';

test('anyone chooses how often the e-mail digest comes on Mine påmindelser (the digest footer links there)', async ({ page }) => {
  await page.goto('/login');
  await page.getByRole('button', { name: /^Log ind som / }).nth(1).click();
  await page.getByRole('navigation', { name: 'Hovedmenu' }).getByRole('link', { name: 'Påmindelser' }).click();
  await expect(page).toHaveTitle('Mine påmindelser – Kvalitetsloop');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Mine påmindelser');
  await expect(page.getByLabel('Dagligt')).toBeChecked();
  await expectAccessible(page);

  await page.getByLabel('Ugentligt').check();
  await page.getByRole('button', { name: 'Gem' }).click();
  await expect(page.locator('.alert-success')).toContainText('ugentligt');
  await expect(page.getByLabel('Ugentligt')).toBeChecked();
  await expectAccessible(page);
  await page.reload();
  await expect(page.getByLabel('Ugentligt')).toBeChecked();
});

test('an administrator reads the outbox (Udbakke) from the menu; a chef gets 403', async ({ page }) => {
  await loginAs(page, DEMO_ADMIN);
  await page.getByRole('navigation', { name: 'Hovedmenu' }).getByRole('link', { name: 'Udbakke' }).click();
  await expect(page).toHaveTitle('Udbakke – Kvalitetsloop');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Udbakke');
  await expect(page.getByRole('table').or(page.getByText('Udbakken er tom.'))).toBeVisible();
  await expectAccessible(page);

  await page.context().clearCookies();
  await page.goto('/login');
  await page.getByRole('button', { name: /^Log ind som / }).nth(1).click();
  await expect(page.getByRole('navigation', { name: 'Hovedmenu' }).getByRole('link', { name: 'Udbakke' })).toHaveCount(0);
  expect((await page.goto('/admin/udbakke'))?.status()).toBe(403);
});
