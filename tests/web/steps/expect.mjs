// Assertions and waits shared by the steps.
import assert from 'node:assert/strict';

export {assert};

// Polls fn() until it returns a truthy value (returned) or the timeout passes (throws `what`).
export async function eventually(what, fn, timeoutMs = 10000) {
  const deadline = Date.now() + timeoutMs;
  let last;
  while (Date.now() < deadline) {
    try {
      last = await fn();
      if (last) return last;
    } catch (e) {
      last = e;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what} (last: ${last instanceof Error ? last.message : JSON.stringify(last)})`);
}

// The service's own answer, for comparing what the page shows with what the API says.
export async function api(base, path) {
  const r = await fetch(base + path);
  const json = await r.json();
  assert.ok(json.success, `${path}: ${JSON.stringify(json)}`);
  return json.data;
}

// {value: count} of one facet fieldset as the page shows it.
export async function shownCounts(page, facet) {
  return page.$$eval(`fieldset[data-facet="${facet}"] .facet-option`, (rows) => Object.fromEntries(rows.map((row) => {
    const input = row.querySelector('input');
    return [input.dataset.value || input.id, Number(row.querySelector('.count')?.textContent || 'NaN')];
  })));
}

export function countsOf(facetBuckets) {
  return Object.fromEntries(facetBuckets.map((b) => [b.value, b.count]));
}

// The id of the element that has the keyboard focus.
export function focusedId(page) {
  return page.evaluate(() => document.activeElement?.id || document.activeElement?.tagName);
}
