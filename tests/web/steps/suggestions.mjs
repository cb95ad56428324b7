// The dropdown with the suggestions endpoint (GET /v1/search/suggestions, the lead's branch):
// celebrities, categories and cities as separate groups, the typed part marked, and choosing a
// category or a city filters the results.
import {assert, eventually} from './expect.mjs';

// The groups of the open dropdown once it answers `text` ({} until then).
async function groups(page, text) {
  return page.$$eval(`#suggestions:not([hidden])[data-query="${text}"] [role="group"]`, (els) => Object.fromEntries(els.map((g) => [
    g.querySelector('.suggestion-group-label').textContent,
    [...g.querySelectorAll('[role="option"]')].map((o) => o.textContent)])));
}

async function typeInBox(page, text) {
  await page.fill('#search-input', '');
  const answered = page.waitForResponse((r) => r.url().includes('/v1/search/suggestions') && r.status() === 200);
  await page.keyboard.type(text, {delay: 50});
  await answered;
}

export async function run({page, base, shot, log}) {
  await page.goto(base + '/');
  await page.focus('#search-input');

  await typeInBox(page, 'tay');
  await eventually('Taylor Swift with "Tay" marked', async () =>
    (await groups(page, 'tay')).Celebrities?.some((n) => n.includes('Taylor Swift')) &&
    (await page.locator('#suggestions mark').first().textContent()) === 'Tay');
  await shot('tay');

  await typeInBox(page, 'musi');
  await eventually('the Musicians category', async () => (await groups(page, 'musi')).Categories?.some((n) => n.includes('Musicians')));
  await shot('categories');
  const options = await page.$$eval('#suggestions [role="option"]', (els) => els.map((e) => e.textContent));
  const index = options.findIndex((n) => n.includes('Musicians') && !n.includes('·'));
  assert.ok(index >= 0, `Musicians among ${options}`);
  for (let i = 0; i <= index; i++) await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');
  await page.waitForURL((u) => u.searchParams.getAll('category').join() === 'musicians');
  await page.locator('.chip', {hasText: 'Category: Musicians'}).waitFor();

  await page.focus('#search-input');
  await typeInBox(page, 'londo');
  await eventually('London among the cities', async () => (await groups(page, 'londo')).Cities?.some((n) => n.includes('London')));
  await shot('cities');
  await page.locator('#suggestions [role="option"]', {hasText: 'London'}).first().click();
  await page.waitForURL((u) => u.searchParams.getAll('city').length === 1);
  await page.locator('.chip', {hasText: 'City: London'}).waitFor();
  await shot('city-chosen');
  log('checked: grouped suggestions, "Tay" marked, choosing a category and a city');
}
