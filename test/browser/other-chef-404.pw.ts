import { expect, test } from '@playwright/test';
import { expectAccessible, loginAs, sql, TODAY } from './support';

test("a page for another chef's unit answers 404, and so does one of its obligations", async ({ page }) => {
  const [pair] = await sql<{ email: string; unitId: string; obligationId: string }>(
    `SELECT me.email, u.id AS "unitId", o.id AS "obligationId"
     FROM person me, unit u JOIN obligation o ON o.unit_id = u.id
     WHERE me.id IN (SELECT person_id FROM assignment WHERE role = 'chef')
       AND NOT EXISTS (SELECT 1 FROM assignment a WHERE a.unit_id = u.id AND a.person_id = me.id)
       AND NOT EXISTS (SELECT 1 FROM obligation x WHERE x.unit_id = u.id AND (x.chef_person_id = me.id OR x.leader_person_id = me.id OR x.responsible_person_id = me.id))
     ORDER BY me.email, u.code LIMIT 1`,
  );
  await loginAs(page, pair!.email);
  const unit = await page.goto(`/enheder/${pair!.unitId}`);
  expect(unit!.status()).toBe(404);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Siden findes ikke');
  await expectAccessible(page);
  const obligation = await page.goto(`/forpligtelser/${pair!.obligationId}`);
  expect(obligation!.status()).toBe(404);
  const form = await page.goto(`/forpligtelser/${pair!.obligationId}/bekraeft`);
  expect(form!.status()).toBe(404);
  expect(TODAY).toBeTruthy();
});
