import { expect, test } from '@playwright/test';
import { DEMO_ADMIN, expectAccessible, loginAs } from './support';

test('the demo login lists people by role, logs in by e-mail and logs out', async ({ page }) => {
  await page.goto('/');
  await expect(page).toHaveURL(/\/login/);
  await expect(page).toHaveTitle('Log ind – Kvalitetsloop');
  await expectAccessible(page);
  await expect(page.getByRole('heading', { name: 'Børn og Unge-chefer' })).toBeVisible();

  await page.getByLabel('E-mail').fill('ingen@demo.local');
  await page.getByRole('button', { name: 'Log ind', exact: true }).click();
  await expect(page.locator('#error-summary')).toContainText('ingen person');
  await expect(page.getByLabel('E-mail')).toHaveAttribute('aria-describedby', /email-error/);
  await expectAccessible(page);

  await loginAs(page, DEMO_ADMIN);
  await expect(page.locator('header')).toContainText('Administrator');
  await expectAccessible(page);
  await page.getByRole('link', { name: 'Tilgængelighedserklæring' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Tilgængelighedserklæring');
  await expectAccessible(page);

  await page.getByRole('button', { name: 'Log ud' }).click();
  await expect(page).toHaveURL(/\/login\?ud=1/);
  await page.goto('/');
  await expect(page).toHaveURL(/\/login/);
});

test('a demo person is one click away', async ({ page }) => {
  await page.goto('/login');
  await page.getByRole('button', { name: /^Log ind som / }).nth(1).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Mit overblik' })).toBeVisible();
  await expect(page.locator('header')).toContainText('Børn og Unge-chef');
});

test('the API keeps answering JSON with bearer tokens, not pages', async ({ request }) => {
  const res = await request.get('/api/v1/me');
  expect(res.status()).toBe(401);
  expect(res.headers()['content-type']).toContain('application/json');
  expect(res.headers()['content-security-policy']).toBeUndefined();
});
