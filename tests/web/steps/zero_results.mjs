// When the words do not match: the zero-result state (for a text and for filters), the
// relaxed-query notice and "did you mean".
import {assert, eventually, api} from './expect.mjs';

const kNothing = 'zzqxqzzvw';

export async function run({page, base, shot, log, adminToken}) {
  const none = await api(base, `/v1/search/celebrities?q=${kNothing}`);
  assert.equal(none.pagination.total, 0, 'the query must have no results on the demo data');

  await page.goto(base + '/');
  await page.waitForSelector('.grid .card');
  await page.focus('#search-input');
  await page.keyboard.type(kNothing);
  await page.keyboard.press('Enter');
  await page.waitForURL((u) => u.searchParams.get('q') === kNothing);
  const zero = page.locator('#zero-results');
  await zero.waitFor();
  assert.match(await zero.locator('h2').textContent(), new RegExp(`No celebrities match “${kNothing}”`));
  assert.equal(await page.locator('.grid').count(), 0);
  assert.equal(await page.locator('#results-title').textContent(), `0 results for “${kNothing}”`);
  await eventually('the screen-reader announcement', async () =>
    (await page.locator('#announcer').textContent()) === 'No celebrities found');
  await shot('zero-results');
  // The search typed in the box is in the zero-result report (the log is written in batches).
  assert.ok(adminToken, 'STARRY_WEB_ADMIN_TOKEN must be set');
  const row = await eventually('the search in the zero-result report', async () => {
    const r = await fetch(base + '/v1/admin/analytics/zero-results?limit=100',
                          {headers: {Authorization: `Bearer ${adminToken}`}});
    const json = await r.json();
    return json.success && json.data.queries.find((q) => q.query === kNothing);
  }, 15000);
  assert.equal(row.cause, 'text');
  log(`zero-result report: "${row.query}" ${row.count} time(s), cause ${row.cause}`);

  // Its way out, by keyboard: "Browse all celebrities".
  await page.getByRole('button', {name: 'Browse all celebrities'}).focus();
  await page.keyboard.press('Enter');
  await page.waitForURL((u) => u.search === '');
  await page.waitForSelector('.grid .card');

  // Filters that exclude everything: the state says so and offers to clear them.
  await page.goto(base + '/?category=chefs&minPrice=9000&maxPrice=9001');
  await zero.waitFor();
  assert.match(await zero.locator('h2').textContent(), /No celebrities match these filters/);
  await shot('zero-filters');
  await page.getByRole('button', {name: 'Clear all filters'}).first().click();
  await page.waitForURL((u) => u.search === '');
  await page.waitForSelector('.grid .card');

  // One word that matches nothing is dropped, and the page says which.
  await page.goto(base + '/?q=taylor+qqqxqqq');
  await page.locator('#relaxed-notice').waitFor();
  assert.match(await page.locator('#relaxed-notice').textContent(), /leave out “qqqxqqq”/);
  assert.equal(await page.locator('.grid .card').first().getAttribute('data-username'), 'taylorswift');
  await shot('relaxed');

  // Did you mean: following the link searches the corrected text.
  await page.goto(base + '/?q=tayler+swfit');
  const correction = page.locator('#correction a');
  await correction.waitFor();
  assert.equal(await correction.textContent(), 'taylor swift');
  await shot('did-you-mean');
  await correction.focus();
  await page.keyboard.press('Enter');
  await page.waitForURL((u) => u.searchParams.get('q') === 'taylor swift');
  await eventually('Taylor Swift first', async () =>
    (await page.locator('.grid .card').first().getAttribute('data-username')) === 'taylorswift');
  assert.equal(await page.inputValue('#search-input'), 'taylor swift');
  await shot('corrected');
  log(`checked: zero-result state for "${kNothing}" and for filters, relaxed notice, did you mean`);
}
