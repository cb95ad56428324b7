// A celebrity's page: who they are, meeting types with prices, the cities they meet in, an
// availability calendar, and the booking flow (sign in, pick type/city/date/time, pay with a
// card, see the confirmation).

import {get, authed} from './api.js';
import {h, clear, money, avatar, announce} from './dom.js';
import {session} from './session.js';
import {authForm} from './account.js';
import {loadAvailability, meetingTimes, monthKey, shiftMonth} from './availability.js';
import {paymentStep} from './payment.js';

export async function renderProfilePage({container, username, navigate, cameFromSearch}) {
  clear(container).append(h('p', {class: 'muted'}, 'Loading…'));
  const r = await get(`/v1/celebrities/${encodeURIComponent(username)}`);
  clear(container);
  if (!r.ok) {
    container.append(h('div', {class: 'empty-state', role: r.status === 404 ? null : 'alert'},
        h('h1', {tabindex: '-1'}, r.status === 404 ? 'No celebrity by that name' : 'This profile cannot be shown right now'),
        h('p', {}, r.status === 404 ? `Nobody on StarryMeet goes by “${username}”.` : r.error?.message || ''),
        h('p', {}, h('a', {href: '/', 'data-link': true}, 'Back to the search'))));
    return;
  }
  const c = r.data;
  document.title = `${c.displayName} · StarryMeet`;
  const booking = h('aside', {class: 'booking', 'aria-label': 'Book a meeting'});
  container.append(h('div', {class: 'profile'},
      h('div', {},
          h('p', {}, h('a', {href: '/', 'data-link': true, onclick: (e) => {
            if (!cameFromSearch) return;  // a deep link: the link opens the search page
            e.preventDefault();
            history.back();  // the results as they were, filters and page included
          }}, cameFromSearch ? '← Back to results' : '← Search all celebrities')),
          h('div', {class: 'profile-head'}, avatar(c, 'large'),
              h('div', {},
                  h('h1', {tabindex: '-1'}, c.displayName, c.isVerified ? h('span', {class: 'badge'}, 'Verified') : null),
                  h('p', {class: 'muted'}, [c.profession, c.category].filter(Boolean).join(' · ')),
                  h('p', {class: 'muted'}, typeof c.averageRating === 'number' && c.totalReviews
                      ? `★ ${c.averageRating.toFixed(1)} from ${c.totalReviews} reviews · ${c.totalBookings || 0} meetings booked` : 'No reviews yet'))),
          c.bio ? h('section', {class: 'panel'}, h('h2', {}, 'About'), h('p', {}, c.bio)) : null,
          h('section', {class: 'panel', 'aria-labelledby': 'types-title'}, h('h2', {id: 'types-title'}, 'Meeting types'),
              h('ul', {class: 'meeting-types'}, (c.meetingTypes || []).map((m) => h('li', {},
                  h('span', {}, `${m.name} · ${m.durationMinutes} min`), h('strong', {}, money(m.priceCents)))))),
          h('section', {class: 'panel', 'aria-labelledby': 'cities-title'}, h('h2', {id: 'cities-title'}, 'Where to meet'),
              h('ul', {}, (c.availability || []).map((a) => h('li', {},
                  `${a.city}${a.country ? `, ${a.country}` : ''}: ${a.availableDatesCount} date${a.availableDatesCount === 1 ? '' : 's'} open`))))),
      booking));
  bookingFlow(booking, c, navigate);
}

function bookingFlow(root, celebrity, navigate) {
  const choice = {typeId: '', city: '', dateId: '', time: '', month: monthKey(new Date()), requests: ''};
  let dates = [];
  let availabilityNote = '';

  async function loadMonth() {
    const r = await loadAvailability(celebrity.id, choice.month);
    dates = r.ok ? r.dates : [];
    availabilityNote = r.ok ? '' : r.missing ? 'Online booking is not open on this server yet: the availability calendar is coming soon.'
        : `The calendar cannot be loaded right now${r.message ? ` (${r.message})` : ''}.`;
  }

  async function draw(focusId) {
    clear(root);
    if (!session()) {
      root.append(authForm({idPrefix: 'book-auth', onSignedIn: () => draw('book-type-legend')}));
      return;
    }
    root.append(h('p', {class: 'muted'}, 'Loading the calendar…'));
    await loadMonth();
    clear(root);
    root.append(selectionForm());
    if (focusId) document.getElementById(focusId)?.focus();
  }

  function selectionForm() {
    const type = (celebrity.meetingTypes || []).find((m) => m.id === choice.typeId);
    const cities = [...new Set([...(celebrity.availability || []).map((a) => a.city), ...dates.map((d) => d.city)])].filter(Boolean);
    if (!choice.city && cities.length === 1) choice.city = cities[0];
    const today = new Date().toISOString().slice(0, 10);
    const open = dates.filter((d) => d.city === choice.city && d.free > 0 && !d.blocked && d.date > today);
    const date = open.find((d) => d.id === choice.dateId);
    const times = date ? meetingTimes(date, type?.durationMinutes) : [];
    const error = h('p', {class: 'error-text', role: 'alert', id: 'book-error'});
    const form = h('form', {class: 'panel', 'aria-labelledby': 'book-title', onsubmit: async (e) => {
      e.preventDefault();
      if (!type || !date || !choice.time) {
        error.textContent = !type ? 'Choose a meeting type.' : !date ? 'Choose a date.' : 'Choose a time.';
        return;
      }
      submit.disabled = true;
      const r = await authed('POST', '/v1/bookings', {celebrityId: celebrity.id, meetingTypeId: type.id,
        availableDateId: date.id, time: choice.time, specialRequests: choice.requests || undefined});
      submit.disabled = false;
      if (!r.ok) {
        error.textContent = r.status === 409 ? `That slot is no longer available: ${r.error?.message || 'choose another date.'}`
            : r.error?.message || 'The booking could not be made.';
        return;
      }
      const booking = r.data.booking || r.data;
      clear(root).append(paymentStep({booking, celebrity, navigate, onRestart: () => draw('book-type-legend')}));
      root.querySelector('h2')?.focus();
    }},
    h('h2', {id: 'book-title'}, `Book ${celebrity.displayName}`),
    h('fieldset', {class: 'radio-list'},
        h('legend', {id: 'book-type-legend', tabindex: '-1'}, 'Meeting type'),
        (celebrity.meetingTypes || []).map((m) => h('label', {},
            h('input', {type: 'radio', name: 'meetingType', value: m.id, checked: m.id === choice.typeId, required: true,
              onchange: () => { choice.typeId = m.id; choice.time = ''; redraw('book-type-' + m.id); }, id: 'book-type-' + m.id}),
            `${m.name} (${m.durationMinutes} min) · ${money(m.priceCents)}`))),
    h('div', {class: 'form-row'}, h('label', {for: 'book-city'}, 'City'),
        h('select', {id: 'book-city', required: true, onchange: (e) => {
          choice.city = e.target.value; choice.dateId = ''; choice.time = ''; redraw('book-city');
        }}, h('option', {value: ''}, 'Choose a city'), cities.map((c) => h('option', {value: c, selected: c === choice.city}, c)))),
    availabilityNote ? h('p', {class: 'notice', id: 'availability-note'}, availabilityNote) : calendar(open),
    h('div', {class: 'form-row'}, h('label', {for: 'book-time'}, 'Time (local)'),
        h('select', {id: 'book-time', required: true, disabled: !date, onchange: (e) => { choice.time = e.target.value; }},
            h('option', {value: ''}, date ? 'Choose a time' : 'Choose a date first'),
            times.map((t) => h('option', {value: t, selected: t === choice.time}, t)))),
    h('div', {class: 'form-row'}, h('label', {for: 'book-requests'}, 'Special requests (optional)'),
        h('textarea', {id: 'book-requests', maxlength: 1000, rows: 3, oninput: (e) => { choice.requests = e.target.value; }}, choice.requests)),
    error);
    const submit = h('button', {type: 'submit', disabled: Boolean(availabilityNote)}, 'Continue to payment');
    form.append(submit);
    return form;
  }

  function calendar(open) {
    const [y, m] = choice.month.split('-').map(Number);
    const first = new Date(y, m - 1, 1);
    const days = new Date(y, m, 0).getDate();
    const lead = (first.getDay() + 6) % 7;  // weeks start on Monday
    const monthName = first.toLocaleString('en-US', {month: 'long', year: 'numeric'});
    const byDay = new Map(open.map((d) => [Number(d.date.slice(8, 10)), d]));
    const cells = [];
    for (let i = 0; i < lead; i++) cells.push(h('td', {}));
    for (let day = 1; day <= days; day++) {
      const d = byDay.get(day);
      const label = `${first.toLocaleString('en-US', {month: 'long'})} ${day}${d ? `, ${d.free} slot${d.free === 1 ? '' : 's'} free` : ', not available'}`;
      cells.push(h('td', {}, h('button', {type: 'button', class: d ? 'free' : '', disabled: !d, 'aria-label': label,
        'aria-pressed': d && d.id === choice.dateId ? 'true' : 'false', id: `day-${day}`,
        onclick: () => { choice.dateId = d.id; choice.time = ''; redraw(`day-${day}`); announce(`${label} chosen`); }}, String(day))));
    }
    const rows = [];
    for (let i = 0; i < cells.length; i += 7) rows.push(h('tr', {}, cells.slice(i, i + 7)));
    const thisMonth = monthKey(new Date());
    return h('div', {},
        h('div', {class: 'calendar-nav'},
            h('button', {type: 'button', class: 'secondary', id: 'month-prev', disabled: choice.month <= thisMonth,
              onclick: () => { choice.month = shiftMonth(choice.month, -1); choice.dateId = ''; draw('month-prev'); }}, '← Previous month'),
            h('button', {type: 'button', class: 'secondary', id: 'month-next',
              onclick: () => { choice.month = shiftMonth(choice.month, 1); choice.dateId = ''; draw('month-next'); }}, 'Next month →')),
        h('table', {class: 'calendar'}, h('caption', {}, `${monthName}${choice.city ? ` in ${choice.city}` : ''}`),
            h('thead', {}, h('tr', {}, ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'].map((d) => h('th', {scope: 'col'}, d)))),
            h('tbody', {}, rows)),
        choice.city && !open.length ? h('p', {class: 'muted'}, 'No open dates this month in this city; try the next month.') : null,
        !choice.city ? h('p', {class: 'muted'}, 'Choose a city to see its open dates.') : null);
  }

  function redraw(focusId) {
    clear(root);
    root.append(selectionForm());
    if (focusId) document.getElementById(focusId)?.focus();
  }

  window.addEventListener('session', () => {
    if (root.isConnected) draw();
  });
  draw();
}
