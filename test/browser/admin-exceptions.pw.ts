import { expect, test } from '@playwright/test';
import { DEMO_ADMIN, expectAccessible, loginAs, openSamtale1, sql } from './support';

test('R31: an administrator confirms a samtale held before its window opened — refused without a reason, accepted as an exception (R75) with one', async ({ page }) => {
  const s = await openSamtale1(4);
  const [{ opensOn, datapakkeOn }] = await sql<{ opensOn: string; datapakkeOn: string }>(
    `SELECT to_char(o.opens_on, 'YYYY-MM-DD') AS "opensOn", to_char(d.completed_on, 'YYYY-MM-DD') AS "datapakkeOn"
     FROM obligation o JOIN obligation d ON d.loop_id = o.loop_id AND d.kind = 'datapakke' AND d.sequence = 1 WHERE o.id = $1`,
    [s.obligationId],
  );
  // A day before the window opens, after the datapakke was published (so only R31 is at stake, not R41).
  const held = new Date(Date.parse(`${opensOn}T12:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
  expect(held > datapakkeOn).toBe(true);

  await loginAs(page, DEMO_ADMIN);
  await page.goto(`/forpligtelser/${s.obligationId}/bekraeft`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Bekræft læringssamtale 1');
  await page.getByLabel('Holdt den').fill(held);
  await page.getByLabel('Deltager 1: rolle').selectOption('chef');
  await page.getByLabel('Deltager 1: navn').fill(s.chefName);
  await page.getByLabel('Deltager 2: rolle').selectOption('leder');
  await page.getByLabel('Deltager 2: navn').fill(s.leaderName);
  await page.getByLabel('Deltager 3: rolle').selectOption('bestyrelsesrepraesentant');
  await page.getByLabel('Deltager 3: navn').fill(s.boardName);
  await page.getByLabel('Aftaler').fill('Samtalen blev rykket frem af hensyn til skolens kalender');
  await page.getByLabel('Fokusområde 1: titel').fill('Overgange');
  await page.getByLabel('Fokusområde 1: tema').selectOption(s.themes[0]!);
  await page.getByLabel('Børnenes og de unges perspektiv').fill('Elevrådet deltog');
  await page.getByLabel('A: Datapakken').check();
  await page.getByRole('button', { name: 'Bekræft', exact: true }).click();

  // Refused: the summary names R31 at the date, and (to an administrator) the exception field that would accept it.
  const summary = page.locator('#error-summary');
  await expect(summary).toBeFocused();
  await expect(summary.getByRole('link', { name: /^R31: .*før dens vindue åbner/ })).toHaveAttribute('href', '#heldOn');
  const link = summary.getByRole('link', { name: /^R75/ });
  await expect(link).toHaveAttribute('href', '#undtagelse');
  await expect(link).toContainText('undtagelse fra R31');
  await expect(page.getByLabel('Begrundelse for undtagelse fra tidsvinduet (R31)')).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByLabel('Holdt den')).toHaveValue(held);
  await expectAccessible(page);
  const stillOpen = await sql<{ state: string }>(`SELECT state FROM obligation WHERE id = $1`, [s.obligationId]);
  expect(stillOpen[0]!.state).not.toBe('completed');

  await page.getByLabel('Begrundelse for undtagelse fra tidsvinduet (R31)').fill('Skolen holdt samtalen før vinduet efter aftale med forvaltningen');
  await page.getByRole('button', { name: 'Bekræft', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Læringssamtale 1');
  await expect(page.getByText('Læringssamtale 1 er bekræftet.')).toBeVisible();
  // The exception is recorded as a deviation with its reason, visible on the obligation (R75).
  const deviations = page.locator('h3:has-text("Afvigelser (R75)") + ul');
  await expect(deviations).toContainText('R31');
  await expect(deviations).toContainText('undtagelse godkendt af en administrator');
  await expect(deviations).toContainText('Skolen holdt samtalen før vinduet efter aftale med forvaltningen');
  await expectAccessible(page);
});
