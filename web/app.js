// The browse page's entry point: a small router over the History API. Routes:
//   /                      search and browse (state in the query string, see state.js)
//   /celebrity/{username}  profile, availability calendar and booking
//   /bookings              the signed-in fan's bookings
//   /bookings/{id}         one booking (the confirmation after paying)
// The server answers every one of these paths with this page, so deep links and reloads work.

import {SearchBox} from './search_box.js';
import {renderSearchPage} from './search_page.js';
import {renderProfilePage} from './profile_page.js';
import {renderBookingsPage, renderBookingPage} from './bookings_page.js';
import {renderAccountStatus} from './account.js';
import {stateFromSearch, urlForState, emptyState} from './state.js';
import {h, clear} from './dom.js';

const main = document.getElementById('main');
let searchBox = null;

function navigateTo(url, {replace = false, focusResults = false} = {}) {
  if (url === `${location.pathname}${location.search}`) replace = true;
  if (replace) history.replaceState(null, '', url);
  else history.pushState(null, '', url);
  return render({focusResults, newPage: !replace});
}

function navigateState(state, options) {
  return navigateTo(urlForState(state), options);
}

async function render({focusResults = false, newPage = false} = {}) {
  const path = location.pathname;
  const previousView = main.dataset.view;
  let match;
  if (path === '/' || path === '/index.html') {
    const state = stateFromSearch(location.search);
    searchBox.setText(state.q);
    main.dataset.view = 'search';
    document.title = state.q ? `${state.q} · StarryMeet` : 'StarryMeet: meet the people you admire';
    await renderSearchPage({container: main, state, navigate: navigateState});
    if (focusResults || (newPage && previousView !== 'search')) document.getElementById('results-title')?.focus();
    return;
  }
  if ((match = /^\/celebrity\/([^/]+)\/?$/.exec(path))) {
    main.dataset.view = 'profile';
    await renderProfilePage({container: main, username: decodeURIComponent(match[1]), navigate: navigateTo,
      cameFromSearch: previousView === 'search' && newPage});
  } else if (path === '/bookings' || path === '/bookings/') {
    main.dataset.view = 'bookings';
    await renderBookingsPage({container: main, navigate: navigateTo});
  } else if ((match = /^\/bookings\/([^/]+)\/?$/.exec(path))) {
    main.dataset.view = 'booking';
    await renderBookingPage({container: main, id: decodeURIComponent(match[1]), navigate: navigateTo});
  } else {
    main.dataset.view = 'missing';
    clear(main).append(h('div', {class: 'empty-state'}, h('h1', {tabindex: '-1'}, 'Page not found'),
        h('p', {}, h('a', {href: '/', 'data-link': true}, 'Back to the search'))));
  }
  if (newPage) main.querySelector('h1')?.focus();
}

// Same-origin links marked data-link (or inside main) are followed without a page load.
document.addEventListener('click', (e) => {
  if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
  const link = e.target.closest('a[href]');
  if (!link || link.target || !link.hasAttribute('data-link')) return;
  const url = new URL(link.href);
  if (url.origin !== location.origin) return;
  e.preventDefault();
  navigateTo(`${url.pathname}${url.search}`);
});

window.addEventListener('popstate', () => render());

function start() {
  searchBox = new SearchBox(document.getElementById('search-form'), {
    onSearch: (q) => {
      const current = location.pathname === '/' ? stateFromSearch(location.search) : emptyState();
      navigateState({...current, q, page: ''}, {focusResults: true});
    },
    onCelebrity: (username) => navigateTo(`/celebrity/${encodeURIComponent(username)}`),
    onCategory: (slug) => navigateState({...emptyState(), category: [slug]}, {focusResults: true}),
    onCity: (city) => navigateState({...emptyState(), city: [city]}, {focusResults: true}),
  });
  renderAccountStatus(document.getElementById('account-status'), navigateTo);
  render();
}

start();
