/// <reference lib="dom" />
import { expect, test, type Page } from '@playwright/test';
import { openSamtale1, TODAY } from './support';

/** Presses Tab until the focused element matches, as a keyboard user would; fails after `max` presses. */
async function tabTo(page: Page, matches: (el: { tag: string; text: string; label: string; name: string }) => boolean, max = 80) {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    const el = await page.evaluate(() => {
      const a = document.activeElement as HTMLElement & { name?: string; labels?: NodeListOf<HTMLLabelElement> };
      return {
        tag: a?.tagName ?? '',
        text: (a?.textContent ?? '').trim(),
        label: a?.labels?.[0]?.textContent?.trim() ?? a?.getAttribute('aria-label') ?? '',
        name: a?.name ?? '',
      };
    });
    if (matches(el)) return;
  }
  throw new Error('Fandt ikke elementet med Tab');
}

async function focusIsVisible(page: Page) {
  // DKFDS draws a visible focus ring (outline or box-shadow) on every focusable element.
  const visible = await page.evaluate(() => {
    const el = document.activeElement as HTMLElement;
    const style = getComputedStyle(el);
    return (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0) || style.boxShadow !== 'none';
  });
  expect(visible, 'fokus er synligt').toBe(true);
}

test('a keyboard-only leader logs in, opens a samtale and confirms it', async ({ page }) => {
  const s = await openSamtale1(2);
  await page.goto('/login');

  // The skip link comes first.
  await page.keyboard.press('Tab');
  await expect(page.getByRole('link', { name: 'Gå til sidens indhold' })).toBeFocused();

  await tabTo(page, (el) => el.label.startsWith('E-mail'));
  await focusIsVisible(page);
  await page.keyboard.type(s.leaderEmail);
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Mit overblik');

  await tabTo(page, (el) => el.tag === 'A' && el.text.startsWith('Læringssamtale 1'));
  await focusIsVisible(page);
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Læringssamtale 1');

  await tabTo(page, (el) => el.tag === 'A' && el.text === 'Bekræft at samtalen er holdt');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Bekræft læringssamtale 1');

  await tabTo(page, (el) => el.label.startsWith('Holdt den'));
  // The date field's segment order follows the browser's own locale (dd.mm.åååå or mm/dd/yyyy): try one, then the other.
  const [y, m, d] = TODAY.split('-');
  await page.keyboard.type(`${d}${m}${y}`);
  if ((await page.getByLabel('Holdt den').inputValue()) !== TODAY) {
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.type(`${m}${d}${y}`);
  }
  await expect(page.getByLabel('Holdt den')).toHaveValue(TODAY);

  // A closed select picks an option by typing its first letters (ASCII here: Chromium routes æøå past a select).
  const participants: [string, string][] = [
    ['B', s.chefName],
    ['Leder', s.leaderName],
    ['Besty', s.boardName],
  ];
  for (const [i, [role, name]] of participants.entries()) {
    await tabTo(page, (el) => el.label === `Deltager ${i + 1}: rolle`);
    await page.keyboard.type(role);
    await page.keyboard.press('Tab');
    await page.keyboard.type(name);
  }
  await expect(page.getByLabel('Deltager 1: rolle')).toHaveValue('chef');
  await expect(page.getByLabel('Deltager 3: rolle')).toHaveValue('bestyrelsesrepraesentant');

  await tabTo(page, (el) => el.label.startsWith('Aftaler'));
  await page.keyboard.type('Vi aftaler en fælles læsestrategi');
  await tabTo(page, (el) => el.label === 'Fokusområde 1: titel');
  await page.keyboard.type('Læsning');
  await page.keyboard.press('Tab');
  await page.keyboard.type(s.themes[0]!.replace(/[^A-Za-z].*$/, ''));
  await tabTo(page, (el) => el.label.startsWith('Børnenes og de unges perspektiv'));
  await page.keyboard.type('Elevrådet deltager i forberedelsen');
  await tabTo(page, (el) => el.label === 'A: Datapakken');
  await page.keyboard.press('Space');
  await tabTo(page, (el) => el.tag === 'BUTTON' && el.text === 'Bekræft');
  await focusIsVisible(page);
  await page.keyboard.press('Enter');

  await expect(page.getByText('Læringssamtale 1 er bekræftet.')).toBeVisible();
  await expect(page.locator('dl')).toContainText('Gennemført');
});
