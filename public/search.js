/**
 * The archive's search page: a small interface over Pagefind's JavaScript
 * API. The page's state lives in its URL (`/search/?q=moscow&year=2024`), so a
 * search can be linked, bookmarked and walked back with the back button.
 *
 * The index is written in date shards (see src/search/index.ts):
 * `pagefind/shards.json` lists them newest first; the newest is loaded as
 * Pagefind's primary index and the others are merged with `mergeIndex`, each
 * tagged with a synthetic `shard` filter. Pagefind orders merged results by
 * score, which for a sorted search is a rank within one shard only, so
 * newest-first results are read shard by shard, newest shard first.
 *
 * Everything put on the page is text (textContent and DOM nodes); the only
 * markup taken from the index is Pagefind's <mark> in excerpts, rebuilt here
 * as elements from the text around it.
 */

const PAGE_SIZE = 20;
const FILTERS = ['year', 'month', 'place', 'agency'];
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** `2024-08-22` → `August 22, 2024`, as the site's pages print dates. */
export function dateLabel(date) {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date ?? '');
  if (!m) return date ?? '';
  return `${MONTHS[Number(m[2]) - 1]} ${Number(m[3])}, ${m[1]}`;
}

/** `2024-08` → `August 2024`. */
export function monthLabel(value) {
  const m = /^(\d{4})-(\d{2})$/.exec(value);
  return m ? `${MONTHS[Number(m[2]) - 1]} ${m[1]}` : value;
}

// Pagefind escapes only < and > in excerpts (an article's `&` and quotes come through as they are).
function decodeEntities(text) {
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>');
}

/**
 * Pagefind's excerpt as DOM nodes: its <mark> and </mark> become <mark>
 * elements, everything else is text (`&lt;` and `&gt;` decoded, any other tag
 * shown as the text it is), so nothing from an article can become markup.
 */
export function excerptNodes(excerpt, doc = document) {
  const nodes = [];
  let marked = null;
  for (const part of String(excerpt).split(/(<\/?mark>)/)) {
    if (part === '<mark>') {
      marked = doc.createElement('mark');
      nodes.push(marked);
    } else if (part === '</mark>') {
      marked = null;
    } else if (part !== '') {
      const text = doc.createTextNode(decodeEntities(part));
      if (marked) marked.appendChild(text);
      else nodes.push(text);
    }
  }
  return nodes;
}

/** The search state a URL describes. */
export function stateFromUrl(url) {
  const params = new URL(url).searchParams;
  const state = { q: (params.get('q') ?? '').trim(), sort: params.get('sort') === 'relevance' ? 'relevance' : 'date', filters: {} };
  for (const name of FILTERS) {
    const value = params.get(name);
    if (value) state.filters[name] = value;
  }
  return state;
}

/** The query string of a state, in a fixed order so equal searches have equal URLs. */
export function queryOf(state) {
  const params = new URLSearchParams();
  if (state.q) params.set('q', state.q);
  for (const name of FILTERS) if (state.filters[name]) params.set(name, state.filters[name]);
  if (state.sort === 'relevance') params.set('sort', 'relevance');
  const query = params.toString();
  return query ? `?${query}` : '';
}

function hasSearch(state) {
  return state.q !== '' || Object.keys(state.filters).length > 0;
}

function element(tag, attributes = {}, children = []) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  for (const child of children) node.append(child);
  return node;
}

/** Loads Pagefind and merges every shard; null when the archive has nothing indexed. */
async function openIndex(base) {
  const response = await fetch(`${base}pagefind/shards.json`);
  if (!response.ok) throw new Error(`${response.status} loading the search manifest`);
  const manifest = await response.json();
  const [primary, ...others] = manifest.shards;
  if (!primary) return null;
  const pagefind = await import(`${base}${primary.path}pagefind.js`);
  await pagefind.options({ baseUrl: base, excerptLength: 30, mergeFilter: { shard: primary.name } });
  for (const shard of others) await pagefind.mergeIndex(`${base}${shard.path}`, { baseUrl: base, mergeFilter: { shard: shard.name } });
  return { pagefind, shards: manifest.shards, filtersLoaded: false };
}

/**
 * One search: the total, the filter counts, and the results in the chosen
 * order, fetched a page at a time.
 */
async function runSearch(index, state) {
  const term = state.q === '' ? null : state.q;
  const sort = state.sort === 'relevance' ? {} : { date: 'desc' };
  const all = await index.pagefind.search(term, { filters: state.filters, sort });
  const total = all.results.length;
  let ordered = state.sort === 'relevance' ? all.results : [];
  let shardsRead = 0;
  const shardCounts = all.filters?.shard ?? null;
  async function results(upTo) {
    while (ordered.length < Math.min(upTo, total) && shardsRead < index.shards.length) {
      const shard = index.shards[shardsRead++];
      if (shardCounts && !shardCounts[shard.name]) continue;
      const one = await index.pagefind.search(term, { filters: { ...state.filters, shard: shard.name }, sort });
      ordered = ordered.concat(one.results);
    }
    return ordered.slice(0, upTo);
  }
  return { total, filters: all.filters ?? {}, results };
}

function optionLabel(name, value) {
  return name === 'month' ? monthLabel(value) : value;
}

function compareOptions(name) {
  // Years and months newest first; places and agencies A to Z.
  if (name === 'year' || name === 'month') return (a, b) => (a < b ? 1 : a > b ? -1 : 0);
  return (a, b) => a.localeCompare(b, 'en');
}

/** Refills one filter's <select> with the values the current results have, and their counts. */
function fillFilter(select, name, counts, selected) {
  const first = select.options[0];
  select.replaceChildren(first);
  const values = Object.keys(counts ?? {}).filter((value) => counts[value] > 0 || value === selected);
  if (selected && !values.includes(selected)) values.push(selected);
  for (const value of values.sort(compareOptions(name))) {
    const option = element('option', { value }, [`${optionLabel(name, value)} (${counts?.[value] ?? 0})`]);
    if (value === selected) option.selected = true;
    select.append(option);
  }
  select.value = selected ?? '';
}

function resultItem(data, base) {
  const meta = data.meta ?? {};
  const heading = element('h2', {}, [element('a', { href: data.url }, [meta.title ?? data.url])]);
  const line = element('p', { class: 'meta' });
  if (meta.date) line.append(element('time', { datetime: meta.date }, [dateLabel(meta.date)]));
  if (meta.place) {
    if (meta.date) line.append(' · ');
    line.append(meta.placeUrl ? element('a', { class: 'place', href: `${base}${meta.placeUrl.replace(/^\//, '')}` }, [meta.place]) : element('span', { class: 'place' }, [meta.place]));
  }
  const excerpt = element('p', { class: 'excerpt' }, excerptNodes(data.excerpt ?? ''));
  return element('li', { class: 'summary search-result' }, [heading, line, excerpt]);
}

function describe(state) {
  const parts = [];
  if (state.filters.place) parts.push(`from ${state.filters.place}`);
  if (state.filters.agency) parts.push(`by ${state.filters.agency}`);
  if (state.filters.month) parts.push(`in ${monthLabel(state.filters.month)}`);
  else if (state.filters.year) parts.push(`in ${state.filters.year}`);
  return parts.length ? ` ${parts.join(' ')}` : '';
}

function start(root) {
  const base = root.dataset.basePath || '/';
  const form = root.querySelector('form');
  const input = form.elements.namedItem('q');
  const sortSelect = form.elements.namedItem('sort');
  const selects = Object.fromEntries(FILTERS.map((name) => [name, form.elements.namedItem(name)]));
  const status = root.querySelector('[data-search-status]');
  const list = root.querySelector('[data-search-results]');
  const more = root.querySelector('[data-search-more]');
  const siteTitle = document.title;
  let opening = null;
  let generation = 0;
  let current = null;

  for (const hidden of root.querySelectorAll('[data-needs-script]')) hidden.hidden = false;

  function formState() {
    const state = { q: input.value.trim(), sort: sortSelect.value === 'relevance' ? 'relevance' : 'date', filters: {} };
    for (const name of FILTERS) if (selects[name].value) state.filters[name] = selects[name].value;
    return state;
  }

  function showState(state) {
    input.value = state.q;
    sortSelect.value = state.sort;
    for (const name of FILTERS) {
      const value = state.filters[name] ?? '';
      if (value && ![...selects[name].options].some((o) => o.value === value)) selects[name].append(element('option', { value }, [optionLabel(name, value)]));
      selects[name].value = value;
    }
  }

  async function appendPage() {
    if (!current) return;
    const mine = generation;
    more.hidden = true;
    const shown = list.children.length;
    const page = await current.results(shown + PAGE_SIZE);
    const data = await Promise.all(page.slice(shown).map((result) => result.data()));
    if (mine !== generation) return;
    const items = data.map((one) => resultItem(one, base));
    list.append(...items);
    more.hidden = list.children.length >= current.total;
    return items[0];
  }

  async function show(state) {
    const mine = ++generation;
    showState(state);
    document.title = state.q ? `“${state.q}” — ${siteTitle}` : siteTitle;
    list.replaceChildren();
    more.hidden = true;
    current = null;
    if (!hasSearch(state)) {
      status.textContent = '';
      root.setAttribute('aria-busy', 'false');
      return;
    }
    status.textContent = 'Searching…';
    root.setAttribute('aria-busy', 'true');
    try {
      opening ??= openIndex(base);
      const index = await opening;
      if (mine !== generation) return;
      if (!index) {
        status.textContent = 'The archive has no articles to search yet.';
        root.setAttribute('aria-busy', 'false');
        return;
      }
      const found = await runSearch(index, state);
      if (mine !== generation) return;
      current = found;
      const what = state.q ? `“${state.q}”` : 'these filters';
      if (found.total === 0) {
        status.textContent = `No articles match ${what}${describe(state)}.${Object.keys(state.filters).length ? ' Try removing a filter.' : ''}`;
      } else {
        status.textContent = `${found.total === 1 ? '1 article matches' : `${found.total.toLocaleString('en')} articles match`} ${what}${describe(state)}, ${state.sort === 'relevance' ? 'best match first' : 'newest first'}.`;
        await appendPage();
      }
      let counts = found.filters;
      if (!index.filtersLoaded) {
        // The filter lists are, after the index metadata, the largest download of a
        // first search: fetched once the results are on the page, then counted.
        await index.pagefind.filters();
        index.filtersLoaded = true;
        if (mine !== generation) return;
        counts = (await runSearch(index, state)).filters;
        if (mine !== generation) return;
      }
      for (const name of FILTERS) fillFilter(selects[name], name, counts[name], state.filters[name]);
      root.setAttribute('aria-busy', 'false');
    } catch (error) {
      if (mine !== generation) return;
      opening = null;
      status.textContent = 'Search could not load. Browse by date or place instead.';
      root.setAttribute('aria-busy', 'false');
      console.error(error);
    }
  }

  function navigate(state) {
    const url = `${location.pathname}${queryOf(state)}`;
    if (url !== `${location.pathname}${location.search}`) history.pushState(null, '', url);
    void show(state);
  }

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    navigate(formState());
  });
  for (const select of [sortSelect, ...Object.values(selects)]) select.addEventListener('change', () => navigate(formState()));
  more.addEventListener('click', async () => {
    const first = await appendPage();
    first?.querySelector('a')?.focus();
  });
  window.addEventListener('popstate', () => void show(stateFromUrl(location.href)));
  void show(stateFromUrl(location.href));
}

const root = typeof document === 'undefined' ? null : document.querySelector('[data-search]');
if (root) start(root);
