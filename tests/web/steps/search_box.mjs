// The search box as a keyboard user meets it: focus order, the dropdown for "tay" (Taylor
// Swift) and for the misspelt "beyonse" (Beyoncé), arrow keys and Escape in the dropdown,
// Enter searching the text, and Enter on an active option opening that celebrity.
import {assert, eventually, focusedId} from './expect.mjs';

// The options of the open dropdown once it answers `text` ([] until then, or when it is
// closed). Keystrokes may come slower than the debounce on a loaded machine, so the list can
// show the answer to "t" before the one to "tay".
async function optionNames(page, text) {
  return page.$$eval(`#suggestions:not([hidden])[data-query="${text}"] [role="option"]`, (els) => els.map((e) => e.textContent));
}

export async function run({page, base, shot, log}) {
  await page.goto(base + '/');
  await page.waitForSelector('.grid .card');

  // Focus order from the top of the page: the skip link, the home link, then the search box.
  for (const expected of ['skip-link', 'brand']) {
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement.className), expected);
  }
  await page.keyboard.press('Tab');
  assert.equal(await focusedId(page), 'search-input');

  await page.keyboard.type('tay', {delay: 60});
  await eventually('Taylor Swift in the dropdown', async () =>
    (await optionNames(page, 'tay')).some((n) => n.includes('Taylor Swift')));
  const combobox = page.locator('#search-input');
  assert.equal(await combobox.getAttribute('aria-expanded'), 'true');
  // The matched part is marked ("Tay" from the suggestions endpoint, the whole word "Taylor"
  // from the search endpoint's highlight on a service without it).
  assert.match(await page.locator('#suggestions mark').first().textContent(), /^tay/i);
  await shot('tay-dropdown');

  await page.keyboard.press('Escape');
  assert.equal(await combobox.getAttribute('aria-expanded'), 'false');

  // Down/Up move the active option (aria-activedescendant), the focus stays in the box.
  await combobox.fill('');
  await page.keyboard.type('mar', {delay: 40});
  await eventually('several suggestions for "mar"', async () => (await optionNames(page, 'mar')).length >= 3);
  const ids = await page.$$eval('#suggestions [role="option"]', (els) => els.map((e) => e.id));
  await page.keyboard.press('ArrowDown');
  assert.equal(await combobox.getAttribute('aria-activedescendant'), ids[0]);
  assert.equal(await page.locator(`#${ids[0]}`).getAttribute('aria-selected'), 'true');
  await page.keyboard.press('ArrowDown');
  assert.equal(await combobox.getAttribute('aria-activedescendant'), ids[1]);
  assert.equal(await page.locator(`#${ids[0]}`).getAttribute('aria-selected'), 'false');
  await page.keyboard.press('ArrowUp');
  assert.equal(await combobox.getAttribute('aria-activedescendant'), ids[0]);
  await page.keyboard.press('ArrowUp');  // wraps to the last
  assert.equal(await combobox.getAttribute('aria-activedescendant'), ids[ids.length - 1]);
  assert.equal(await focusedId(page), 'search-input');
  await shot('arrow-keys');
  await page.keyboard.press('Escape');
  assert.equal(await combobox.getAttribute('aria-expanded'), 'false');
  assert.ok(await page.locator('#suggestions').isHidden());
  await page.keyboard.press('Escape');  // a second Escape clears the box
  assert.equal(await combobox.inputValue(), '');

  // A misspelt name still finds the person.
  await page.keyboard.type('beyonse', {delay: 60});
  await eventually('Beyoncé in the dropdown', async () =>
    (await optionNames(page, 'beyonse')).some((n) => n.includes('Beyoncé')));
  await shot('beyonse-dropdown');

  // Enter with no active option searches the text: results, URL and focus on the results.
  await page.keyboard.press('Enter');
  await page.waitForURL((u) => u.searchParams.get('q') === 'beyonse');
  const first = page.locator('.grid .card').first();
  await eventually('Beyoncé first in the results', async () => (await first.locator('h3').textContent()).includes('Beyoncé'));
  assert.equal(await focusedId(page), 'results-title');
  assert.match(await page.locator('#results-title').textContent(), /for “beyonse”/);
  await shot('beyonse-results');

  // Enter on an active option opens that celebrity's page.
  await combobox.focus();
  await combobox.fill('');
  await page.keyboard.type('tay', {delay: 60});
  await eventually('Taylor Swift in the dropdown again', async () =>
    (await optionNames(page, 'tay')).some((n) => n.includes('Taylor Swift')));
  const names = await optionNames(page, 'tay');
  const index = names.findIndex((n) => n.includes('Taylor Swift'));
  for (let i = 0; i <= index; i++) await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');
  await page.waitForURL(/\/celebrity\/taylorswift$/);
  await eventually('the profile heading', async () => (await page.locator('main h1').textContent()).includes('Taylor Swift'));
  assert.equal(await page.evaluate(() => document.activeElement.tagName), 'H1');
  await shot('profile-from-dropdown');
  log('checked: focus order, tay -> Taylor Swift, beyonse -> Beyoncé, arrows/Escape, Enter searches, Enter on an option opens it');
}
