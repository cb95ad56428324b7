// The availability calendar's data: GET /v1/celebrities/{id}/availability?month=YYYY-MM, read
// into one flat list of bookable dates, and the meeting times a date offers.

import {get, isMissingEndpoint} from './api.js';

function firstOf(object, names) {
  for (const name of names) if (object && object[name] !== undefined && object[name] !== null) return object[name];
  return undefined;
}

function hhmm(value) {
  const m = /^(\d{1,2}):(\d{2})/.exec(String(value || ''));
  return m ? `${m[1].padStart(2, '0')}:${m[2]}` : '';
}

function entry(d, place = {}) {
  const max = firstOf(d, ['maxSlots']);
  const booked = firstOf(d, ['bookedSlots']);
  let free = firstOf(d, ['freeSlots', 'availableSlots', 'slotsLeft', 'remainingSlots']);
  if (free === undefined && typeof max === 'number') free = max - (booked || 0);
  return {
    id: String(firstOf(d, ['id', 'availableDateId', 'dateId']) || ''),
    date: String(firstOf(d, ['date', 'meetingDate']) || '').slice(0, 10),
    city: firstOf(d, ['city']) || place.city || '',
    country: firstOf(d, ['country', 'countryCode']) || place.country || place.countryCode || '',
    startTime: hhmm(firstOf(d, ['startTime', 'start'])),
    endTime: hhmm(firstOf(d, ['endTime', 'end'])),
    free: typeof free === 'number' ? free : 0,
    blocked: Boolean(firstOf(d, ['isBlocked', 'blocked'])),
  };
}

// {dates:[...]} flat, or grouped per city: {cities|availability:[{city, country, dates:[...]}]}.
export function normalizeAvailability(data) {
  const out = [];
  if (Array.isArray(data?.dates)) for (const d of data.dates) out.push(entry(d));
  for (const group of data?.cities || data?.availability || []) {
    for (const d of group.dates || []) out.push(entry(d, group));
  }
  return out.filter((d) => d.id && /^\d{4}-\d{2}-\d{2}$/.test(d.date));
}

// {ok, dates} | {ok:false, missing, message}
export async function loadAvailability(celebrityId, month) {
  const r = await get(`/v1/celebrities/${encodeURIComponent(celebrityId)}/availability?month=${month}`);
  if (r.ok) return {ok: true, dates: normalizeAvailability(r.data)};
  return {ok: false, missing: isMissingEndpoint(r), message: r.error?.message};
}

// Start times from the date's opening to its close, every 30 minutes, leaving room for the
// meeting's duration.
export function meetingTimes(date, durationMinutes) {
  const toMinutes = (t) => Number(t.slice(0, 2)) * 60 + Number(t.slice(3, 5));
  if (!date.startTime || !date.endTime) return [];
  const times = [];
  const end = toMinutes(date.endTime) - (durationMinutes || 0);
  for (let t = toMinutes(date.startTime); t <= end; t += 30) {
    times.push(`${String(Math.floor(t / 60)).padStart(2, '0')}:${String(t % 60).padStart(2, '0')}`);
  }
  return times;
}

export function monthKey(date) {
  return `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, '0')}`;
}

export function shiftMonth(key, delta) {
  const [y, m] = key.split('-').map(Number);
  return monthKey(new Date(y, m - 1 + delta, 1));
}
