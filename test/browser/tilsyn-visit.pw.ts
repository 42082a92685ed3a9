import { expect, test } from '@playwright/test';
import { DEMO_ADMIN, expectAccessible, loginAs, sql } from './support';

/**
 * R90–R92 on the demo data: the coordinator staffs an unannounced visit with
 * an impartial inspector, the inspector confirms it on the visit form, and
 * only then does the unit's leader see it (R91). Axe on every page.
 */
test('a coordinator staffs an unannounced visit, the inspector confirms it, then the leader sees it', async ({ page }) => {
  // The scheduler's pass at start plans the cycle's visits; wait for it.
  await expect.poll(async () => (await sql<{ n: number }>(`SELECT count(*)::int AS n FROM tilsyn_visit`))[0]!.n, { timeout: 120_000 }).toBeGreaterThan(0);
  const [target] = await sql<{ id: string; unitId: string; unitName: string; enhedName: string; leaderEmail: string }>(
    `SELECT o.id, u.id AS "unitId", u.name AS "unitName", e.name AS "enhedName", lp.email AS "leaderEmail"
     FROM tilsyn_visit v JOIN obligation o ON o.id = v.obligation_id JOIN unit u ON u.id = o.unit_id JOIN enhed e ON e.id = o.enhed_id
     JOIN assignment a ON a.unit_id = u.id AND a.role = 'leader' AND a.valid_to IS NULL JOIN person lp ON lp.id = a.person_id
     WHERE v.announcement = 'uanmeldt' AND o.state = 'planned' AND o.inspector_person_ids = '{}'
     ORDER BY u.code DESC, e.code LIMIT 1`,
  );
  expect(target, 'demo-data har et uanmeldt besøg på en tilsynsenhed').toBeTruthy();
  const [inspector] = await sql<{ id: string; email: string; name: string }>(`SELECT id, email, name FROM person WHERE tilsynsfoerende ORDER BY email LIMIT 1`);

  // Before: the leader's unit page lists the enhed, not the secret visit.
  await loginAs(page, target!.leaderEmail);
  await page.goto(`/enheder/${target!.unitId}`);
  await expect(page.getByRole('table', { name: /tilsynsenheder/ })).toContainText(target!.enhedName);
  await expect(page.locator('main')).not.toContainText('Uanmeldt');
  await expectAccessible(page);
  expect((await page.goto(`/tilsynsbesoeg/${target!.id}`))!.status()).toBe(404);

  // The coordinator's plan: visits per enhed and cycle, the unstaffed ones flagged.
  await loginAs(page, DEMO_ADMIN);
  await page.goto('/tilsynsplan');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Tilsynsplan');
  await expect(page.getByText('uden tilsynsførende')).toBeVisible();
  await expectAccessible(page);
  await page.goto(`/tilsynsbesoeg/${target!.id}`);
  await expect(page.getByRole('heading', { level: 1 })).toContainText(`Uanmeldt tilsynsbesøg – ${target!.enhedName}`);
  await expectAccessible(page);
  await page.getByLabel('Tilsynsførende').selectOption(inspector!.id);
  await page.getByRole('button', { name: 'Tilknyt' }).click();
  await expect(page.getByText('Den tilsynsførende er tilknyttet besøget.')).toBeVisible();
  await expectAccessible(page);

  // The inspector confirms it; a missing observation is refused first (R92), shown at the field.
  await loginAs(page, inspector!.email);
  await page.goto('/tilsynsplan');
  await page.getByRole('link', { name: /Uanmeldt/ }).first().click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Uanmeldt tilsynsbesøg');
  await page.getByLabel('Dato for besøget').fill('2026-11-26');
  await page.getByLabel('Navn på den leder, der deltog').fill('Lederen');
  await page.getByLabel('Medarbejdere, der deltog').fill('Pædagog Mads');
  await page.getByRole('group', { name: /Anvendte data/ }).getByRole('checkbox').first().check();
  await page.getByRole('button', { name: 'Bekræft besøget' }).click();
  await expect(page.locator('#error-summary')).toContainText('R92');
  await expect(page.getByLabel('Observationer')).toHaveAttribute('aria-invalid', 'true');
  await expectAccessible(page);
  await page.getByLabel('Observationer').fill('Rolig overgang fra leg til frokost\nBørnene blev inddraget i oprydningen');
  await page.getByRole('button', { name: 'Bekræft besøget' }).click();
  await expect(page.getByText('Besøget er bekræftet som holdt.')).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Dokumentation fra besøget' })).toBeVisible();
  await expectAccessible(page);

  // After: the leader sees it, held.
  await loginAs(page, target!.leaderEmail);
  await page.goto(`/enheder/${target!.unitId}`);
  await expect(page.getByRole('table', { name: /tilsynsenheder/ })).toContainText('Uanmeldt');
  await page.goto(`/tilsynsbesoeg/${target!.id}`);
  await expect(page.locator('dl')).toContainText('Holdt');
  await expectAccessible(page);
});
