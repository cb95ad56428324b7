// Paying for a pending booking: POST /v1/payments/create-intent {bookingId}, then
// POST /v1/payments/confirm {paymentIntentId, paymentMethod} with the card number (the local
// payment gateway honours Stripe's test cards), then wait for the booking to be confirmed
// (the gateway's webhook does that) and show the confirmation.

import {authed} from './api.js';
import {h, money} from './dom.js';

const kConfirmWaitMs = 15000;

async function waitForConfirmation(bookingId) {
  const deadline = Date.now() + kConfirmWaitMs;
  while (Date.now() < deadline) {
    const r = await authed('GET', `/v1/bookings/${encodeURIComponent(bookingId)}`);
    const status = r.ok ? (r.data.booking || r.data).status : '';
    if (status && status !== 'pending') return status;
    await new Promise((resolve) => window.setTimeout(resolve, 400));
  }
  return 'pending';
}

export function paymentStep({booking, celebrity, navigate, onRestart}) {
  const currency = (booking.currency || 'usd').toUpperCase();
  const error = h('p', {class: 'error-text', role: 'alert', id: 'pay-error'});
  const status = h('p', {class: 'muted', role: 'status', id: 'pay-status'});
  const card = h('input', {id: 'card-number', name: 'card-number', inputmode: 'numeric', autocomplete: 'cc-number',
    required: true, 'aria-describedby': 'card-hint', placeholder: '4242 4242 4242 4242', maxlength: 23});
  const form = h('form', {class: 'panel', 'aria-labelledby': 'pay-title', onsubmit: async (e) => {
    e.preventDefault();
    error.textContent = '';
    const digits = card.value.replace(/[\s-]/g, '');
    if (!/^\d{12,19}$/.test(digits)) {
      error.textContent = 'Enter the card number: 12 to 19 digits.';
      card.focus();
      return;
    }
    pay.disabled = true;
    status.textContent = 'Paying…';
    const intent = await authed('POST', '/v1/payments/create-intent', {bookingId: booking.id});
    if (!intent.ok) return fail(intent.error?.message || 'The payment could not be started.');
    const confirm = await authed('POST', '/v1/payments/confirm', {paymentIntentId: intent.data.paymentIntentId, paymentMethod: digits});
    if (confirm.status === 402) {
      // A declined payment cancels the booking and frees its slot: start again from the calendar.
      fail(`Your card was declined${confirm.error?.message ? ` (${confirm.error.message})` : ''}. The slot was released; choose it again to retry with another card.`);
      pay.disabled = true;
      form.append(h('button', {type: 'button', class: 'secondary', onclick: () => onRestart?.()}, 'Back to the calendar'));
      return;
    }
    if (!confirm.ok) return fail(confirm.error?.message || 'The payment did not go through.');
    status.textContent = 'Payment received; confirming your booking…';
    const final = await waitForConfirmation(booking.id);
    if (final === 'cancelled' || final === 'expired') return fail('The payment failed and the booking was cancelled.');
    navigate(`/bookings/${encodeURIComponent(booking.id)}`);
  }},
  h('h2', {id: 'pay-title', tabindex: '-1'}, 'Pay for your meeting'),
  h('p', {}, `${booking.meetingTypeName || 'Meeting'} with ${celebrity.displayName}, ${booking.meetingDate || ''} at ${booking.meetingTime || ''} in ${booking.city || ''}`),
  h('table', {class: 'summary'}, h('tbody', {},
      h('tr', {}, h('td', {}, 'Price'), h('td', {}, money(booking.priceCents, currency))),
      h('tr', {}, h('td', {}, 'Platform fee'), h('td', {}, money(booking.platformFeeCents, currency))),
      h('tr', {}, h('td', {}, 'Tax'), h('td', {}, money(booking.taxCents, currency))),
      h('tr', {class: 'total'}, h('td', {}, 'Total'), h('td', {}, money(booking.totalCents, currency))))),
  h('div', {class: 'form-row'}, h('label', {for: 'card-number'}, 'Card number'), card,
      h('span', {class: 'muted', id: 'card-hint'}, 'Test card: 4242 4242 4242 4242 (4000 0000 0000 0002 is declined).')),
  error, status);
  const pay = h('button', {type: 'submit'}, `Pay ${money(booking.totalCents, currency)}`);
  form.append(pay);
  function fail(message) {
    pay.disabled = false;
    status.textContent = '';
    error.textContent = message;
  }
  return form;
}
