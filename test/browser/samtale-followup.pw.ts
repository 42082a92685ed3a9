import { expect, test } from '@playwright/test';
import { expectAccessible, loginAs, sql, TODAY } from './support';

interface OpenSamtale2 {
  obligationId: string;
  leaderEmail: string;
  leaderName: string;
  chefName: string;
  agreements: string[];
}

test('R32: samtale 2 lists the agreements of samtale 1, each with a status and a note; a missing status is refused and linked to its row', async ({ page }) => {
  const [s] = await sql<OpenSamtale2>(
    `SELECT o.id AS "obligationId", lp.email AS "leaderEmail", lp.name AS "leaderName", cp.name AS "chefName", s1.completion->'agreements' AS agreements
       FROM obligation o JOIN unit u ON u.id = o.unit_id
       JOIN person lp ON lp.id = o.leader_person_id JOIN person cp ON cp.id = o.chef_person_id
       JOIN obligation s1 ON s1.loop_id = o.loop_id AND s1.kind = 'laeringssamtale' AND s1.sequence = 1 AND s1.state = 'completed'
      WHERE o.kind = 'laeringssamtale' AND o.sequence = 2 AND o.state IN ('planned', 'scheduled', 'overdue')
        AND u.type = 'skole' AND u.governance = 'kommunal' AND o.opens_on <= $1 AND s1.completed_on <= $1::date
        AND jsonb_array_length(coalesce(s1.completion->'agreements', '[]'::jsonb)) > 0
        AND EXISTS (SELECT 1 FROM obligation d WHERE d.loop_id = o.loop_id AND d.kind = 'datapakke' AND d.sequence = 2 AND d.state = 'completed')
      ORDER BY u.code LIMIT 1`,
    [TODAY],
  );
  expect(s, 'demo-data har en kommunal skole med en åben læringssamtale 2').toBeDefined();
  await loginAs(page, s!.leaderEmail);
  await page.goto(`/forpligtelser/${s!.obligationId}/bekraeft`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Bekræft læringssamtale 2');
  await expect(page.getByRole('group', { name: 'Opfølgning på aftalerne fra samtale 1' })).toContainText(s!.agreements[0]!);
  await expectAccessible(page);

  await page.getByLabel('Holdt den').fill(TODAY);
  await page.getByLabel('Deltager 1: rolle').selectOption('chef');
  await page.getByLabel('Deltager 1: navn').fill(s!.chefName);
  await page.getByLabel('Deltager 2: rolle').selectOption('leder');
  await page.getByLabel('Deltager 2: navn').fill(s!.leaderName);
  await page.getByLabel('Aftaler', { exact: true }).fill('Vi fortsætter læsebåndet');
  await page.getByLabel('A: Datapakken').check();
  await page.getByLabel('Bestyrelsens udtalelse').fill('Bestyrelsen bakker op om aftalerne');
  await page.getByRole('button', { name: 'Bekræft', exact: true }).click();

  const summary = page.locator('#error-summary');
  await expect(summary).toContainText('R32: ');
  await expect(summary.getByRole('link', { name: /^R32/ }).first()).toHaveAttribute('href', '#opfoelgning-status-1');
  await expectAccessible(page);

  for (const [i] of s!.agreements.entries()) {
    await page.getByLabel(`Aftale ${i + 1}: status`).selectOption(i === 0 ? 'gennemfoert' : 'i_gang');
    await page.getByLabel(`Aftale ${i + 1}: note`).fill('Fulgt op på lærermøderne');
  }
  await page.getByRole('button', { name: 'Bekræft', exact: true }).click();
  await expect(page.getByText('Læringssamtale 2 er bekræftet.')).toBeVisible();
  await expect(page.locator('dl')).toContainText('Gennemført');
});
