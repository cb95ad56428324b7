// The signed-in fan's bookings (GET /v1/bookings) and one booking (GET /v1/bookings/{id}),
// which is also the confirmation page after paying.

import {authed, isMissingEndpoint} from './api.js';
import {h, clear, money} from './dom.js';
import {session} from './session.js';
import {authForm} from './account.js';

function signInFirst(container, onSignedIn) {
  container.append(h('h1', {tabindex: '-1'}, 'Your bookings'), authForm({idPrefix: 'auth', onSignedIn}));
}

function failure(container, r, what) {
  container.append(h('div', {class: 'empty-state', role: 'alert'}, h('h1', {tabindex: '-1'}, what),
      h('p', {}, isMissingEndpoint(r) ? 'Bookings are not available on this server yet.' : r.error?.message || 'Please try again later.')));
}

function when(b) {
  return `${b.meetingDate || ''} at ${b.meetingTime || ''}${b.city ? ` in ${b.city}` : ''}`;
}

export async function renderBookingsPage({container, navigate}) {
  clear(container);
  if (!session()) return signInFirst(container, () => navigate('/bookings', {replace: true}));
  const r = await authed('GET', '/v1/bookings?limit=50');
  clear(container);
  if (!r.ok) return r.status === 401 ? signInFirst(container, () => navigate('/bookings', {replace: true})) : failure(container, r, 'Your bookings');
  const bookings = r.data.bookings || r.data.items || [];
  container.append(h('h1', {tabindex: '-1'}, 'Your bookings'),
      bookings.length === 0 ? h('p', {}, 'No bookings yet. ', h('a', {href: '/', 'data-link': true}, 'Find someone to meet')) :
      h('ul', {class: 'bookings-list'}, bookings.map((b) => h('li', {'data-booking': b.id},
          h('a', {href: `/bookings/${encodeURIComponent(b.id)}`, 'data-link': true}, `${b.bookingNumber}: ${b.celebrityName || ''}`),
          h('div', {class: 'muted'}, `${b.meetingTypeName || ''} · ${when(b)} · ${b.status} · ${money(b.totalCents, (b.currency || 'usd').toUpperCase())}`)))));
}

export async function renderBookingPage({container, id, navigate}) {
  clear(container);
  if (!session()) return signInFirst(container, () => navigate(`/bookings/${encodeURIComponent(id)}`, {replace: true}));
  const r = await authed('GET', `/v1/bookings/${encodeURIComponent(id)}`);
  clear(container);
  if (!r.ok) return failure(container, r, r.status === 404 ? 'No such booking' : 'This booking cannot be shown');
  const b = r.data.booking || r.data;
  const confirmed = b.status === 'confirmed';
  const currency = (b.currency || 'usd').toUpperCase();
  container.append(h('section', {class: 'panel', id: 'booking-confirmation', 'aria-labelledby': 'booking-title'},
      h('h1', {id: 'booking-title', tabindex: '-1'}, confirmed ? 'Your meeting is booked' : `Booking ${b.status}`),
      confirmed ? h('p', {class: 'notice success'}, `Payment received. Your booking number is ${b.bookingNumber}.`) : null,
      h('dl', {},
          h('dt', {}, 'Booking number'), h('dd', {id: 'booking-number'}, b.bookingNumber),
          h('dt', {}, 'With'), h('dd', {}, b.celebrityName || ''),
          h('dt', {}, 'Meeting'), h('dd', {}, `${b.meetingTypeName || ''}${b.durationMinutes ? ` (${b.durationMinutes} min)` : ''}`),
          h('dt', {}, 'When and where'), h('dd', {}, when(b)),
          h('dt', {}, 'Status'), h('dd', {id: 'booking-status'}, b.status),
          h('dt', {}, 'Total paid'), h('dd', {}, money(b.totalCents, currency))),
      h('p', {}, h('a', {href: '/bookings', 'data-link': true}, 'All your bookings'))));
}
