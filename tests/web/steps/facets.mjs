// Filters with live counts: choosing a category updates the other facets' counts and the grid
// (to exactly what the API says), keeps the category counts (disjunctive facets), shows a chip;
// the URL carries the state through a reload and the back and forward buttons; removing the
// chip restores everything. Done with the keyboard alone.
import {assert, eventually, api, shownCounts, countsOf, focusedId} from './expect.mjs';

async function heading(page) {
  return page.locator('#results-title').textContent();
}

async function cardCategories(page) {
  return page.$$eval('.grid .card .meta', (els) => els.filter((e) => e.textContent.includes(' · ')).map((e) => e.textContent));
}

export async function run({page, base, shot, log}) {
  const all = await api(base, '/v1/search/celebrities?limit=12');
  const musicians = await api(base, '/v1/search/celebrities?category=musicians&limit=12');
  assert.ok(musicians.pagination.total > 0 && musicians.pagination.total < all.pagination.total);

  await page.goto(base + '/');
  await page.waitForSelector('.grid .card');
  assert.equal(await heading(page), `${all.pagination.total} celebrities`);
  const before = {country: await shownCounts(page, 'country'), category: await shownCounts(page, 'category')};
  assert.equal(before.category.musicians, countsOf(all.facets.category).musicians);
  await shot('all');

  // Keyboard: focus the Musicians checkbox and press Space.
  await page.focus('#f-category-musicians');
  await page.keyboard.press('Space');
  await page.waitForURL((u) => u.searchParams.getAll('category').join() === 'musicians');
  await eventually('the musicians total', async () => (await heading(page)) === `${musicians.pagination.total} celebrities`);
  assert.equal(await focusedId(page), 'f-category-musicians', 'the focus stays on the checkbox');
  assert.ok(await page.locator('#f-category-musicians').isChecked());
  // Other facets now count within Musicians, exactly as the API does; categories still count all.
  const after = {country: await shownCounts(page, 'country'), category: await shownCounts(page, 'category')};
  const expectedCountries = countsOf(musicians.facets.country);
  for (const [value, count] of Object.entries(after.country)) assert.equal(count, expectedCountries[value], `country ${value}`);
  assert.notDeepEqual(after.country, before.country);
  assert.deepEqual(after.category, before.category, 'category counts ignore their own selection');
  const cards = await cardCategories(page);
  assert.ok(cards.length > 0 && cards.every((t) => t.includes('Musicians')), `grid: ${cards}`);
  const chip = page.locator('.chip', {hasText: 'Category: Musicians'});
  assert.equal(await chip.count(), 1);
  await shot('musicians');

  // A second filter (verified), then a reload: the same state from the URL alone.
  await page.focus('#f-verified');
  await page.keyboard.press('Space');
  await page.waitForURL((u) => u.searchParams.get('verified') === 'true');
  const both = await api(base, '/v1/search/celebrities?category=musicians&verified=true&limit=12');
  await eventually('the musicians+verified total', async () => (await heading(page)) === `${both.pagination.total} celebrities`);
  const url = page.url();
  await page.reload();
  await page.waitForSelector('.grid .card');
  assert.equal(page.url(), url);
  assert.equal(await heading(page), `${both.pagination.total} celebrities`);
  assert.ok(await page.locator('#f-category-musicians').isChecked());
  assert.ok(await page.locator('#f-verified').isChecked());
  assert.equal(await page.locator('.chip').count(), 2);
  await shot('reloaded');

  // Back: musicians only; back again: everything; forward: musicians again.
  await page.goBack();
  await eventually('musicians after Back', async () => (await heading(page)) === `${musicians.pagination.total} celebrities`);
  assert.ok(!(await page.locator('#f-verified').isChecked()));
  await page.goBack();
  await eventually('all after Back', async () => (await heading(page)) === `${all.pagination.total} celebrities`);
  assert.equal(await page.locator('.chip').count(), 0);
  assert.deepEqual(await shownCounts(page, 'country'), before.country);
  await page.goForward();
  await eventually('musicians after Forward', async () => (await heading(page)) === `${musicians.pagination.total} celebrities`);
  assert.ok(await page.locator('#f-category-musicians').isChecked());
  await shot('forward');

  // Removing the chip (keyboard: focus its button, Enter) restores the counts and the grid.
  const remove = page.getByRole('button', {name: 'Remove filter Category: Musicians'});
  await remove.focus();
  await page.keyboard.press('Enter');
  await eventually('all after removing the chip', async () => (await heading(page)) === `${all.pagination.total} celebrities`);
  assert.equal(new URL(page.url()).search, '');
  assert.deepEqual(await shownCounts(page, 'country'), before.country);
  assert.deepEqual(await shownCounts(page, 'category'), before.category);
  assert.ok(!(await page.locator('#f-category-musicians').isChecked()));
  await shot('chip-removed');

  // Paging and sorting go through the URL as well.
  await page.getByRole('link', {name: 'Next'}).first().click();
  await page.waitForURL((u) => u.searchParams.get('page') === '2');
  await page.selectOption('#sort', 'price_asc');
  await page.waitForURL((u) => u.searchParams.get('sort') === 'price_asc' && !u.searchParams.get('page'));
  const cheapest = await api(base, '/v1/search/celebrities?sort=price_asc&limit=12');
  await eventually('the cheapest first', async () =>
    (await page.locator('.grid .card').first().getAttribute('data-username')) === cheapest.celebrities[0].username);
  log('checked: category changes the other counts and the grid, chip, reload, back/forward, chip removal, paging, sort');
}
