// The browse page's search state and its URL: /?q=..&category=..&page=.. carries everything,
// so a search can be shared, reloaded, and walked back and forth with the browser's history.

export const kMultiValued = ['category', 'city', 'country'];
export const kSingle = ['q', 'minPrice', 'maxPrice', 'minRating', 'verified', 'availableFrom', 'availableTo', 'sort', 'page'];
export const kPageSize = 12;

export function emptyState() {
  const state = {};
  for (const name of kMultiValued) state[name] = [];
  for (const name of kSingle) state[name] = '';
  return state;
}

export function stateFromSearch(search) {
  const params = new URLSearchParams(search);
  const state = emptyState();
  for (const name of kMultiValued) state[name] = params.getAll(name).filter(Boolean);
  for (const name of kSingle) state[name] = (params.get(name) || '').trim();
  if (state.page === '1') state.page = '';
  return state;
}

// [name, value] pairs in a stable order (the URL and the API request alike).
export function statePairs(state) {
  const pairs = [];
  if (state.q) pairs.push(['q', state.q]);
  for (const name of kMultiValued) for (const value of state[name]) pairs.push([name, value]);
  for (const name of kSingle) {
    if (name !== 'q' && name !== 'page' && state[name]) pairs.push([name, state[name]]);
  }
  if (state.page && state.page !== '1') pairs.push(['page', state.page]);
  return pairs;
}

export function urlForState(state) {
  const params = new URLSearchParams();
  for (const [name, value] of statePairs(state)) params.append(name, value);
  const text = params.toString();
  return text ? `/?${text}` : '/';
}

export function hasFilters(state) {
  return kMultiValued.some((n) => state[n].length) ||
      ['minPrice', 'maxPrice', 'minRating', 'verified', 'availableFrom', 'availableTo'].some((n) => state[n]);
}
