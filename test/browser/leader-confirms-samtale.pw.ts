import { expect, test } from '@playwright/test';
import { expectAccessible, loginAs, openSamtale1, screenshotPath, TODAY } from './support';

test('a leader confirms samtale 1: first refused (R27 under R75: the missing board participant, linked to the field), then accepted', async ({ page }) => {
  const s = await openSamtale1(0);
  await loginAs(page, s.leaderEmail);
  await expect(page.locator('header')).toContainText(`Leder, ${s.unitName}`);
  await expectAccessible(page);

  // From Mit overblik: "what I must do" lists the samtale.
  const mine = page.getByRole('table', { name: 'Forpligtelser, du som leder booker og bekræfter' });
  await mine.getByRole('link', { name: 'Læringssamtale 1' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Læringssamtale 1');
  await expectAccessible(page);
  await page.getByRole('link', { name: 'Bekræft at samtalen er holdt' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Bekræft læringssamtale 1');
  await expectAccessible(page);

  // Everything but the board's representative.
  await page.getByLabel('Holdt den').fill(TODAY);
  await page.getByLabel('Deltager 1: rolle').selectOption('chef');
  await page.getByLabel('Deltager 1: navn').fill(s.chefName);
  await page.getByLabel('Deltager 2: rolle').selectOption('leder');
  await page.getByLabel('Deltager 2: navn').fill(s.leaderName);
  await page.getByLabel('Aftaler').fill('Vi følger op på trivslen i udskolingen\nLæsebånd i 4.–6. klasse');
  await page.getByLabel('Fokusområde 1: titel').fill('Nærvær i overgangene');
  await page.getByLabel('Fokusområde 1: tema').selectOption(s.themes[0]!);
  await page.getByLabel('Børnenes og de unges perspektiv').fill('Elevrådet interviewer klasserne før hver samtale');
  await page.getByLabel('A: Datapakken').check();
  await page.getByRole('button', { name: 'Bekræft', exact: true }).click();

  const summary = page.locator('#error-summary');
  await expect(summary).toBeVisible();
  await expect(summary).toContainText('R27: En repræsentant for bestyrelsen skal deltage i læringssamtale 1');
  await expect(summary).toBeFocused();
  // The summary links to the field, and the field names its error.
  await expect(summary.getByRole('link', { name: /^R27/ })).toHaveAttribute('href', '#deltager-rolle-1');
  // R75: the samtale could be recorded as a deviation, with a reason in its own field.
  await expect(summary.getByRole('link', { name: /^R75/ })).toHaveAttribute('href', '#afvigelse');
  await expect(summary.getByRole('link', { name: /^R75/ })).toContainText('Begrundelse for afvigelse');
  await expect(page.getByLabel('Begrundelse for afvigelse')).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByLabel('Deltager 1: rolle')).toHaveAttribute('aria-describedby', 'deltager-rolle-1-error');
  await expect(page.getByLabel('Deltager 1: navn')).toHaveValue(s.chefName);
  await expectAccessible(page);
  await page.screenshot({ path: screenshotPath('samtale-fejl'), fullPage: false });

  await page.getByLabel('Deltager 3: rolle').selectOption('bestyrelsesrepraesentant');
  await page.getByLabel('Deltager 3: navn').fill(s.boardName);
  await page.getByRole('button', { name: 'Bekræft', exact: true }).click();

  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Læringssamtale 1');
  await expect(page.getByText('Læringssamtale 1 er bekræftet.')).toBeVisible();
  await expect(page.locator('dl')).toContainText('Gennemført');
  await expect(page.getByRole('heading', { name: 'Fokusområder' })).toBeVisible();
  await expect(page.getByText('Nærvær i overgangene')).toBeVisible();
  await expectAccessible(page);

  // The unit page shows the focus area too, and the round as completed.
  await page.getByRole('link', { name: s.unitName }).first().click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(s.unitName);
  await expect(page.getByText('Nærvær i overgangene')).toBeVisible();
  await expectAccessible(page);
  await page.screenshot({ path: screenshotPath('enhed'), fullPage: true });

  // R53: the leader records an extra 1:1 follow-up on the unit page.
  await page.getByLabel('Holdt den').fill(TODAY);
  await page.getByLabel('Note').fill('Ekstra samtale om overgangene');
  await page.getByRole('button', { name: 'Registrér ekstra opfølgning' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(s.unitName);
  await expect(page.locator('.alert-success')).toContainText('ekstra ledelsesopfølgning er registreret');
  await expectAccessible(page);
});
