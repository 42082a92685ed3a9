import { expect, test } from '@playwright/test';
import { DEMO_ADMIN, expectAccessible, loginAs } from './support';

/** A phone's width: DKFDS hides the desktop menu and the person below its lg breakpoint; the drawer carries both. */
test.use({ viewport: { width: 375, height: 800 } });

test('on a narrow screen the Menu opens DKFDS’s drawer with the menu, the person and Log ud; keyboard only', async ({ page }) => {
  await loginAs(page, DEMO_ADMIN);
  const drawer = page.locator('#app-menu');
  await expect(drawer).toBeHidden();
  await expect(page.locator('.portal-user')).toBeHidden();

  const menu = page.getByRole('link', { name: 'Menu', exact: true });
  await menu.focus();
  await page.keyboard.press('Enter');
  await expect(drawer).toBeVisible();
  // DKFDS moves focus into the drawer (its close control) and keeps it there.
  await expect(page.getByRole('link', { name: 'Luk menuen' })).toBeFocused();
  await expect(drawer).toContainText('Birgitte Holm Lauridsen');
  await expect(drawer.getByRole('button', { name: 'Log ud' })).toBeVisible();
  await expectAccessible(page);

  await page.keyboard.press('Enter'); // Luk menuen
  await expect(drawer).toBeHidden();
  await expect(page).not.toHaveURL(/#/);

  await menu.click();
  await drawer.getByRole('navigation', { name: 'Hovedmenu' }).getByRole('link', { name: 'Kalender' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Kalender');
  await expect(drawer).toBeHidden();
});

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  test('the Menu link still opens the drawer (#app-menu), its links work, and Luk menuen closes it', async ({ page }) => {
    await loginAs(page, DEMO_ADMIN);
    const drawer = page.locator('#app-menu');
    await expect(drawer).toBeHidden();
    await page.getByRole('link', { name: 'Menu', exact: true }).click();
    await expect(drawer).toBeVisible();
    await expect(page).toHaveURL(/#app-menu$/);
    await page.getByRole('link', { name: 'Luk menuen' }).click();
    await expect(drawer).toBeHidden();

    await page.getByRole('link', { name: 'Menu', exact: true }).click();
    await drawer.getByRole('link', { name: 'Påmindelser' }).click();
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    await expect(page).toHaveURL(/\/mig\/paamindelser$/);
    await page.getByRole('link', { name: 'Menu', exact: true }).click();
    await drawer.getByRole('button', { name: 'Log ud' }).click();
    await expect(page.getByText('Du er logget ud.')).toBeVisible();
  });
});

test('on a wide screen the drawer and its Menu link stay out of the way', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await loginAs(page, DEMO_ADMIN);
  await expect(page.getByRole('link', { name: 'Menu', exact: true })).toBeHidden();
  await expect(page.locator('#app-menu')).toBeHidden();
  await expect(page.locator('.portal-user')).toBeVisible();
});
