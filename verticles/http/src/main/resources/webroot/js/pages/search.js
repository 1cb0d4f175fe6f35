// Search only: hybrid, vector or full-text search over your sources, each hit with the same
// citation chip as in chat (it opens the source at the place).
import {api} from '../api.js';
import * as router from '../router.js';
import {h, clear, field, select, heading, showError, KIND_LABELS} from '../ui.js';
import {chip, externalLink} from '../cite.js';

export const title = 'Search';

const MODES = [
  {value: 'hybrid', label: 'Hybrid (meaning and words)'},
  {value: 'vector', label: 'Meaning (vector)'},
  {value: 'text', label: 'Exact words (full text)'},
];

export async function show(root, ctx) {
  const {signal, route} = ctx;
  const input = h('input', {id: 'search-input', type: 'search', maxlength: '2000', value: route.params.q || '', 'data-autofocus': true});
  const mode = select({id: 'search-mode'}, MODES, route.params.mode || 'hybrid');
  const kind = select({id: 'search-kind'}, [{value: '', label: 'All kinds'},
    ...Object.entries(KIND_LABELS).map(([value, label]) => ({value, label}))], route.params.kind || '');
  const submit = h('button', {id: 'search-submit', type: 'submit', text: 'Search'});
  const summary = h('p', {id: 'search-summary', class: 'muted', role: 'status'});
  const results = h('ol', {id: 'search-results', class: 'search-results', 'aria-labelledby': 'search-results-heading'});

  const form = h('form', {class: 'card search-form', role: 'search', onsubmit: (event) => {
    event.preventDefault();
    run().catch(showError);
  }},
  h('div', {class: 'search-row'},
    h('div', {class: 'field grow'}, h('label', {for: 'search-input', text: 'Search your sources'}), input),
    field('Mode', mode), field('Kind', kind),
    h('div', {class: 'field'}, h('span', {class: 'label-spacer', 'aria-hidden': 'true', text: ' '}), submit)));

  root.append(heading('Search'), form,
    h('section', {'aria-labelledby': 'search-results-heading'},
      h('h2', {id: 'search-results-heading', class: 'visually-hidden', text: 'Results'}), summary, results));

  async function run() {
    const query = input.value.trim();
    if (!query) {
      summary.textContent = 'Type what you are looking for.';
      return;
    }
    router.replace('/search', {q: query, mode: mode.value, kind: kind.value});
    submit.disabled = true;
    results.setAttribute('aria-busy', 'true');
    summary.textContent = 'Searching…';
    try {
      const body = {query, mode: mode.value};
      if (kind.value) body.kinds = [kind.value];
      const reply = await api('/search', {method: 'POST', body, signal});
      clear(results);
      const words = queryWords(query);
      reply.results.forEach((hit, i) => results.append(hitNode(hit, i + 1, words)));
      summary.textContent = reply.results.length
        ? `${reply.results.length} passage${reply.results.length === 1 ? '' : 's'} in ${reply.tookMs} ms`
        : `Nothing found for “${query}”.`;
    } catch (error) {
      summary.textContent = error.message;
      throw error;
    } finally {
      submit.disabled = false;
      results.removeAttribute('aria-busy');
    }
  }

  // ---- chat-log messages: full text ---------------------------------------------------------
  const logInput = h('input', {id: 'chatlog-search-input', type: 'search', maxlength: '2000', 'aria-describedby': 'chatlog-search-hint'});
  const logSubmit = h('button', {id: 'chatlog-search-submit', type: 'submit', class: 'secondary', text: 'Search messages'});
  const logSummary = h('p', {class: 'muted', role: 'status'});
  const logResults = h('ol', {id: 'chatlog-results', class: 'search-results', 'aria-label': 'Chat-log messages found'});
  root.append(h('form', {class: 'card search-form', role: 'search', 'aria-labelledby': 'chatlog-search-heading', onsubmit: (event) => {
    event.preventDefault();
    searchLogs().catch(showError);
  }},
  h('h2', {id: 'chatlog-search-heading', text: 'Search your chat logs word for word'}),
  h('div', {class: 'search-row'},
    h('div', {class: 'field grow'}, h('label', {for: 'chatlog-search-input', text: 'Words in the messages'}), logInput,
      h('small', {id: 'chatlog-search-hint', class: 'hint', text: 'Words, "a phrase", -without, or.'})),
    h('div', {class: 'field'}, logSubmit))),
  logSummary, logResults);

  async function searchLogs() {
    const q = logInput.value.trim();
    if (!q) return;
    logSubmit.disabled = true;
    try {
      const reply = await api('/chat-logs/search', {query: {q, limit: 50}, signal});
      clear(logResults);
      for (const hit of reply.items) {
        logResults.append(h('li', {class: 'search-hit chatlog-hit', data: {sourceId: hit.sourceId}},
          h('div', {class: 'passage-head'},
            h('a', {class: 'source-link', href: router.href('/sources/' + encodeURIComponent(hit.sourceId), {m: hit.messageIndex}),
              text: `${hit.title} · message ${hit.messageIndex}`}),
            h('span', {class: 'badge', text: hit.platform}), h('span', {class: 'muted', text: hit.role})),
          h('p', {class: 'hit-text'}, markedSnippet(hit.snippet))));
      }
      logSummary.textContent = reply.items.length ? `${reply.items.length} message${reply.items.length === 1 ? '' : 's'} found` : `No message contains “${q}”.`;
    } finally {
      logSubmit.disabled = false;
    }
  }

  if (input.value) await run();
}

const ENTITIES = {'&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'", '&#x27;': "'", '&apos;': "'"};

/**
 * The server's snippet is escaped text whose only markup is <mark>…</mark> around the matched
 * words: it is split on those tags and unescaped into text nodes and <mark> elements, never parsed
 * as HTML.
 */
function markedSnippet(snippet) {
  const parts = String(snippet || '').split(/<\/?mark>/);
  const unescape = (text) => text.replace(/&(amp|lt|gt|quot|#39|#x27|apos);/g, (entity) => ENTITIES[entity]);
  return parts.map((part, i) => (i % 2 === 1 ? h('mark', {text: unescape(part)}) : unescape(part)));
}

const STOP_WORDS = new Set(['the', 'and', 'for', 'are', 'was', 'what', 'how', 'does', 'with', 'that', 'this', 'from', 'into', 'can', 'you', 'why', 'when', 'which', 'who', 'there', 'their', 'have', 'has', 'not', 'but', 'its']);

/** The query's words worth marking in a passage: three letters or more, not a stop word. */
function queryWords(query) {
  return [...new Set(query.toLowerCase().split(/[^\p{L}\p{N}_]+/u))].filter((w) => w.length >= 3 && !STOP_WORDS.has(w));
}

/**
 * The passage as text nodes with the query's words marked: a word of the passage is marked when it
 * starts with a query word's stem (its first five letters, or the whole word when shorter), which
 * is roughly what the search's English stemming matched ("configure" marks "configuring").
 */
function markedPassage(text, words) {
  if (!words.length) return [text];
  const stems = words.map((w) => (w.length > 5 ? w.slice(0, 5) : w));
  const parts = String(text).split(/([\p{L}\p{N}_]+)/u);
  return parts.map((part, i) => (i % 2 === 1 && stems.some((stem) => part.toLowerCase().startsWith(stem))
    ? h('mark', {text: part}) : part));
}

function hitNode(hit, number, words = []) {
  return h('li', {class: 'search-hit', data: {sourceId: hit.sourceId}},
    h('div', {class: 'passage-head'},
      chip(hit, number),
      h('span', {class: 'badge', text: KIND_LABELS[hit.kind] || hit.kind}),
      h('span', {class: 'muted', text: `score ${Number(hit.score).toFixed(3)}`}),
      externalLink(hit)),
    h('p', {class: 'hit-text'}, markedPassage(hit.text, words)));
}
