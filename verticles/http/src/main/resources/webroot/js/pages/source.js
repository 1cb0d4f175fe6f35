// One source: a PDF page by page (pdf.js) with its text and the cited passage highlighted, a
// transcript with clickable timestamps and its video link, a chat log with its messages, notes and
// versions, or a text; plus its summary, tags and actions.
import {api, all, bytes} from '../api.js';
import * as live from '../ws.js';
import * as router from '../router.js';
import {h, clear, clock, timeEl, showError, toast, statusWord, highlightInto, confirmClick, KIND_LABELS} from '../ui.js';

export const title = 'Source';

const PDFJS = '/vendor/pdfjs/build/pdf.min.mjs';
const PDFJS_WORKER = '/vendor/pdfjs/build/pdf.worker.min.mjs';

// the last PDF opened stays loaded, so going back to it (or turning pages) reads it once
let pdfCache = null;

export async function show(root, ctx) {
  const id = ctx.route.parts[1];
  const params = ctx.route.params;
  const {signal} = ctx;
  const titleEl = h('h1', {id: 'source-title', class: 'page-title', tabindex: '-1', text: 'Loading source…'});
  const view = h('article', {id: 'source-view', 'aria-labelledby': 'source-title'}, titleEl);
  root.append(h('p', {class: 'back'}, h('a', {href: '#/library', text: '← Library'})), view);

  let source;
  try {
    const reply = await api('/sources/' + encodeURIComponent(id), {signal});
    source = reply.source || reply; // the Source itself (older servers wrapped it)
  } catch (error) {
    titleEl.textContent = 'This source cannot be shown';
    view.append(h('p', {class: 'form-error', text: error.message}));
    showError(error);
    return;
  }

  let shownStatus = null;
  const body = h('div', {class: 'source-body'});
  const top = h('div');
  view.append(top, body);

  function render() {
    view.dataset.kind = source.kind;
    view.dataset.status = statusWord(source.status);
    titleEl.textContent = source.title || 'Untitled';
    document.title = `${source.title || 'Source'} · MediaWhisperer`;
    clear(top).append(header(source, ctx, (updated) => { source = {...source, ...updated}; }));
    if (shownStatus === source.status) return;
    shownStatus = source.status;
    clear(body);
    if (source.status !== 'completed') {
      body.append(h('p', {class: 'notice', role: 'status',
        text: source.status === 'failed' ? 'Reading this source failed; its content cannot be shown.'
          : `This source is ${statusWord(source.status)}; its content appears here when it is ready.`}));
      return;
    }
    const kinds = {pdf: pdfView, transcript: transcriptView, chat_log: chatLogView, text: textView};
    (kinds[source.kind] || textView)(body, source, params, signal).catch(showError);
  }
  render();

  ctx.onLeave(live.on('source', (frame) => {
    if (frame.source.id !== id) return;
    const before = source;
    source = {...source, ...frame.source};
    if (before.status !== source.status || before.summary !== source.summary || before.title !== source.title) render();
  }));
}

// ---- header: facts, summary, tags, actions ---------------------------------------------------

function header(source, ctx, changed) {
  const facts = [KIND_LABELS[source.kind] || source.kind];
  if (source.pageCount) facts.push(`${source.pageCount} pages`);
  if (source.durationSeconds) facts.push(clock(source.durationSeconds));
  if (source.channelName) facts.push(source.channelName);
  if (source.language) facts.push(source.language);
  if (source.platform) facts.push(source.platform);
  if (source.messageCount) facts.push(`${source.messageCount} messages`);
  if (source.version) facts.push(`version ${source.version}`);
  if (source.chunkCount) facts.push(`${source.chunkCount} passages`);

  const warnings = source.metadata?.warnings || [];
  const wrap = h('div', {class: 'source-header'},
    h('p', {class: 'facts'}, h('span', {class: 'source-status status-' + statusWord(source.status), text: statusWord(source.status)}),
      ' · ', facts.join(' · '), ' · added ', timeEl(source.createdAt)),
    source.status === 'failed' && source.error ? h('p', {class: 'form-error', text: source.error}) : null,
    source.summary ? h('details', {class: 'summary', open: source.summary.length < 400},
      h('summary', {text: 'Summary'}), h('p', {text: source.summary})) : null,
    ingestionFacts(source),
    warnings.length ? h('details', {class: 'warnings'}, h('summary', {text: `${warnings.length} warning${warnings.length === 1 ? '' : 's'} while reading`}),
      h('ul', null, warnings.map((w) => h('li', {text: w})))) : null,
    tagEditor(source, ctx.signal, changed),
    actions(source, ctx));
  return wrap;
}

// how the source was read: its wall time, and how many passages the model embedded or took from the
// embedding cache (a re-upload, a new version, a retried job reuses what was embedded before)
function ingestionFacts(source) {
  const t = source.metadata?.timings;
  if (source.status !== 'completed' || !t || t.embedded === undefined) return null;
  const seconds = ((t.jobMs ?? t.pipelineMs ?? 0) / 1000).toFixed(1);
  const parts = [`read in ${seconds} s`, `${t.embedded} passage${t.embedded === 1 ? '' : 's'} embedded`];
  if (t.reused) parts.push(`${t.reused} reused from earlier uploads`);
  return h('p', {class: 'ingestion-facts muted', text: parts.join(' · ')});
}

function tagEditor(source, signal, changed) {
  const chips = h('span', {class: 'tags'});
  const paint = (tags) => chips.replaceChildren(...(tags.length ? tags.map((t) => h('span', {class: 'tag', text: t})) : [h('span', {class: 'muted', text: 'no tags'})]));
  paint(source.tags || []);
  const input = h('input', {id: 'tags-input', type: 'text', value: (source.tags || []).join(', '), 'aria-describedby': 'tags-hint'});
  const save = h('button', {id: 'tags-save', type: 'submit', class: 'secondary small', text: 'Save tags'});
  return h('form', {class: 'tag-editor', onsubmit: async (event) => {
    event.preventDefault();
    save.disabled = true;
    try {
      const tags = await saveTags(source.id, input.value, signal);
      paint(tags);
      changed({tags});
      toast('Tags saved.', 'notice');
    } catch (error) {
      showError(error);
    } finally {
      save.disabled = false;
    }
  }},
  h('span', {class: 'label', text: 'Tags: '}), chips,
  h('label', {for: 'tags-input', class: 'visually-hidden', text: 'Tags, separated by commas'}), input,
  h('small', {id: 'tags-hint', class: 'visually-hidden', text: 'Separate tags with commas; new tags are created.'}), save);
}

async function saveTags(sourceId, text, signal) {
  const wanted = [];
  for (const name of text.split(',').map((t) => t.trim()).filter(Boolean)) {
    if (!wanted.some((w) => w.toLowerCase() === name.toLowerCase())) wanted.push(name);
  }
  const existing = new Map((await all('/tags', {signal})).map((tag) => [tag.name.toLowerCase(), tag.id]));
  const ids = [];
  for (const name of wanted) {
    let tagId = existing.get(name.toLowerCase());
    if (!tagId) tagId = (await api('/tags', {method: 'POST', body: {name}, signal})).id;
    ids.push(tagId);
  }
  const reply = await api(`/sources/${encodeURIComponent(sourceId)}/tags`, {method: 'PUT', body: {tagIds: ids}, signal});
  return reply.tags;
}

function actions(source, ctx) {
  const id = encodeURIComponent(source.id);
  const chat = h('button', {type: 'button', class: 'small', id: 'source-chat', text: 'Chat about this source', onclick: async () => {
    chat.disabled = true;
    try {
      const conversation = await api('/conversations', {method: 'POST', body: {sourceIds: [source.id]}, signal: ctx.signal});
      router.go('/chat/' + encodeURIComponent(conversation.id));
    } catch (error) {
      showError(error);
      chat.disabled = false;
    }
  }});
  const remove = confirmClick(h('button', {type: 'button', class: 'secondary small delete', id: 'source-delete', text: 'Delete source'}), async () => {
    await api('/sources/' + id, {method: 'DELETE', signal: ctx.signal});
    toast(`Deleted “${source.title}”.`, 'notice');
    router.go('/library');
  });
  return h('div', {class: 'actions'},
    source.status === 'completed' ? chat : null,
    source.status === 'completed' ? h('a', {class: 'button secondary small', href: router.href('/audiobooks', {source: source.id}), text: 'Make an audiobook'}) : null,
    h('a', {class: 'button secondary small', href: `/api/v1/sources/${id}/file`, download: '', text: 'Download original'}),
    remove);
}

// ---- PDF ------------------------------------------------------------------------------------

async function loadPdf(sourceId, signal) {
  if (pdfCache && pdfCache.id === sourceId) return pdfCache.doc;
  const pdfjs = await import(PDFJS);
  pdfjs.GlobalWorkerOptions.workerSrc = PDFJS_WORKER;
  const data = await bytes(`/sources/${encodeURIComponent(sourceId)}/file`, {signal});
  const doc = await pdfjs.getDocument({
    data,
    isEvalSupported: false, // the page's CSP has no 'unsafe-eval'
    verbosity: 0,
    cMapUrl: '/vendor/pdfjs/cmaps/',
    cMapPacked: true,
    standardFontDataUrl: '/vendor/pdfjs/standard_fonts/',
  }).promise;
  if (pdfCache) pdfCache.doc.destroy();
  pdfCache = {id: sourceId, doc};
  return doc;
}

async function pdfView(container, source, params, signal) {
  let count = source.pageCount || 1;
  const first = clampPage(Number.parseInt(params.page, 10) || 1, count);
  const canvas = h('canvas', {role: 'img', 'aria-label': 'The PDF page'});
  const viewer = h('div', {id: 'pdf-viewer', class: 'pdf-viewer', tabindex: '0', 'aria-label': 'PDF page; left and right arrow keys turn pages'}, canvas);
  const pdfStatus = h('p', {class: 'muted pdf-status', role: 'status'});
  const pageInput = h('input', {id: 'page-number', type: 'number', min: '1', max: String(count), value: String(first), inputmode: 'numeric'});
  const ofCount = h('span', {text: `of ${count}`});
  const prev = h('button', {type: 'button', id: 'page-prev', class: 'secondary', text: '← Previous page'});
  const next = h('button', {type: 'button', id: 'page-next', class: 'secondary', text: 'Next page →'});
  const textHeading = h('h2', {id: 'page-text-heading'});
  const textBox = h('div', {id: 'page-text', class: 'page-text', 'aria-labelledby': 'page-text-heading'});
  const pager = h('form', {class: 'pager', 'aria-label': 'Pages', onsubmit: (event) => {
    event.preventDefault();
    turn(Number.parseInt(pageInput.value, 10) || 1);
  }}, prev, h('label', {for: 'page-number', text: 'Page'}), pageInput, ofCount, h('button', {type: 'submit', class: 'secondary small', text: 'Go'}), next);
  container.append(h('section', {class: 'pdf-section', 'aria-label': 'PDF'}, pager,
    h('div', {class: 'pdf-columns'},
      h('div', {class: 'pdf-column'}, viewer, pdfStatus),
      h('div', {class: 'pdf-column'}, textHeading, textBox))));

  const turn = (n) => showPage(n).catch(showError);
  prev.addEventListener('click', () => turn(current - 1));
  next.addEventListener('click', () => turn(current + 1));
  viewer.addEventListener('keydown', (event) => {
    if (event.key === 'ArrowLeft' || event.key === 'PageUp') { event.preventDefault(); turn(current - 1); }
    if (event.key === 'ArrowRight' || event.key === 'PageDown') { event.preventDefault(); turn(current + 1); }
  });

  let current = first;
  let doc = null;
  let task = null;
  let drawn = 0;

  function controls() {
    prev.disabled = current <= 1;
    next.disabled = current >= count;
    pageInput.max = String(count);
    ofCount.textContent = `of ${count}`;
  }

  async function showPage(n) {
    n = clampPage(n, count);
    current = n;
    viewer.dataset.page = String(n);
    pageInput.value = String(n);
    controls();
    const q = n === first ? params.q : undefined;
    router.replace('/sources/' + encodeURIComponent(source.id), {page: n, q});
    textHeading.textContent = `Text of page ${n}`;
    await Promise.all([pageText(n, q), draw(n)]);
  }

  async function pageText(n, q) {
    textBox.setAttribute('aria-busy', 'true');
    try {
      const page = await api(`/sources/${encodeURIComponent(source.id)}/pages/${n}`, {signal});
      if (n !== current) return;
      if (!page.text || !page.text.trim()) {
        clear(textBox).append(h('p', {class: 'muted', text: 'This page has no text layer (a scan?).'}));
      } else {
        const mark = highlightInto(textBox, page.text, q);
        if (mark) mark.scrollIntoView({block: 'center'});
      }
    } catch (error) {
      if (n === current) {
        clear(textBox).append(h('p', {class: 'form-error', text: error.message}));
        showError(error);
      }
    } finally {
      textBox.removeAttribute('aria-busy');
    }
  }

  async function draw(n) {
    if (!doc) return;
    task?.cancel();
    const page = await doc.getPage(n);
    if (n !== current) return;
    const base = page.getViewport({scale: 1});
    const width = Math.min(viewer.clientWidth || 800, 1000);
    const viewport = page.getViewport({scale: width / base.width});
    const ratio = window.devicePixelRatio || 1;
    canvas.width = Math.floor(viewport.width * ratio);
    canvas.height = Math.floor(viewport.height * ratio);
    canvas.setAttribute('aria-label', `Page ${n} of ${count} of ${source.title}`);
    task = page.render({canvasContext: canvas.getContext('2d'), viewport, transform: ratio === 1 ? null : [ratio, 0, 0, ratio, 0, 0]});
    try {
      await task.promise;
      drawn = n;
      viewer.dataset.rendered = String(drawn);
    } catch (error) {
      if (error && error.name !== 'RenderingCancelledException') throw error;
    }
  }

  controls();
  viewer.dataset.page = String(first);
  const text = pageText(first, params.q);
  textHeading.textContent = `Text of page ${first}`;
  pdfStatus.textContent = 'Loading the PDF…';
  try {
    doc = await loadPdf(source.id, signal);
    count = doc.numPages;
    controls();
    pdfStatus.textContent = '';
    await draw(current);
  } catch (error) {
    if (error.name === 'AbortError') return;
    pdfStatus.textContent = 'The PDF itself cannot be shown here (' + error.message + '); its text is below.';
  }
  await text;
}

function clampPage(n, count) {
  return Math.min(Math.max(1, n), Math.max(1, count));
}

// ---- transcript -----------------------------------------------------------------------------

async function transcriptView(container, source, params, signal) {
  const list = h('ol', {id: 'segments', class: 'segments', 'aria-label': 'Transcript'});
  const video = source.videoId
    ? h('a', {id: 'video-link', class: 'button secondary', target: '_blank', rel: 'noopener noreferrer'})
    : null;
  const videoAt = (seconds) => {
    if (!video) return;
    const s = Math.floor(seconds);
    video.href = `https://www.youtube.com/watch?v=${encodeURIComponent(source.videoId)}&t=${s}s`;
    video.textContent = s > 0 ? `Watch on YouTube from ${clock(s)}` : 'Watch on YouTube';
  };
  videoAt(Number(params.t) || 0);
  const status = h('p', {class: 'muted', role: 'status', text: 'Loading the transcript…'});
  container.append(h('section', {class: 'transcript', 'aria-label': 'Transcript'},
    video ? h('p', {class: 'video'}, video) : null, status, list));

  let active = null;
  function activate(segment, scroll) {
    if (active) {
      active.classList.remove('active');
      active.removeAttribute('aria-current');
    }
    active = segment;
    segment.classList.add('active');
    segment.setAttribute('aria-current', 'true');
    const start = Number(segment.dataset.start);
    videoAt(start);
    router.replace('/sources/' + encodeURIComponent(source.id), {t: Math.floor(start)});
    if (scroll) segment.scrollIntoView({block: 'center'});
  }
  list.addEventListener('click', (event) => {
    const segment = event.target.closest('.segment');
    if (segment && !event.target.closest('a')) activate(segment, false);
  });

  const segments = await all(`/sources/${encodeURIComponent(source.id)}/segments`, {signal, max: 20000});
  status.textContent = `${segments.length} segments. Choose a time to mark it${video ? ' and point the video link at it' : ''}.`;
  const fragment = document.createDocumentFragment();
  const t = Number(params.t);
  const e = Number(params.e);
  let target = null;
  for (const segment of segments) {
    const node = h('li', {class: 'segment', data: {start: segment.start, end: segment.end}},
      h('button', {type: 'button', class: 'segment-time', text: clock(segment.start), 'aria-label': `Go to ${clock(segment.start)}`}),
      h('span', {class: 'segment-text', text: segment.text}));
    if (Number.isFinite(t) && segment.start <= t + 0.5) target = node;
    if (Number.isFinite(t) && Number.isFinite(e) && segment.end > t && segment.start < e) node.classList.add('in-passage', 'highlight');
    fragment.append(node);
  }
  list.append(fragment);
  if (params.t !== undefined && target) activate(target, true);
}

// ---- chat log -------------------------------------------------------------------------------

async function chatLogView(container, source, params, signal) {
  const sid = encodeURIComponent(source.id);
  const branchSelect = h('select', {id: 'branch-select'});
  const list = h('ol', {id: 'chat-messages', class: 'chat-log', 'aria-label': 'Messages'});
  const more = h('button', {type: 'button', class: 'secondary', hidden: true, text: 'Load more messages'});
  const detached = h('section', {class: 'detached', hidden: true, 'aria-label': 'Notes whose text is gone'});
  const versions = h('ol', {id: 'versions', class: 'versions'});
  container.append(
    h('div', {class: 'field branch-field', hidden: true}, h('label', {for: 'branch-select', text: 'Thread'}), branchSelect),
    list, more, detached,
    h('section', {'aria-labelledby': 'versions-heading'}, h('h2', {id: 'versions-heading', text: 'Versions'}), versions));

  let notes = [];
  let cursor = null;
  let branch = 0;

  async function loadMessages(reset) {
    const page = await api(`/sources/${sid}/messages`, {query: {branch, limit: 200, cursor: reset ? null : cursor}, signal});
    if (reset) {
      clear(list);
      fillBranches(page.branches || []);
    }
    for (const message of page.items) list.append(messageNode(message));
    cursor = page.nextCursor;
    more.hidden = !cursor;
  }

  function fillBranches(branches) {
    branchSelect.closest('.field').hidden = branches.length === 0;
    branchSelect.replaceChildren(h('option', {value: '0', text: 'Main thread', selected: branch === 0}),
      ...branches.map((b) => h('option', {value: String(b.branch), selected: branch === b.branch,
        text: `Branch ${b.branch}: from message ${b.forkIndex} (${b.messages} messages)`})));
  }

  function messageNode(message) {
    const content = h('div', {class: 'message-content'});
    const q = Number(params.m) === message.index && params.q ? params.q.replace(/^(User|Assistant|System|Tool):\s*/i, '') : null;
    if (q) highlightInto(content, message.content, q);
    else content.textContent = message.content;
    const noteList = h('ul', {class: 'annotations', 'aria-label': 'Notes'});
    for (const note of notes.filter((n) => !n.detached && n.position.messageIndex === message.index)) noteList.append(noteNode(note));
    const addNote = h('button', {type: 'button', class: 'secondary small', text: 'Add note',
      'aria-label': `Add a note to message ${message.index}`});
    const node = h('li', {class: `message role-${message.role}`, data: {index: message.index}},
      h('div', {class: 'message-head'},
        h('span', {class: 'role', text: message.toolName ? `${message.role} (${message.toolName})` : message.role}),
        message.model ? h('span', {class: 'muted', text: message.model}) : null,
        h('span', {class: 'muted', text: `#${message.index}`}),
        timeEl(message.createdAt)),
      content, noteList, branch === 0 ? addNote : null);
    addNote.addEventListener('click', () => openNoteForm(node, content, message, noteList, addNote));
    return node;
  }

  function noteNode(note) {
    const remove = confirmClick(h('button', {type: 'button', class: 'secondary small', text: 'Delete note'}), async () => {
      await api(`/annotations/${encodeURIComponent(note.id)}`, {method: 'DELETE', signal});
      notes = notes.filter((n) => n.id !== note.id);
      item.remove();
    });
    const item = h('li', {class: 'annotation' + (note.detached ? ' detached' : '')},
      note.quote ? h('blockquote', {text: note.quote}) : null,
      h('p', {text: note.content}),
      h('small', {class: 'muted'}, `version ${note.version} · `, timeEl(note.createdAt)), ' ', remove);
    return item;
  }

  function openNoteForm(node, content, message, noteList, button) {
    const [start, end] = selectionIn(content, message.content.length);
    const quote = message.content.slice(start, end);
    const text = h('textarea', {rows: '2', id: `note-${message.index}`});
    const form = h('form', {class: 'note-form', onsubmit: async (event) => {
      event.preventDefault();
      if (!text.value.trim()) return;
      try {
        const note = await api(`/sources/${sid}/annotations`, {method: 'POST', signal,
          body: {content: text.value.trim(), position: {messageIndex: message.index, start, end}}});
        notes.push(note);
        noteList.append(noteNode(note));
        form.remove();
        button.hidden = false;
        button.focus();
      } catch (error) {
        showError(error);
      }
    }},
    h('label', {for: text.id, text: `Note on “${quote.length > 80 ? quote.slice(0, 80) + '…' : quote}”`}), text,
    h('div', {class: 'actions'}, h('button', {type: 'submit', class: 'small', text: 'Save note'}),
      h('button', {type: 'button', class: 'secondary small', text: 'Cancel', onclick: () => { form.remove(); button.hidden = false; button.focus(); }})));
    button.hidden = true;
    node.append(form);
    text.focus();
  }

  branchSelect.addEventListener('change', () => {
    branch = Number(branchSelect.value);
    loadMessages(true).catch(showError);
  });
  more.addEventListener('click', () => loadMessages(false).catch(showError));

  notes = await all(`/sources/${sid}/annotations`, {signal}).catch((error) => { showError(error); return []; });
  await loadMessages(true);
  const lost = notes.filter((n) => n.detached);
  if (lost.length) {
    detached.hidden = false;
    detached.append(h('h2', {text: 'Notes whose text is gone'}), h('ul', {class: 'annotations'}, lost.map(noteNode)));
  }
  if (params.m !== undefined) {
    const target = list.querySelector(`.message[data-index="${Number(params.m)}"]`);
    if (target) {
      target.classList.add('active');
      target.setAttribute('aria-current', 'true');
      target.scrollIntoView({block: 'center'});
    }
  }
  await loadVersions();

  async function loadVersions() {
    const items = await all(`/sources/${sid}/versions`, {signal});
    clear(versions);
    for (const v of items) {
      const restore = v.current ? null : h('button', {type: 'button', class: 'secondary small', text: 'Restore',
        'aria-label': `Restore version ${v.versionNumber}`, onclick: async () => {
          try {
            await api(`/sources/${sid}/versions/${v.versionNumber}/restore`, {method: 'POST', signal});
            toast(`Version ${v.versionNumber} is being restored as the newest version.`, 'notice');
          } catch (error) {
            showError(error);
          }
        }});
      versions.append(h('li', {class: v.current ? 'current' : null},
        `Version ${v.versionNumber} · ${v.origin}`, v.messageCount !== undefined ? ` · ${v.messageCount} messages` : '',
        (v.branches || []).length ? ` · ${v.branches.length} branches` : '', ' · ', timeEl(v.createdAt),
        v.current ? h('strong', {text: ' (current)'}) : null, ' ', restore));
    }
  }
}

/** The selection inside `element` as [start, end] UTF-16 offsets of its text, else the whole text. */
function selectionIn(element, length) {
  const selection = window.getSelection();
  if (!selection || selection.rangeCount === 0 || selection.isCollapsed) return [0, length];
  const range = selection.getRangeAt(0);
  if (!element.contains(range.startContainer) || !element.contains(range.endContainer)) return [0, length];
  const before = document.createRange();
  before.selectNodeContents(element);
  before.setEnd(range.startContainer, range.startOffset);
  const start = before.toString().length;
  const end = start + range.toString().length;
  return end > start ? [start, Math.min(end, length)] : [0, length];
}

// ---- text -----------------------------------------------------------------------------------

async function textView(container, source, params, signal) {
  const box = h('div', {id: 'page-text', class: 'page-text prose'});
  container.append(h('section', {'aria-label': 'Text'}, box));
  const page = await api(`/sources/${encodeURIComponent(source.id)}/pages/1`, {signal});
  const mark = highlightInto(box, page.text || '', params.q);
  if (mark) mark.scrollIntoView({block: 'center'});
}
