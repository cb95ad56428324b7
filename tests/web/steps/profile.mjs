// The profile page by deep link (reload-safe), its 404, the booking panel's sign-in form, and
// how the page degrades on a service without the accounts, availability or suggestions
// endpoints: a friendly message, never a broken page. The missing endpoints are simulated by
// answering them with the server's own "no route" 404 (page.route), so this keeps testing the
// degradation after those endpoints are merged.
import {assert, eventually, api} from './expect.mjs';

const kNoRoute = (path) => ({status: 404, contentType: 'application/json',
  body: JSON.stringify({success: false, error: {code: 'NOT_FOUND', message: `no route for ${path}`, details: []}})});

export async function run({page, base, shot, log}) {
  const taylor = await api(base, '/v1/celebrities/taylorswift');

  // A deep link loads the page straight away, and so does a reload of it.
  await page.goto(base + '/celebrity/taylorswift');
  await eventually('the profile', async () => (await page.locator('main h1').textContent()).includes('Taylor Swift'));
  await page.reload();
  await eventually('the profile after reload', async () => (await page.locator('main h1').textContent()).includes('Taylor Swift'));
  const types = await page.$$eval('.meeting-types li', (els) => els.map((e) => e.textContent));
  assert.equal(types.length, taylor.meetingTypes.length);
  for (const m of taylor.meetingTypes) {
    assert.ok(types.some((t) => t.includes(m.name) && t.includes(`$${(m.priceCents / 100).toLocaleString('en-US')}`)), `${m.name} in ${types}`);
  }
  for (const a of taylor.availability) {
    assert.ok((await page.locator('main').textContent()).includes(a.city), a.city);
  }
  // Booking starts with signing in: labelled fields, reachable by keyboard.
  assert.equal(await page.getByLabel('Email').count(), 1);
  assert.equal(await page.getByLabel('Password').count(), 1);
  await shot('profile');

  // An unknown username: a clear not-found page, not a broken one.
  await page.goto(base + '/celebrity/nobody-at-all');
  await eventually('the not-found page', async () => (await page.locator('main h1').textContent()) === 'No celebrity by that name');
  await shot('unknown-celebrity');
  // An unknown page path is the server's 404, and an unknown asset too.
  assert.equal((await page.request.get(base + '/no/such/page')).status(), 404);
  assert.equal((await page.request.get(base + '/assets/nope.js')).status(), 404);

  // Accounts missing: signing in says so.
  await page.route('**/v1/auth/**', (route) => route.fulfill(kNoRoute(new URL(route.request().url()).pathname)));
  await page.goto(base + '/celebrity/taylorswift');
  await page.getByLabel('Email').fill('fan@example.com');
  await page.getByLabel('Password').fill('correct horse 1');
  await page.getByLabel('Password').press('Enter');
  await eventually('the accounts message', async () =>
    (await page.locator('#book-auth-error').textContent()) === 'Accounts are not available on this server yet.');
  await shot('accounts-missing');

  // Availability missing (signed in): the calendar says booking is not open yet.
  await page.evaluate(() => sessionStorage.setItem('starry.session', JSON.stringify({token: 'x', refreshToken: 'y', user: {firstName: 'Ana'}})));
  await page.route('**/v1/celebrities/*/availability*', (route) => route.fulfill(kNoRoute('/v1/celebrities/x/availability')));
  await page.reload();
  await page.locator('#availability-note').waitFor();
  assert.match(await page.locator('#availability-note').textContent(), /not open on this server yet/);
  assert.ok(await page.getByRole('button', {name: 'Continue to payment'}).isDisabled());
  await shot('availability-missing');

  // Bookings missing: the bookings page says so.
  await page.route('**/v1/bookings**', (route) => route.fulfill(kNoRoute('/v1/bookings')));
  await page.goto(base + '/bookings');
  await eventually('the bookings message', async () =>
    ((await page.locator('main').textContent()) || '').includes('Bookings are not available on this server yet.'));
  await shot('bookings-missing');

  // Suggestions missing: the box falls back to the search's top hits.
  await page.route('**/v1/search/suggestions**', (route) => route.fulfill(kNoRoute('/v1/search/suggestions')));
  await page.goto(base + '/');
  await page.focus('#search-input');
  await page.keyboard.type('tay', {delay: 50});
  await eventually('Taylor Swift from the fallback', async () =>
    (await page.$$eval('#suggestions:not([hidden])[data-query="tay"] [role="option"]', (els) => els.map((e) => e.textContent))).some((n) => n.includes('Taylor Swift')));
  log('checked: deep link and reload, meeting types and cities, 404s, missing accounts/availability/bookings/suggestions');
}
