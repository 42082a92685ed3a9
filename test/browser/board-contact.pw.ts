import { expect, test } from '@playwright/test';
import { expectAccessible, loginAs, sql, TODAY } from './support';

test("a board contact confirms the board's input with its written statement", async ({ page }) => {
  const [board] = await sql<{ email: string; name: string; unitName: string; sequence: number }>(
    `SELECT p.email, p.name, u.name AS "unitName", o.sequence FROM obligation o JOIN person p ON p.id = o.responsible_person_id JOIN unit u ON u.id = o.unit_id
     WHERE o.kind = 'bestyrelsesinput' AND o.responsible_role = 'board' AND o.state IN ('planned', 'overdue') AND o.opens_on <= $1
       AND u.type = 'dagtilbud'
     ORDER BY u.code, o.sequence LIMIT 1`,
    [TODAY],
  );
  expect(board).toBeTruthy();
  await loginAs(page, board!.email);
  await expect(page.locator('header')).toContainText(`Bestyrelseskontakt, ${board!.unitName}`);
  await expect(page.getByRole('heading', { name: 'Bestyrelsens opgaver' })).toBeVisible();
  await expectAccessible(page);

  const duties = page.getByRole('table', { name: 'Bestyrelsens input og tilsynsafrapportering' });
  await duties.getByRole('link', { name: `Bestyrelsens input ${board!.sequence}` }).first().click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Bestyrelsens input ${board!.sequence}`);
  await expectAccessible(page);
  await page.getByRole('link', { name: 'Bekræft at den er gennemført' }).click();
  await expectAccessible(page);

  // Neither statement nor representative: R27 refuses.
  await page.getByLabel('Holdt den').fill(TODAY);
  await page.getByRole('button', { name: 'Bekræft', exact: true }).click();
  await expect(page.locator('#error-summary')).toContainText('R27');
  await expectAccessible(page);

  await page.getByLabel('Bestyrelsens udtalelse').fill('Bestyrelsen ser gerne mere fokus på overgangen til skole.');
  await page.getByRole('button', { name: 'Bekræft', exact: true }).click();
  await expect(page.getByText('Bestyrelsens input 4 er bekræftet.')).toBeVisible();
  await expect(page.getByText('Bestyrelsen ser gerne mere fokus på overgangen til skole.')).toBeVisible();
  await expectAccessible(page);
});

test('a next-layer leader sees their own follow-ups', async ({ page }) => {
  const [sub] = await sql<{ email: string; name: string }>(
    `SELECT p.email, p.name FROM obligation o JOIN person p ON p.id::text = o.subject_key
     WHERE o.kind = 'ledelsesopfoelgning' AND o.state IN ('planned', 'overdue') AND o.opens_on <= $1 ORDER BY p.email LIMIT 1`,
    [TODAY],
  );
  await loginAs(page, sub!.email);
  await expect(page.locator('header')).toContainText('Leder i næste lag');
  await expect(page.getByRole('heading', { name: 'Mine opfølgninger' })).toBeVisible();
  await expect(page.getByRole('table', { name: 'Dine øvrige forpligtelser' })).toContainText('Ledelsesopfølgning');
  await expectAccessible(page);
});
