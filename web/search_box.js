// The search box: a combobox (ARIA 1.2 pattern) with search-as-you-type suggestions grouped as
// celebrities, categories and cities, the matched part highlighted. Debounced; a late answer
// to an older keystroke is dropped. Keyboard: Down/Up move through the options, Enter picks the
// active one (or searches the text), Escape closes the list (or clears the text), Tab leaves.
//
// Suggestions come from GET /v1/search/suggestions. On a service without that endpoint the box
// falls back to the search endpoint's top hits (celebrities only), so typing still helps.

import {get, isMissingEndpoint, queryString} from './api.js';
import {h, clear, highlighted, avatar, announce, debounce} from './dom.js';

const kDebounceMs = 150;
const kLimit = 8;

export class SearchBox {
  // handlers: onSearch(text), onCelebrity(username), onCategory(slug), onCity(value)
  constructor(form, handlers) {
    this.form = form;
    this.input = form.querySelector('[role="combobox"]');
    this.list = form.querySelector('[role="listbox"]');
    this.handlers = handlers;
    this.options = [];   // [{el, choose()}]
    this.active = -1;
    this.sequence = 0;
    this.useFallback = false;
    this.lastText = '';
    const fetchLater = debounce(() => this.fetch(), kDebounceMs);
    this.input.addEventListener('input', () => {
      if (this.input.value.trim() === '') {
        this.sequence++;
        this.close();
      } else {
        fetchLater();
      }
    });
    this.input.addEventListener('keydown', (e) => this.onKey(e));
    this.input.addEventListener('blur', () => window.setTimeout(() => this.close(), 120));
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      this.sequence++;  // a suggestion answer still on its way must not reopen the list
      this.close();
      this.handlers.onSearch(this.input.value.trim());
    });
  }

  setText(text) {
    this.input.value = text || '';
  }

  isOpen() {
    return !this.list.hidden;
  }

  close() {
    this.list.hidden = true;
    this.input.setAttribute('aria-expanded', 'false');
    this.input.removeAttribute('aria-activedescendant');
    this.active = -1;
  }

  open() {
    if (!this.options.length && !this.list.querySelector('.suggestions-note')) return;
    this.list.hidden = false;
    this.input.setAttribute('aria-expanded', 'true');
  }

  onKey(e) {
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      if (!this.options.length) return;
      e.preventDefault();
      if (!this.isOpen()) this.open();
      const n = this.options.length;
      const step = e.key === 'ArrowDown' ? 1 : -1;
      this.setActive(this.active < 0 ? (step > 0 ? 0 : n - 1) : (this.active + step + n) % n);
    } else if (e.key === 'Enter') {
      if (this.isOpen() && this.active >= 0) {
        e.preventDefault();
        this.options[this.active].choose();
      }
    } else if (e.key === 'Escape') {
      if (this.isOpen()) {
        e.preventDefault();
        this.close();
      } else if (this.input.value) {
        e.preventDefault();
        this.input.value = '';
      }
    } else if (e.key === 'Tab') {
      this.close();
    }
  }

  setActive(index) {
    this.options.forEach((o, i) => o.el.setAttribute('aria-selected', i === index ? 'true' : 'false'));
    this.active = index;
    const option = this.options[index];
    if (option) {
      this.input.setAttribute('aria-activedescendant', option.el.id);
      option.el.scrollIntoView({block: 'nearest'});
    }
  }

  async fetch() {
    const text = this.input.value.trim();
    if (!text) return;
    const mine = ++this.sequence;
    const groups = await this.load(text);
    if (mine !== this.sequence || document.activeElement !== this.input) return;
    this.list.dataset.query = text;  // which text the list answers (the page's tests wait on it)
    this.render(groups);
  }

  // {celebrities, categories, cities} or {error}
  async load(text) {
    if (!this.useFallback) {
      const r = await get(`/v1/search/suggestions${queryString([['q', text], ['limit', kLimit]])}`);
      if (r.ok) return r.data;
      if (!isMissingEndpoint(r)) return {error: r.status === 400 ? null : r.error};
      this.useFallback = true;
    }
    const r = await get(`/v1/search/celebrities${queryString([['q', text], ['limit', 6]])}`);
    if (!r.ok) return {error: r.status === 400 ? null : r.error};
    return {celebrities: r.data.celebrities, categories: [], cities: []};
  }

  render(groups) {
    clear(this.list);
    this.options = [];
    this.active = -1;
    this.input.removeAttribute('aria-activedescendant');
    if (groups.error) {
      this.list.append(h('div', {class: 'suggestions-note', role: 'presentation'}, 'Suggestions are unavailable right now; press Enter to search.'));
      this.open();
      return;
    }
    const celebrities = groups.celebrities || [];
    const categories = groups.categories || [];
    const cities = groups.cities || [];
    this.group('Celebrities', celebrities, (c) => [
      avatar(c, 'tiny'),
      h('span', {}, highlighted(c.highlight, c.displayName), c.isVerified ? h('span', {class: 'badge'}, 'Verified') : null,
        h('span', {class: 'meta'}, ` ${[c.profession, c.category].filter(Boolean).join(' · ')}`)),
    ], (c) => this.handlers.onCelebrity(c.username));
    this.group('Categories', categories, (c) => [
      highlighted(c.highlight, c.name), h('span', {class: 'meta'}, ` ${c.count} celebrities`),
    ], (c) => this.handlers.onCategory(c.slug));
    // A city's `city` is its key ("london,gb"), which the search's city filter takes as is.
    this.group('Cities', cities, (c) => [
      highlighted(c.highlight, c.name || c.city), h('span', {class: 'meta'}, ` ${c.country || ''} · ${c.count}`),
    ], (c) => this.handlers.onCity(c.city));
    const total = this.options.length;
    if (total === 0) {
      this.close();
      announce('No suggestions');
      return;
    }
    this.open();
    announce(`${total} suggestion${total === 1 ? '' : 's'}; use the arrow keys to choose`);
  }

  group(label, items, content, onChoose) {
    if (!items.length) return;
    const labelId = `suggestions-${label.toLowerCase()}`;
    const group = h('div', {class: 'suggestion-group', role: 'group', 'aria-labelledby': labelId},
        h('div', {class: 'suggestion-group-label', id: labelId, role: 'presentation'}, label));
    for (const item of items) {
      const index = this.options.length;
      const choose = () => {
        this.sequence++;
        this.close();
        onChoose(item);
      };
      const el = h('div', {
        class: 'suggestion', role: 'option', id: `suggestion-${index}`, 'aria-selected': 'false',
        onmousedown: (e) => e.preventDefault(),  // keep the focus in the input
        onclick: choose,
      }, content(item));
      this.options.push({el, choose});
      group.append(el);
    }
    this.list.append(group);
  }
}
