// The booking flow (needs the marketplace branch: accounts, availability, bookings, payments
// with the local payment gateway): register from the profile page, pick a meeting type, city,
// date and time, pay with the test card 4242 4242 4242 4242, see the confirmation, and find the
// booking, confirmed, in GET /v1/bookings.
import {assert, eventually} from './expect.mjs';

async function authedFetch(page, path) {
  return page.evaluate(async (p) => {
    const {token} = JSON.parse(sessionStorage.getItem('starry.session'));
    const r = await fetch(p, {headers: {Authorization: `Bearer ${token}`}});
    return {status: r.status, body: await r.json()};
  }, path);
}

function monthOf(date) {
  return date.toISOString().slice(0, 7);
}

export async function run({page, base, shot, log}) {
  await page.goto(base + '/celebrity/taylorswift');
  await page.getByRole('button', {name: 'Create an account'}).click();
  const email = `fan-${Date.now()}@example.com`;
  await page.getByLabel('First name').fill('Ana');
  await page.getByLabel('Last name').fill('Fan');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill('Starry-pass-2026');
  await shot('register');
  await page.getByLabel('Password').press('Enter');
  await page.locator('#book-title').waitFor();
  assert.match(await page.locator('#account-status').textContent(), /Signed in as Ana/);

  // A city and an open date at least 8 days ahead (bookings need 7), from the calendar's API.
  const celebrity = (await (await page.request.get(base + '/v1/celebrities/taylorswift')).json()).data;
  const soonest = new Date(Date.now() + 8 * 86400000).toISOString().slice(0, 10);
  let pick = null;
  let monthsAhead = 0;
  for (; monthsAhead < 4 && !pick; monthsAhead++) {
    const d = new Date();
    d.setUTCDate(1);
    d.setUTCMonth(d.getUTCMonth() + monthsAhead);
    const r = await authedFetch(page, `/v1/celebrities/${celebrity.id}/availability?month=${monthOf(d)}`);
    assert.equal(r.status, 200, JSON.stringify(r.body));
    for (const city of r.body.data.cities) {
      const date = city.dates.find((x) => x.date >= soonest && x.freeSlots > 0 && !x.isBlocked);
      if (date) {
        pick = {city: city.city, date: date.date};
        break;
      }
    }
  }
  assert.ok(pick, 'an open date in the next 4 months');
  const type = celebrity.meetingTypes[0];

  await page.getByLabel(new RegExp(`^${type.name}`)).check();
  await page.selectOption('#book-city', pick.city);
  for (let i = 1; i < monthsAhead; i++) await page.getByRole('button', {name: 'Next month →'}).click();
  await page.locator(`#day-${Number(pick.date.slice(8, 10))}`).click();
  const times = await page.$$eval('#book-time option', (els) => els.map((e) => e.value).filter(Boolean));
  assert.ok(times.length > 0, 'times for the chosen date');
  await page.selectOption('#book-time', times[0]);
  await shot('chosen');
  await page.getByRole('button', {name: 'Continue to payment'}).click();

  // The summary: price + 15% fee + 5% tax = total, from the booking the service made.
  await page.locator('#pay-title').waitFor();
  const summary = await page.locator('.summary').textContent();
  const price = type.priceCents;
  const total = price + Math.round(price * 0.15) + Math.round(price * 0.05);
  assert.ok(summary.includes(`$${(total / 100).toLocaleString('en-US')}`), `${summary} should total ${total}`);
  await page.getByLabel('Card number').fill('4242 4242 4242 4242');
  await shot('payment');
  await page.getByRole('button', {name: /^Pay /}).click();

  await page.waitForURL(/\/bookings\/[^/]+$/, {timeout: 20000});
  await eventually('the confirmation', async () => (await page.locator('#booking-title').textContent()) === 'Your meeting is booked');
  const number = await page.locator('#booking-number').textContent();
  assert.match(number, /^BK-\d{4}-\d{6}$/);
  await shot('confirmation');

  const id = decodeURIComponent(new URL(page.url()).pathname.split('/').pop());
  const list = await authedFetch(page, '/v1/bookings');
  assert.equal(list.status, 200);
  const mine = list.body.data.bookings.find((b) => b.id === id);
  assert.ok(mine, `booking ${id} in GET /v1/bookings`);
  assert.equal(mine.status, 'confirmed');
  assert.equal(mine.bookingNumber, number);
  assert.equal(mine.meetingDate, pick.date);

  await page.getByRole('link', {name: 'All your bookings'}).click();
  await page.locator(`[data-booking="${id}"]`).waitFor();
  await shot('bookings');
  log(`checked: registered ${email}, booked ${type.name} in ${pick.city} on ${pick.date}, paid, ${number} confirmed`);
}
