// The browse view at "/": filters with live counts (the response's facets), removable chips,
// sort, a grid of result cards, pagination, "did you mean", the relaxed-query notice and the
// zero-result state. Everything it shows follows from the URL's state (see state.js).

import {get, queryString} from './api.js';
import {h, clear, highlighted, announce, money, avatar} from './dom.js';
import {kPageSize, statePairs, hasFilters, emptyState, urlForState} from './state.js';

const kSorts = [
  ['', 'Best match'],
  ['popularity', 'Most popular'],
  ['rating', 'Highest rated'],
  ['price_asc', 'Price: low to high'],
  ['price_desc', 'Price: high to low'],
  ['newest', 'Newest'],
];
const kFacetTitles = {category: 'Category', city: 'City', country: 'Country'};
const kMaxDepth = 10000;  // the service refuses results deeper than this
const kShortList = 10;    // facet values shown before "Show all"
const expanded = new Set();  // facets whose whole list the user asked to see

// ctx: {container, state, navigate(state, options)}
export async function renderSearchPage(ctx) {
  const {container, state} = ctx;
  const pairs = statePairs(state);
  pairs.push(['limit', kPageSize]);
  const sequence = (renderSearchPage.sequence = (renderSearchPage.sequence || 0) + 1);
  container.setAttribute('aria-busy', 'true');
  const result = await get(`/v1/search/celebrities${queryString(pairs)}`);
  if (sequence !== renderSearchPage.sequence) return;  // a newer search replaced this one
  container.removeAttribute('aria-busy');
  const focusedId = document.activeElement && container.contains(document.activeElement) ? document.activeElement.id : '';
  clear(container);
  if (!result.ok) {
    container.append(errorView(result, ctx));
    return;
  }
  const data = result.data;
  container.append(h('div', {class: 'browse'}, filtersView(data, ctx), resultsView(data, ctx)));
  if (focusedId) document.getElementById(focusedId)?.focus();
  const total = data.pagination.total;
  announce(total === 0 ? 'No celebrities found' : `${total} celebrit${total === 1 ? 'y' : 'ies'} found`);
}

function errorView(result, ctx) {
  const bad = result.status === 400;
  return h('div', {class: 'empty-state', role: 'alert'},
      h('h1', {}, bad ? 'That search could not be run' : 'Search is unavailable right now'),
      h('p', {}, result.error?.message || 'Please try again in a moment.'),
      bad ? h('button', {type: 'button', onclick: () => ctx.navigate(emptyState())}, 'Start a new search')
          : h('button', {type: 'button', onclick: () => ctx.navigate(ctx.state, {replace: true})}, 'Try again'));
}

function labelOf(facets, facet, value) {
  const bucket = (facets[facet] || []).find((b) => b.value === value);
  if (bucket) return bucket.label;
  if (facet === 'city' && /^[a-z0-9-]+,[a-z]{2}$/.test(value)) {  // a city key outside the top N
    return value.split(',')[0].split('-').map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join(' ');
  }
  return value;
}

function domId(prefix, value) {
  return `${prefix}-${String(value).toLowerCase().replace(/[^a-z0-9]+/g, '-')}`;
}

// --- the sidebar ---------------------------------------------------------------------------

function filtersView(data, ctx) {
  const facets = data.facets || {};
  return h('aside', {class: 'filters', 'aria-labelledby': 'filters-title'},
      h('h2', {id: 'filters-title'}, 'Filters'),
      checkboxFacet('category', facets, ctx),
      checkboxFacet('city', facets, ctx),
      checkboxFacet('country', facets, ctx),
      priceFilter(facets, ctx),
      ratingFilter(facets, ctx),
      verifiedFilter(facets, ctx),
      datesFilter(ctx));
}

function checkboxFacet(facet, facets, ctx) {
  const selected = ctx.state[facet];
  const buckets = [...(facets[facet] || [])];
  for (const value of selected) {  // a selection with no bucket left still shows, checked
    if (!buckets.some((b) => b.value === value)) buckets.push({value, label: labelOf(facets, facet, value), count: null});
  }
  const legendId = `legend-${facet}`;
  const long = buckets.length > kShortList + 2;
  const shown = long && !expanded.has(facet)
      ? buckets.filter((b, i) => i < kShortList || selected.includes(b.value)) : buckets;
  const toggleId = `more-${facet}`;
  const toggle = long ? h('button', {type: 'button', class: 'link', id: toggleId, 'aria-expanded': String(expanded.has(facet)),
    onclick: () => {
      if (expanded.has(facet)) expanded.delete(facet);
      else expanded.add(facet);
      ctx.navigate(ctx.state, {replace: true});
    }}, expanded.has(facet) ? `Show fewer` : `Show all ${buckets.length}`) : null;
  return h('fieldset', {'data-facet': facet},
      h('legend', {id: legendId}, kFacetTitles[facet]),
      buckets.length === 0 ? h('p', {class: 'muted'}, 'None') : null,
      shown.map((b) => {
        const id = domId(`f-${facet}`, b.value);
        const checked = selected.includes(b.value);
        return h('div', {class: `facet-option${b.count === 0 ? ' empty' : ''}`},
            h('input', {type: 'checkbox', id, checked, 'data-value': b.value,
              onchange: (e) => {
                const next = {...ctx.state, page: ''};
                next[facet] = e.target.checked ? [...selected, b.value] : selected.filter((v) => v !== b.value);
                ctx.navigate(next);
              }}),
            h('label', {for: id}, b.label),
            b.count === null ? null : h('span', {class: 'count', 'aria-label': `${b.count} results`}, String(b.count)));
      }),
      toggle);
}

// Price buckets' values are "min-max" in whole dollars ("500-" is open-ended).
function priceRange(value) {
  const m = /^(\d*)-(\d*)$/.exec(value || '');
  return m ? {min: m[1], max: m[2]} : null;
}

function priceFilter(facets, ctx) {
  const {state} = ctx;
  const buckets = (facets.price || []).filter((b) => priceRange(b.value));
  const current = `${state.minPrice}-${state.maxPrice}`;
  const min = h('input', {type: 'number', id: 'price-min', min: 0, step: 1, inputmode: 'numeric', value: state.minPrice});
  const max = h('input', {type: 'number', id: 'price-max', min: 0, step: 1, inputmode: 'numeric', value: state.maxPrice});
  return h('fieldset', {'data-facet': 'price'},
      h('legend', {}, 'Price (USD)'),
      buckets.map((b) => {
        const id = domId('f-price', b.value);
        const range = priceRange(b.value);
        return h('div', {class: `facet-option${b.count === 0 ? ' empty' : ''}`},
            h('input', {type: 'radio', name: 'price', id, checked: current === `${range.min}-${range.max}`,
              onchange: () => ctx.navigate({...state, minPrice: range.min, maxPrice: range.max, page: ''})}),
            h('label', {for: id}, b.label),
            h('span', {class: 'count', 'aria-label': `${b.count} results`}, String(b.count)));
      }),
      h('form', {class: 'range-inputs', onsubmit: (e) => {
        e.preventDefault();
        ctx.navigate({...state, minPrice: min.value.trim(), maxPrice: max.value.trim(), page: ''});
      }},
      h('label', {for: 'price-min'}, 'Min', min),
      h('label', {for: 'price-max'}, 'Max', max),
      h('button', {type: 'submit', class: 'secondary'}, 'Apply price')));
}

function ratingFilter(facets, ctx) {
  const buckets = facets.rating || [];
  if (!buckets.length) return null;
  return h('fieldset', {'data-facet': 'rating'},
      h('legend', {}, 'Rating'),
      buckets.map((b) => {
        const id = domId('f-rating', b.value);
        return h('div', {class: `facet-option${b.count === 0 ? ' empty' : ''}`},
            h('input', {type: 'radio', name: 'rating', id, checked: ctx.state.minRating === b.value,
              onchange: () => ctx.navigate({...ctx.state, minRating: b.value, page: ''})}),
            h('label', {for: id}, b.label),
            h('span', {class: 'count', 'aria-label': `${b.count} results`}, String(b.count)));
      }));
}

function verifiedFilter(facets, ctx) {
  const yes = (facets.verified || []).find((b) => b.value === 'true');
  return h('fieldset', {'data-facet': 'verified'},
      h('legend', {}, 'Verified'),
      h('div', {class: 'facet-option'},
          h('input', {type: 'checkbox', id: 'f-verified', checked: ctx.state.verified === 'true',
            onchange: (e) => ctx.navigate({...ctx.state, verified: e.target.checked ? 'true' : '', page: ''})}),
          h('label', {for: 'f-verified'}, 'Verified only'),
          yes ? h('span', {class: 'count', 'aria-label': `${yes.count} results`}, String(yes.count)) : null));
}

function datesFilter(ctx) {
  const {state} = ctx;
  const from = h('input', {type: 'date', id: 'date-from', value: state.availableFrom});
  const to = h('input', {type: 'date', id: 'date-to', value: state.availableTo});
  return h('fieldset', {'data-facet': 'dates'},
      h('legend', {}, 'Available between'),
      h('form', {class: 'range-inputs', onsubmit: (e) => {
        e.preventDefault();
        ctx.navigate({...state, availableFrom: from.value, availableTo: to.value, page: ''});
      }},
      h('label', {for: 'date-from'}, 'From', from),
      h('label', {for: 'date-to'}, 'To', to),
      h('button', {type: 'submit', class: 'secondary'}, 'Apply dates')));
}

// --- the results ---------------------------------------------------------------------------

function chips(data, ctx) {
  const {state} = ctx;
  const facets = data.facets || {};
  const list = [];
  const add = (label, next) => list.push({label, next: {...next, page: ''}});
  for (const facet of ['category', 'city', 'country']) {
    for (const value of state[facet]) {
      add(`${kFacetTitles[facet]}: ${labelOf(facets, facet, value)}`, {...state, [facet]: state[facet].filter((v) => v !== value)});
    }
  }
  if (state.minPrice || state.maxPrice) {
    const label = state.minPrice && state.maxPrice ? `$${state.minPrice}–$${state.maxPrice}`
        : state.minPrice ? `from $${state.minPrice}` : `up to $${state.maxPrice}`;
    add(`Price: ${label}`, {...state, minPrice: '', maxPrice: ''});
  }
  if (state.minRating) add(`Rating: ${labelOf(facets, 'rating', state.minRating)}`, {...state, minRating: ''});
  if (state.verified) add(state.verified === 'true' ? 'Verified only' : 'Not verified', {...state, verified: ''});
  if (state.availableFrom || state.availableTo) {
    add(`Available: ${state.availableFrom || '…'} to ${state.availableTo || '…'}`, {...state, availableFrom: '', availableTo: ''});
  }
  if (!list.length) return null;
  return h('ul', {class: 'chips', 'aria-label': 'Selected filters'},
      list.map((chip) => h('li', {class: 'chip'}, chip.label,
          h('button', {type: 'button', 'aria-label': `Remove filter ${chip.label}`, title: 'Remove filter',
            onclick: () => ctx.navigate(chip.next)}, '×'))),
      list.length > 1 ? h('li', {}, h('button', {type: 'button', class: 'link',
        onclick: () => ctx.navigate({...emptyState(), q: state.q})}, 'Clear all filters')) : null);
}

function resultsView(data, ctx) {
  const {state} = ctx;
  const total = data.pagination.total;
  const title = state.q ? `${total} result${total === 1 ? '' : 's'} for “${state.q}”`
      : `${total} celebrit${total === 1 ? 'y' : 'ies'}`;
  const sort = h('select', {id: 'sort', onchange: (e) => ctx.navigate({...state, sort: e.target.value, page: ''})},
      kSorts.map(([value, label]) => h('option', {value, selected: (state.sort || '') === value}, label)));
  return h('section', {class: 'results', 'aria-labelledby': 'results-title'},
      h('div', {class: 'results-bar'},
          h('h1', {id: 'results-title', tabindex: '-1'}, title),
          h('div', {}, h('label', {for: 'sort'}, 'Sort by '), sort)),
      chips(data, ctx),
      notices(data, ctx),
      total === 0 ? zeroResults(data, ctx) : h('ul', {class: 'grid', 'aria-label': 'Celebrities'},
          data.celebrities.map((c) => h('li', {}, card(c)))),
      pagination(data, ctx));
}

function notices(data, ctx) {
  const out = [];
  if (data.relaxed && data.relaxed.droppedWord) {
    out.push(h('p', {class: 'notice', id: 'relaxed-notice'},
        `No celebrity matches all of your words, so these results leave out “${data.relaxed.droppedWord}”.`));
  }
  if (data.correction) {
    out.push(h('p', {class: 'notice', id: 'correction'}, 'Did you mean ',
        h('a', {href: `/?q=${encodeURIComponent(data.correction)}`, onclick: (e) => {
          e.preventDefault();
          ctx.navigate({...ctx.state, q: data.correction, page: ''});
        }}, data.correction), '?'));
  }
  return out;
}

function zeroResults(data, ctx) {
  const {state} = ctx;
  const filtered = hasFilters(state);
  return h('div', {class: 'empty-state', id: 'zero-results'},
      h('h2', {}, state.q ? `No celebrities match “${state.q}”` : 'No celebrities match these filters'),
      h('p', {}, filtered ? 'Try removing a filter, or search for a name, a profession or a city.'
          : 'Check the spelling, or try a shorter or more general search.'),
      h('p', {},
          filtered ? h('button', {type: 'button', onclick: () => ctx.navigate({...emptyState(), q: state.q})}, 'Clear all filters') : null,
          ' ',
          h('button', {type: 'button', class: 'secondary', onclick: () => ctx.navigate(emptyState())}, 'Browse all celebrities')));
}

function cheapest(c) {
  const prices = (c.meetingTypes || []).map((m) => m.priceCents).filter((p) => typeof p === 'number');
  return prices.length ? Math.min(...prices) : null;
}

export function card(c) {
  const from = cheapest(c);
  const cities = (c.availability || []).map((a) => a.city).filter(Boolean);
  return h('article', {class: 'card', 'data-username': c.username},
      h('div', {class: 'head'}, avatar(c),
          h('div', {},
              h('h3', {}, h('a', {href: `/celebrity/${encodeURIComponent(c.username)}`, 'data-link': true},
                  highlighted(c.highlight, c.displayName)),
              c.isVerified ? h('span', {class: 'badge'}, 'Verified') : null),
              h('div', {class: 'meta'}, [c.profession, c.category].filter(Boolean).join(' · ')))),
      h('div', {class: 'meta'},
          typeof c.averageRating === 'number' && c.totalReviews ? `★ ${c.averageRating.toFixed(1)} (${c.totalReviews} reviews)` : 'No reviews yet'),
      cities.length ? h('div', {class: 'meta'}, `Meets in ${cities.slice(0, 3).join(', ')}${cities.length > 3 ? ` +${cities.length - 3}` : ''}`) : null,
      from !== null ? h('div', {}, 'From ', h('strong', {}, money(from))) : null);
}

function pagination(data, ctx) {
  const {page, totalPages} = data.pagination;
  const last = Math.min(totalPages, Math.floor(kMaxDepth / kPageSize));
  if (last <= 1) return null;
  const link = (n, label, attrs = {}) => {
    const next = {...ctx.state, page: n === 1 ? '' : String(n)};
    return h('a', {href: urlForState(next), ...attrs, onclick: (e) => {
      e.preventDefault();
      ctx.navigate(next, {focusResults: true});
    }}, label);
  };
  const items = [];
  if (page > 1) items.push(link(page - 1, 'Previous', {rel: 'prev'}));
  const start = Math.max(1, page - 2);
  const end = Math.min(last, page + 2);
  for (let n = start; n <= end; n++) {
    items.push(n === page ? h('span', {'aria-current': 'page'}, String(n)) : link(n, String(n), {'aria-label': `Page ${n}`}));
  }
  if (page < last) items.push(link(page + 1, 'Next', {rel: 'next'}));
  return h('nav', {'aria-label': 'Pagination'}, h('ul', {class: 'pagination'}, items.map((i) => h('li', {}, i))));
}
