import { expect, test } from '@playwright/test';
import { loginAs, openSamtale1, TODAY } from './support';

test.use({ javaScriptEnabled: false });

test('the samtale confirmation works with JavaScript disabled, rows added by posting back, accepted with an R75 deviation reason', async ({ page }) => {
  const s = await openSamtale1(1);
  await loginAs(page, s.leaderEmail);
  await page.goto(`/forpligtelser/${s.obligationId}`);
  await page.getByRole('link', { name: 'Bekræft at samtalen er holdt' }).click();
  await expect(page.getByLabel('Deltager 5: rolle')).toBeVisible();
  await expect(page.getByLabel('Deltager 6: rolle')).toHaveCount(0);

  await page.getByLabel('Holdt den').fill(TODAY);
  await page.getByLabel('Deltager 1: rolle').selectOption('chef');
  await page.getByLabel('Deltager 1: navn').fill(s.chefName);
  // "Tilføj række" is a submit button: the server answers the same form with one more row, keeping what was typed.
  await page.getByRole('button', { name: 'Tilføj række' }).click();
  await expect(page.getByLabel('Deltager 6: rolle')).toBeVisible();
  await expect(page.getByLabel('Deltager 1: navn')).toHaveValue(s.chefName);
  await expect(page.locator('#error-summary')).toHaveCount(0);

  await page.getByLabel('Deltager 2: rolle').selectOption('leder');
  await page.getByLabel('Deltager 2: navn').fill(s.leaderName);
  await page.getByLabel('Aftaler').fill('Vi evaluerer læsebåndet til jul');
  await page.getByLabel('Fokusområde 1: titel').fill('Læselyst');
  await page.getByLabel('Fokusområde 1: tema').selectOption(s.themes[0]!);
  await page.getByLabel('Børnenes og de unges perspektiv').fill('Klassernes elevrådsrepræsentanter spørges');
  await page.getByLabel('B: Data fra egen praksis').check();
  await page.getByRole('button', { name: 'Bekræft', exact: true }).click();
  await expect(page.locator('#error-summary')).toContainText('R27');
  await expect(page.getByLabel('Fokusområde 1: titel')).toHaveValue('Læselyst');

  await expect(page.locator('#error-summary')).toContainText('R75');
  // R75: the board did not take part; the samtale is recorded as a deviation, with the reason.
  await page.getByLabel('Begrundelse for afvigelse').fill('Bestyrelsens repræsentant blev syg samme dag');
  await page.getByRole('button', { name: 'Bekræft', exact: true }).click();
  await expect(page.getByText('Læringssamtale 1 er bekræftet.')).toBeVisible();
  await expect(page.locator('dl')).toContainText('Gennemført');
});
