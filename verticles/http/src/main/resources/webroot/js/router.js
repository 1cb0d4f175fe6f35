// Hash routes: '#/sources/<id>?page=3' -> {path: '/sources/<id>', parts: ['sources', '<id>'],
// params: {page: '3'}}. Navigation is a hash change; replace() rewrites the address of the page
// being shown (e.g. the PDF page turned) without showing the page again.

/** The route of the current address. */
export function current() {
  return parse(location.hash);
}

export function parse(hash) {
  const text = (hash || '').replace(/^#/, '');
  const [pathPart, queryPart = ''] = text.split('?');
  const path = pathPart.startsWith('/') ? pathPart : '/' + pathPart;
  const parts = path.split('/').filter(Boolean).map((part) => {
    try { return decodeURIComponent(part); } catch { return part; }
  });
  const params = Object.fromEntries(new URLSearchParams(queryPart));
  return {path, parts, params};
}

/** '#/sources/x' + {page: 3} -> '#/sources/x?page=3' (empty values left out). */
export function href(path, params) {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params || {})) {
    if (value !== undefined && value !== null && value !== '') query.set(key, String(value));
  }
  const text = query.toString();
  return '#' + path + (text ? '?' + text : '');
}

export function go(path, params) {
  location.hash = href(path, params);
}

/** Changes the address without showing the page again. */
export function replace(path, params) {
  history.replaceState(history.state, '', href(path, params));
}

/** Calls listener(route) now and on every hash change. */
export function listen(listener) {
  window.addEventListener('hashchange', () => listener(current()));
  listener(current());
}
