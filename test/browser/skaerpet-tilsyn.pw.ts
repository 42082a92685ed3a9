import { expect, test } from '@playwright/test';
import { expectAccessible, loginAs, sql, TODAY } from './support';

/**
 * R93/R95/R96 on the web: a chef decides skærpet tilsyn with a handleplan for
 * an enhed from the unit page, sees the case with its handleplan and the
 * board's comment window, cannot end it before a follow-up visit (R95), and
 * fetches the enhed's tilsynsrapport as a PDF (R93). Axe on every page.
 */
test('a chef decides skærpet tilsyn with a handleplan and reads the tilsynsrapport', async ({ page }) => {
  // A kommunal dagtilbud with no case yet; picked by what is true of it, last in code order so other journeys keep theirs.
  const [unit] = await sql<{ id: string; name: string; chef: string }>(
    `SELECT u.id, u.name, p.email AS chef FROM unit u
     JOIN assignment a ON a.unit_id = u.id AND a.role = 'chef' AND a.valid_from <= $1 AND (a.valid_to IS NULL OR a.valid_to >= $1)
     JOIN person p ON p.id = a.person_id
     WHERE u.type = 'dagtilbud' AND u.governance = 'kommunal' AND (u.valid_to IS NULL OR u.valid_to >= $1)
       AND NOT EXISTS (SELECT 1 FROM skaerpet_tilsyn s WHERE s.unit_id = u.id)
     ORDER BY u.code DESC LIMIT 1`,
    [TODAY],
  );
  expect(unit).toBeTruthy();
  await loginAs(page, unit!.chef);
  await page.goto(`/enheder/${unit!.id}`);
  await expect(page.getByRole('heading', { name: 'Lovpligtigt tilsyn' })).toBeVisible();
  await expectAccessible(page);

  const pdfLink = page.getByRole('link', { name: /Tilsynsrapport \(PDF\)/ }).first();
  const pdf = await page.request.get((await pdfLink.getAttribute('href'))!);
  expect(pdf.status()).toBe(200);
  expect(pdf.headers()['content-type']).toBe('application/pdf');
  expect((await pdf.body()).subarray(0, 5).toString('latin1')).toBe('%PDF-');

  await page.getByLabel('Begrundelse').fill('Alvorlig bekymring for børnenes trivsel i overgangene <script>alert(1)</script>');
  await page.getByLabel('Med handleplan (alvorlig bekymring)').check();
  await page.getByRole('button', { name: 'Beslut skærpet tilsyn' }).click();
  await expect(page.getByText('Skærpet tilsyn er besluttet.')).toBeVisible();
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Skærpet tilsyn');
  await expect(page.getByText('<script>alert(1)</script>', { exact: false })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Handleplan' })).toBeVisible();
  await expect(page.getByText('Bestyrelsen er endnu ikke orienteret om handleplanen')).toBeVisible();
  await expectAccessible(page);

  // R95: no follow-up visit has been held yet, so the case cannot end.
  await page.getByLabel('Begrundelse').fill('Forsøg på at afslutte for tidligt');
  await page.getByRole('button', { name: 'Afslut skærpet tilsyn' }).click();
  await expect(page.locator('#error-summary')).toContainText('R95');
  await expectAccessible(page);

  // The unit page lists the open case.
  await page.goto(`/enheder/${unit!.id}`);
  await expect(page.getByRole('link', { name: /åben siden/ })).toBeVisible();
});

/**
 * R96 on the web: the handleplan is confirmed on its own form with the leader
 * among the participants and the plan itself as text; without the leader the
 * form says so in Danish and keeps what was typed.
 */
test('the unit’s leader confirms the handleplan with the leader among the participants (R96)', async ({ page }) => {
  const [plan] = await sql<{ id: string; leader: string }>(
    `SELECT o.id, p.email AS leader FROM obligation o
     JOIN assignment a ON a.unit_id = o.unit_id AND a.role = 'leader' AND a.valid_from <= $1 AND (a.valid_to IS NULL OR a.valid_to >= $1)
     JOIN person p ON p.id = a.person_id
     WHERE o.kind = 'handleplan' AND o.state IN ('planned', 'scheduled', 'overdue')
     ORDER BY o.due_on, o.id LIMIT 1`,
    [TODAY],
  );
  // The journey above (same file, run in order in one worker) opened it; without one this journey must fail, not skip.
  expect(plan, 'an open handleplan from the journey above').toBeTruthy();
  await loginAs(page, plan!.leader);
  await page.goto(`/forpligtelser/${plan!.id}/bekraeft`);
  await page.getByLabel('Holdt den').fill(TODAY);
  await page.getByLabel('Deltager 1: rolle').selectOption('chef');
  await page.getByLabel('Deltager 1: navn').fill('Chefen');
  await page.getByLabel('Handleplanen').fill('Overgange styrkes med faste voksne; opfølgning ved næste tilsynsbesøg.');
  await page.getByRole('button', { name: 'Bekræft' }).click();
  await expect(page.locator('#error-summary')).toContainText('R96');
  await expect(page.getByLabel('Handleplanen')).toHaveValue(/Overgange styrkes/);
  await expectAccessible(page);

  await page.getByLabel('Deltager 2: rolle').selectOption('leder');
  await page.getByLabel('Deltager 2: navn').fill('Lederen');
  await page.getByRole('button', { name: 'Bekræft' }).click();
  await expect(page.locator('#error-summary')).toHaveCount(0);
  const [done] = await sql<{ state: string }>(`SELECT state FROM obligation WHERE id = $1`, [plan!.id]);
  expect(done!.state).toBe('completed');
  await expectAccessible(page);
});

