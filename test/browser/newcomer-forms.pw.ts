import { expect, test } from '@playwright/test';
import { DEMO_ADMIN, expectAccessible, loginAs, screenshotPath, sql } from './support';

/**
 * A newcomer's findings in Chromium: Mit overblik's rows that read the same
 * (a unit's visits per tilsynsenhed, R51's follow-ups per next-layer leader),
 * and the visit's form that, left empty, named one problem under another word
 * than its label. Axe on every page shown.
 */
test('R4/R51: a leader’s Mit overblik names the enhed of each visit and the next-layer leader of each follow-up; no two rows alike', async ({ page }) => {
  const [leader] = await sql<{ email: string; unitId: string }>(
    `SELECT p.email, a.unit_id AS "unitId" FROM assignment a JOIN person p ON p.id = a.person_id
      WHERE a.role = 'leader' AND a.valid_to IS NULL AND (SELECT count(*) FROM enhed e WHERE e.unit_id = a.unit_id) >= 2
        AND EXISTS (SELECT 1 FROM obligation o WHERE o.unit_id = a.unit_id AND o.kind = 'ledelsesopfoelgning' AND o.subject_key <> '' AND o.state IN ('planned', 'overdue'))
      ORDER BY p.email LIMIT 1`,
  );
  expect(leader, 'demo-data har en leder af en enhed med flere tilsynsenheder').toBeTruthy();
  await loginAs(page, leader!.email);
  await page.goto('/?antal=200');
  const tables = page.locator('main table');
  expect(await tables.count()).toBeGreaterThan(0);
  for (const table of await tables.all()) {
    const rows = (await table.locator('tbody tr').allInnerTexts()).map((r) => r.replace('(du kan booke og bekræfte)', '').replace(/\s+/g, ' ').trim());
    expect(rows.length, 'rækker, der ikke kan skelnes').toBe(new Set(rows).size);
  }
  const enheder = await sql<{ name: string }>(`SELECT name FROM enhed WHERE unit_id = $1`, [leader!.unitId]);
  for (const e of enheder) await expect(page.getByRole('link', { name: `Anmeldt tilsynsbesøg 2026–2027, ${e.name}`, exact: true })).toBeVisible();
  await expect(page.getByRole('link', { name: /^Ledelsesopfølgning \d+ med / }).first()).toBeVisible();
  // R91: no unannounced visit before it is held.
  await expect(page.locator('main')).not.toContainText('Uanmeldt tilsynsbesøg');
  await page.screenshot({ path: screenshotPath('overblik-enheder'), fullPage: true });
  await expectAccessible(page);
});

test('R92: the visit’s form left empty names every missing field under its label, each linked to its field', async ({ page }) => {
  await expect.poll(async () => (await sql<{ n: number }>(`SELECT count(*)::int AS n FROM tilsyn_visit`))[0]!.n, { timeout: 120_000 }).toBeGreaterThan(0);
  const [visit] = await sql<{ id: string }>(
    `SELECT o.id FROM tilsyn_visit v JOIN obligation o ON o.id = v.obligation_id
      WHERE o.state = 'planned' AND o.inspector_person_ids = '{}' AND v.announcement = 'anmeldt' ORDER BY o.due_on DESC, o.id LIMIT 1`,
  );
  await loginAs(page, DEMO_ADMIN);
  await page.goto(`/tilsynsbesoeg/${visit!.id}`);
  await page.getByLabel('Tilsynsførende', { exact: true }).selectOption({ index: 1 });
  await page.getByRole('button', { name: 'Tilknyt' }).click();
  await expect(page.getByText('Den tilsynsførende er tilknyttet besøget.')).toBeVisible();

  await page.getByRole('button', { name: 'Bekræft besøget' }).click();
  const summary = page.locator('.alert-error');
  await expect(summary).toBeVisible();
  await expect(summary.getByRole('link')).toHaveText([
    'Dato for besøget mangler',
    'R92: Notér mindst én observation fra besøget (dagtilbudsloven § 5 a, stk. 5).',
    'R92: Angiv dialogen med ledelsen under besøget (dagtilbudsloven § 5 a, stk. 6).',
    'R92: Angiv dialogen med medarbejderne under besøget (dagtilbudsloven § 5 a, stk. 6).',
    'R92: Angiv de data, tilsynet har brugt (dagtilbudsloven § 5 a, stk. 4).',
  ]);
  // The field the first line is about carries the same words, and the link takes the user there.
  await expect(page.getByLabel('Dato for besøget')).toHaveAttribute('aria-describedby', /heldOn-error/);
  await expect(page.locator('#heldOn-error')).toContainText('Dato for besøget mangler');
  await summary.getByRole('link', { name: 'Dato for besøget mangler' }).click();
  // DKFDS's error summary moves focus to the field (without JavaScript the link's #heldOn does).
  await expect(page.locator('#heldOn')).toBeFocused();
  await page.screenshot({ path: screenshotPath('besoeg-tom-formular'), fullPage: true });
  await expectAccessible(page);

  // An impossible date says it does not exist.
  await page.getByLabel('Dato for besøget').fill('2026-02-28');
  await page.evaluate(() => {
    const input = document.getElementById('heldOn') as HTMLInputElement;
    input.type = 'text';
    input.value = '2026-02-30';
  });
  await page.getByRole('button', { name: 'Bekræft besøget' }).click();
  await expect(page.locator('.alert-error').getByRole('link').first()).toHaveText('Dato for besøget: 30. februar 2026 findes ikke (februar 2026 har 28 dage)');
  await expectAccessible(page);
});
