// Small DOM helpers: elements built from data (never innerHTML with service text), highlights
// rendered from the service's escaped "<mark>" strings, and a polite live region.

// h('a', {href: '/x', class: 'card'}, 'text', child...): attributes starting with "on" are
// listeners; false/null/undefined attributes and children are skipped.
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs || {})) {
    if (value === false || value === null || value === undefined) continue;
    if (name.startsWith('on') && typeof value === 'function') {
      el.addEventListener(name.slice(2).toLowerCase(), value);
    } else if (name === 'class') {
      el.className = value;
    } else if (value === true) {
      el.setAttribute(name, '');
    } else {
      el.setAttribute(name, String(value));
    }
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

export function clear(el) {
  while (el.firstChild) el.removeChild(el.firstChild);
  return el;
}

const kEntities = {'&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'", '&#x27;': "'"};

function unescape(text) {
  return text.replace(/&(amp|lt|gt|quot|#39|#x27);/g, (e) => kEntities[e]);
}

// The service's highlights are HTML-escaped text with <mark>...</mark> around matched parts.
// Rebuilt as text nodes and <mark> elements: nothing else of the string is ever parsed as HTML.
export function highlighted(escaped, fallback = '') {
  const span = document.createElement('span');
  if (typeof escaped !== 'string' || escaped === '') {
    span.textContent = fallback;
    return span;
  }
  const parts = escaped.split(/(<mark>|<\/mark>)/);
  let inMark = false;
  for (const part of parts) {
    if (part === '<mark>') inMark = true;
    else if (part === '</mark>') inMark = false;
    else if (part) span.append(inMark ? h('mark', {}, unescape(part)) : unescape(part));
  }
  return span;
}

// Screen-reader announcement through the page's polite live region.
export function announce(message) {
  const region = document.getElementById('announcer');
  if (!region) return;
  region.textContent = '';
  window.setTimeout(() => { region.textContent = message; }, 30);
}

export function money(cents, currency = 'USD') {
  const amount = Number(cents || 0) / 100;
  try {
    return new Intl.NumberFormat('en-US', {style: 'currency', currency, maximumFractionDigits: amount % 1 ? 2 : 0}).format(amount);
  } catch {
    return `$${amount.toFixed(2)}`;
  }
}

export function initials(name) {
  const letters = String(name || '').split(/\s+/).map((w) => (w.match(/\p{L}/u) || [''])[0]).filter(Boolean);
  return (letters.slice(0, 2).join('') || '?').toUpperCase();
}

// A profile photo only when the service itself serves it (nothing is loaded from elsewhere);
// otherwise an initials avatar.
export function avatar(card, size = 'small') {
  const photo = card.profilePhoto;
  if (typeof photo === 'string' && photo.startsWith('/') && !photo.startsWith('//')) {
    return h('img', {class: `avatar avatar-${size}`, src: photo, alt: ''});
  }
  return h('span', {class: `avatar avatar-${size}`, 'aria-hidden': 'true'}, initials(card.displayName));
}

export function debounce(fn, ms) {
  let timer = 0;
  return (...args) => {
    window.clearTimeout(timer);
    timer = window.setTimeout(() => fn(...args), ms);
  };
}
