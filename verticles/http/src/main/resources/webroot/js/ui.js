// DOM helpers shared by every page. Nothing here builds HTML from strings: text always goes in
// as text nodes, so whatever the API returns (titles, messages, passages) cannot become markup.

const PROPERTIES = new Set(['value', 'checked', 'disabled', 'hidden', 'selected', 'multiple', 'open', 'indeterminate']);

/**
 * Makes an element: h('a', {class: 'x', href: '#/', data: {sourceId: id}, onclick: f}, 'text', child).
 * `text` sets textContent; `data` fills data-* attributes; on* functions become listeners;
 * null, undefined and false props are left out; children may be strings, nodes, arrays or null.
 */
export function h(tag, props, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key === 'class') node.className = value;
    else if (key === 'text') node.textContent = String(value);
    else if (key === 'data') {
      for (const [name, v] of Object.entries(value)) {
        if (v !== undefined && v !== null) node.dataset[name] = String(v);
      }
    } else if (key.startsWith('on') && typeof value === 'function') node.addEventListener(key.slice(2), value);
    else if (PROPERTIES.has(key)) node[key] = value;
    else node.setAttribute(key, value === true ? '' : String(value));
  }
  append(node, children);
  return node;
}

/** Appends strings (as text), nodes and nested arrays of them; skips null and false. */
export function append(node, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

/** Removes every child of a node. */
export function clear(node) {
  node.replaceChildren();
  return node;
}

/** A labelled form field: label, then the control; the control needs an id. */
export function field(labelText, control, hint) {
  const hintNode = hint ? h('small', {class: 'hint', id: control.id + '-hint', text: hint}) : null;
  if (hintNode) control.setAttribute('aria-describedby', hintNode.id);
  return h('div', {class: 'field'}, h('label', {for: control.id, text: labelText}), control, hintNode);
}

/** A <select> with options [{value, label}] (or plain strings); `selected` picks one. */
export function select(props, options, selected) {
  const node = h('select', props);
  fillSelect(node, options, selected);
  return node;
}

export function fillSelect(node, options, selected) {
  clear(node);
  for (const option of options) {
    const {value, label} = typeof option === 'string' ? {value: option, label: option} : option;
    node.append(h('option', {value, text: label, selected: value === selected}));
  }
  return node;
}

let toastTimer = 0;

/** Shows a message in #toast: errors (the API's own message) stay 15 s, notices 5 s. */
export function toast(message, kind = 'error') {
  const node = document.getElementById('toast');
  if (!node) return;
  clearTimeout(toastTimer);
  const text = h('span', {class: 'toast-text', text: message});
  const close = h('button', {type: 'button', class: 'toast-close', 'aria-label': 'Dismiss message', title: 'Dismiss',
    onclick: () => { node.hidden = true; }});
  node.replaceChildren(text, close);
  node.className = 'toast ' + kind;
  node.hidden = false;
  toastTimer = setTimeout(() => { node.hidden = true; }, kind === 'error' ? 15000 : 5000);
}

/** Shows an error in #toast unless it is a cancelled request (the user left the page). */
export function showError(error) {
  if (!error || error.name === 'AbortError') return;
  toast(error.message || String(error));
}

/** Seconds as h:mm:ss or m:ss. */
export function clock(seconds) {
  const total = Math.max(0, Math.floor(Number(seconds) || 0));
  const s = total % 60, m = Math.floor(total / 60) % 60, hrs = Math.floor(total / 3600);
  const two = (n) => String(n).padStart(2, '0');
  return hrs > 0 ? `${hrs}:${two(m)}:${two(s)}` : `${m}:${two(s)}`;
}

/** An ISO time as the reader's local date and time. */
export function when(iso) {
  if (!iso) return '';
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? '' : date.toLocaleString();
}

/** A <time> element for an ISO time. */
export function timeEl(iso) {
  return iso ? h('time', {datetime: iso, text: when(iso)}) : null;
}

export function bytes(n) {
  if (!Number.isFinite(n)) return '';
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let value = n, unit = 0;
  while (value >= 1024 && unit < units.length - 1) { value /= 1024; unit++; }
  return `${value.toFixed(unit === 0 ? 0 : 1)} ${units[unit]}`;
}

export const KIND_LABELS = {pdf: 'PDF', transcript: 'Transcript', chat_log: 'Chat log', text: 'Text'};

/** The word a source's status is shown with: the API's `pending` reads as `queued`. */
export function statusWord(status) {
  return status === 'pending' ? 'queued' : status || 'queued';
}

/** A page heading that receives focus after navigation, so screen readers announce the page. */
export function heading(text) {
  return h('h1', {tabindex: '-1', class: 'page-title', text});
}

/** Runs fn after `ms` of quiet; the returned function takes fn's arguments. */
export function debounce(fn, ms) {
  let timer = 0;
  const run = (...args) => { clearTimeout(timer); timer = setTimeout(() => fn(...args), ms); };
  run.cancel = () => clearTimeout(timer);
  return run;
}

/**
 * Fills `container` with `text`, wrapping the part that matches `passage` in <mark class="highlight">.
 * Matching ignores case and runs of whitespace; when the whole passage is not found (a passage is
 * cleaned text, a page keeps its line breaks and hyphens), its start and end are looked for instead.
 * Returns the mark, or null when nothing matched.
 */
export function highlightInto(container, text, passage) {
  clear(container);
  const span = passage ? findPassage(text, passage) : null;
  if (!span) {
    container.textContent = text;
    return null;
  }
  const mark = h('mark', {class: 'highlight', text: text.slice(span[0], span[1])});
  container.append(text.slice(0, span[0]), mark, text.slice(span[1]));
  return mark;
}

function normalized(text) {
  let out = '';
  const map = [];
  let space = true;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (/\s/.test(c) || c === '\u00ad') {
      if (!space) { out += ' '; map.push(i); space = true; }
    } else {
      out += c.toLowerCase();
      map.push(i);
      space = false;
    }
  }
  map.push(text.length);
  return {text: out, map};
}

function findPassage(text, passage) {
  const page = normalized(text);
  const wanted = normalized(passage).text.trim();
  if (!wanted) return null;
  const toSpan = (start, end) => [page.map[start], page.map[end - 1] + 1];
  const whole = page.text.indexOf(wanted);
  if (whole >= 0) return toSpan(whole, whole + wanted.length);
  for (const size of [160, 80, 40, 20]) {
    if (wanted.length <= size) continue;
    const head = wanted.slice(0, size).trim();
    const start = page.text.indexOf(head);
    if (start < 0) continue;
    const tail = wanted.slice(-size).trim();
    const tailAt = page.text.indexOf(tail, start);
    const end = tailAt >= 0 && tailAt - start < wanted.length * 2 ? tailAt + tail.length : start + head.length;
    return toSpan(start, end);
  }
  for (const size of [80, 40]) {
    if (wanted.length <= size) continue;
    const tail = wanted.slice(-size).trim();
    const at = page.text.indexOf(tail);
    if (at >= 0) return toSpan(at, at + tail.length);
  }
  return null;
}

/**
 * A button that acts on a second click within 4 s ("Delete" -> "Confirm delete"), so nothing is
 * deleted by one stray click or key press. `action` may return a promise; its error is shown.
 */
export function confirmClick(button, action, confirmText = 'Confirm delete') {
  let timer = 0;
  let saved = null;
  const reset = () => {
    clearTimeout(timer);
    if (!saved) return;
    button.textContent = saved.text;
    if (saved.aria) button.setAttribute('aria-label', saved.aria);
    button.classList.remove('armed');
    saved = null;
  };
  button.addEventListener('click', async () => {
    if (!saved) {
      saved = {text: button.textContent, aria: button.getAttribute('aria-label')};
      button.textContent = confirmText;
      if (saved.aria) button.setAttribute('aria-label', `${confirmText}: ${saved.aria}`);
      button.classList.add('armed');
      timer = setTimeout(reset, 4000);
      return;
    }
    reset();
    button.disabled = true;
    try {
      await action();
    } catch (error) {
      showError(error);
    } finally {
      button.disabled = false;
    }
  });
  return button;
}
