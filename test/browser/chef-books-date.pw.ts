import { expect, test } from '@playwright/test';
import { expectAccessible, loginAs, screenshotPath, sql, TODAY } from './support';

test('a chef finds her overdue samtaler and books a date', async ({ page }) => {
  // A chef with an overdue samtale at a unit no other spec touches (not one of the schools behind in samtale 1).
  const [chef] = await sql<{ email: string; name: string; unitName: string }>(
    `SELECT p.email, p.name, u.name AS "unitName" FROM obligation o JOIN person p ON p.id = o.chef_person_id JOIN unit u ON u.id = o.unit_id
     WHERE o.kind = 'laeringssamtale' AND o.state = 'overdue' AND o.sequence > 1 AND o.responsible_role = 'chef'
     ORDER BY u.code LIMIT 1`,
  );
  expect(chef, 'demo-data har en overskredet læringssamtale').toBeTruthy();
  await loginAs(page, chef!.email);
  await expect(page.locator('header')).toContainText(chef!.name);
  await expect(page.locator('header')).toContainText('Børn og Unge-chef');
  await expectAccessible(page);
  await page.screenshot({ path: screenshotPath('overblik-chef'), fullPage: false });

  // The counts at the top lead to the overdue ones, grouped by unit with the people involved.
  await page.getByRole('link', { name: /overskredne/ }).click();
  await expect(page).toHaveURL(/vis=overskredne/);
  await expectAccessible(page);
  const section = page.getByRole('table', { name: `Forpligtelser i ${chef!.unitName}` });
  const row = section.getByRole('row').filter({ hasText: 'Læringssamtale' }).first();
  await expect(row).toContainText('Overskredet');
  await expect(row).toContainText('Leder:');
  await row.getByRole('link', { name: /^Læringssamtale \d/ }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(/^Læringssamtale \d$/);
  await expectAccessible(page);

  await page.getByLabel('Book en dato').fill('2026-12-10');
  await page.getByRole('button', { name: 'Book dato' }).click();
  await expect(page.getByText('Datoen er booket: 10. dec. 2026.')).toBeVisible();
  await expect(page.locator('dl')).toContainText('10. dec. 2026');
  // The history says who booked it.
  await expect(page.getByRole('table', { name: /Seneste hændelser/ })).toContainText(chef!.name);
  await expect(page.getByRole('table', { name: /Seneste hændelser/ })).toContainText('Dato booket');
  await expectAccessible(page);

  // A date before the loop began is refused by the service, shown at the field.
  await page.getByLabel('Book en dato').fill('2001-01-01');
  await page.getByRole('button', { name: 'Book dato' }).click();
  await expect(page.locator('#error-summary')).toContainText('før læringsloopet begyndte');
  await expect(page.getByLabel('Book en dato')).toHaveAttribute('aria-invalid', 'true');
  await expectAccessible(page);
  expect(TODAY).toBe('2026-11-30');
});
