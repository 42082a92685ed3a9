import { expect, test } from '@playwright/test';
import { DEMO_ADMIN, expectAccessible, loginAs, sql } from './support';

/**
 * Long work as jobs (issue 15): a form that starts one lands on the job's
 * page, whose progress bar htmx refreshes in place until the result shows;
 * without JavaScript the page reloads itself. Axe-clean in every state.
 */
async function runningTreatmentJob(done: number): Promise<string> {
  const [admin] = await sql<{ id: string }>(`SELECT id FROM person WHERE email = $1`, [DEMO_ADMIN]);
  const [job] = await sql<{ id: string }>(
    `INSERT INTO job_run (id, kind, started_by_person_id, state, done, total, attempts, started_at)
     VALUES (gen_random_uuid(), 'byraadsbehandling', $1, 'koerer', $2, 4, 1, now()) RETURNING id`,
    [admin!.id, done],
  );
  return job!.id;
}

test('an administrator publishes an age area’s datapakker as a job and sees its result on the job page', async ({ page }) => {
  await loginAs(page, DEMO_ADMIN);
  await page.goto('/datapakker');
  await page.getByLabel('Aldersområde').selectOption('6-18');
  await page.getByRole('button', { name: 'Offentliggør for aldersområdet' }).click();
  await expect(page).toHaveURL(/\/job\/[0-9a-f-]{36}$/);
  await expect(page.locator('.alert-success')).toContainText(/offentliggjort/);
  // Ended: the heading and the tab say what happened, no longer "Datapakker udgives" (webB finding 1).
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(/^(Datapakkerne er udgivet|Ingen datapakker at udgive)$/);
  await expect(page).toHaveTitle(/^(Datapakkerne er udgivet|Ingen datapakker at udgive) – Kvalitetsloop$/);
  await expect(page.locator('#job-state')).toHaveText(/^\s*Færdig\s+.*offentliggjort\.\s*$/);
  // Progress counts the units whose datapakke was published, all of them once done; with nothing to publish there is no bar ("0 af 0").
  if ((await page.getByRole('heading', { level: 1 }).textContent()) === 'Datapakkerne er udgivet') {
    await expect(page.locator('#job-progress-text')).toHaveText(/^(\d+) af \1 enheder$/);
  } else {
    await expect(page.locator('#job-progress')).toHaveCount(0);
  }
  await expect(page.getByRole('link', { name: 'Til datapakker' })).toBeVisible();
  await expectAccessible(page);
});

test('the progress bar of a running treatment updates in place (htmx) and shows the result when the job is done', async ({ page }) => {
  await loginAs(page, DEMO_ADMIN);
  const id = await runningTreatmentJob(1);
  await page.goto(`/job/${id}`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Byrådsbehandling: læringsloops startes');
  await expect(page.locator('#job-progress')).toHaveAttribute('value', '1');
  await expect(page.locator('#job-progress-text')).toHaveText('1 af 4 trin');
  await expect(page.locator('#job-state')).toContainText('Kører');
  await expectAccessible(page);
  // A mark on the window survives only if the page is not reloaded: htmx swaps the fragment.
  await page.evaluate(() => ((window as unknown as { notReloaded: boolean }).notReloaded = true));
  await sql(`UPDATE job_run SET done = 3 WHERE id = $1`, [id]);
  await expect(page.locator('#job-progress-text')).toHaveText('3 af 4 trin');
  const [report] = await sql<{ id: string }>(`SELECT id FROM quality_report WHERE age_area = '6-18' ORDER BY year DESC LIMIT 1`);
  await sql(
    `UPDATE job_run SET state = 'faerdig', done = 4, finished_at = now(), result = $2::jsonb WHERE id = $1`,
    [id, JSON.stringify({ id: report!.id, ageArea: '6-18', year: 2026, loopsStarted: 45 })],
  );
  await expect(page.locator('.alert-success')).toContainText('45 læringsloops er startet (R13)');
  await expect(page.locator('#job-progress')).toHaveAttribute('value', '4');
  // The polled fragment carries the heading (and the tab's title): both say the job is done, not that it runs.
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Byrådsbehandling: læringsloops er startet');
  await expect(page).toHaveTitle('Byrådsbehandling: læringsloops er startet – Kvalitetsloop');
  await expect(page.getByRole('heading', { level: 1 })).toHaveCount(1);
  expect(await page.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded)).toBe(true);
  // Done: the fragment stops polling.
  await expect(page.locator('#job-status')).not.toHaveAttribute('hx-get', /.+/);
  await expectAccessible(page);
  await page.getByRole('link', { name: 'Til kvalitetsrapporten' }).click();
  await expect(page).toHaveURL(new RegExp(`/kvalitetsrapporter/${report!.id}$`));
});

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  test('a running job’s page reloads itself and offers a reload link; a failed job says why in Danish', async ({ page }) => {
    await loginAs(page, DEMO_ADMIN);
    const id = await runningTreatmentJob(2);
    await page.goto(`/job/${id}`);
    await expect(page.locator('meta[http-equiv="refresh"]')).toHaveAttribute('content', '2');
    await expect(page.locator('#job-progress-text')).toHaveText('2 af 4 trin');
    await expect(page.getByRole('link', { name: 'Opdatér siden' })).toHaveAttribute('href', `/job/${id}`);
    await sql(`UPDATE job_run SET state = 'fejlet', finished_at = now(), errors = $2::jsonb WHERE id = $1`, [
      id,
      JSON.stringify([{ message: 'Byrådet behandler kvalitetsrapporten for 2026 i 2026; 2027-03-25 ligger i et andet år', rule: 'R13' }]),
    ]);
    // The page reloads itself (meta refresh) and then shows the failure; clicking the link could race that reload.
    await expect(page.getByRole('alert')).toContainText('ligger i et andet år (R13)', { timeout: 20_000 });
    // A plain reload shows the outcome in the heading: refused by R13, nothing changed, said once; no bar.
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Byrådsbehandlingen blev afvist');
    await expect(page).toHaveTitle('Byrådsbehandlingen blev afvist – Kvalitetsloop');
    await expect(page.locator('#job-state')).toContainText('Afvist');
    await expect(page.locator('#job-state')).toContainText('Intet er ændret.');
    expect((await page.locator('main').innerText()).match(/intet er (ændret|skrevet)/gi)).toHaveLength(1);
    await expect(page.locator('#job-progress')).toHaveCount(0);
    await expect(page.getByRole('link', { name: 'Opdatér siden' })).toHaveCount(0);
    await expect(page.locator('meta[http-equiv="refresh"]')).toHaveCount(0);
  });

  test('an administrator exports the whole country’s coverage CSV: the job page reloads itself until it offers the file', async ({ page }) => {
    await loginAs(page, DEMO_ADMIN);
    await page.goto('/tilsyn');
    await page.getByRole('button', { name: 'Eksportér som CSV' }).click();
    await expect(page).toHaveURL(/\/job\/[0-9a-f-]{36}$/);
    const [{ n: units }] = (await sql<{ n: number }>(`SELECT count(*)::int AS n FROM unit WHERE valid_from <= current_date`)) as [{ n: number }];
    await expect(page.locator('.alert-success')).toContainText(/Filen er klar: \d+ enheder/, { timeout: 20_000 });
    await expect(page.locator('meta[http-equiv="refresh"]')).toHaveCount(0);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Tilsynsdækningen er eksporteret som CSV');
    // (axe needs JavaScript; admin.pw.ts checks this page with it.)
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: /^Hent tilsynsdaekning-\d{4}-01-01-\d{4}-12-31\.csv$/ }).click()]);
    const chunks: Buffer[] = [];
    for await (const chunk of (await download.createReadStream())!) chunks.push(chunk as Buffer);
    const lines = Buffer.concat(chunks).toString('utf8').replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(lines[0]).toMatch(/^enhedskode;enhed;type;/);
    expect(lines.length - 2).toBeGreaterThan(0);
    expect(lines.length - 2).toBeLessThanOrEqual(units);
    expect(lines.at(-1)).toMatch(/^I alt;/);
  });

  test('another person cannot see an administrator’s job (404)', async ({ page }) => {
    const id = await runningTreatmentJob(0);
    const [chef] = await sql<{ email: string }>(`SELECT p.email FROM person p JOIN assignment a ON a.person_id = p.id WHERE a.role = 'chef' AND NOT p.admin LIMIT 1`);
    await loginAs(page, chef!.email);
    const res = await page.goto(`/job/${id}`);
    expect(res!.status()).toBe(404);
    expect((await page.goto(`/job/${id}/fil`))!.status()).toBe(404);
  });
});
