// The library: every source with its kind and live status, uploads with progress, a text or
// transcript-JSON form, a video or playlist link, folders, and filters by kind, tag, collection and title.
import {api, all, upload} from '../api.js';
import * as live from '../ws.js';
import {h, clear, field, select, fillSelect, heading, showError, toast, statusWord, timeEl, confirmClick, KIND_LABELS} from '../ui.js';

export const title = 'Library';

const PAGE_SIZE = 200;
const PARALLEL_UPLOADS = 2;
/** The job types that read a source (a file's ingestion; a chat log's new version). */
const SOURCE_JOBS = new Set(['ingest', 'chat_index']);

export async function show(root, ctx) {
  const {signal} = ctx;
  const rows = new Map(); // source id -> {row, source, parts}
  const uploadsBySource = new Map(); // source id -> its upload's status text, told when it is ready
  const importJobs = new Map(); // chat_import job id -> upload item
  let cursor = null;

  // ---- upload ------------------------------------------------------------------------------
  const fileInput = h('input', {type: 'file', id: 'upload-input', multiple: true,
    'aria-describedby': 'upload-hint', onchange: () => { queue([...fileInput.files]); fileInput.value = ''; }});
  const uploadCollection = select({id: 'upload-collection'}, [{value: '', label: 'No folder'}]);
  const uploadList = h('ul', {id: 'upload-list', class: 'upload-list', 'aria-live': 'polite', 'aria-label': 'Uploads'});
  const dropZone = h('div', {id: 'drop-zone', class: 'drop-zone'},
    h('p', {class: 'drop-title', text: 'Drop files here'}),
    h('label', {for: 'upload-input', class: 'drop-label', text: 'or choose files to upload'}),
    fileInput,
    h('small', {id: 'upload-hint', class: 'hint',
      text: 'PDF, WebVTT, SRT, transcript JSON, text or Markdown, and chat exports (ChatGPT, Claude, Gemini …).'}));
  for (const type of ['dragenter', 'dragover']) {
    dropZone.addEventListener(type, (event) => {
      event.preventDefault();
      dropZone.classList.add('dragging');
    });
  }
  dropZone.addEventListener('dragleave', () => dropZone.classList.remove('dragging'));
  dropZone.addEventListener('drop', (event) => {
    event.preventDefault();
    dropZone.classList.remove('dragging');
    queue([...(event.dataTransfer?.files || [])]);
  });

  const waiting = [];
  let running = 0;
  function queue(files) {
    for (const file of files) {
      const progress = h('progress', {class: 'upload-progress', max: '100', value: '0', 'aria-label': 'Upload of ' + file.name});
      const status = h('span', {class: 'upload-status', text: 'waiting'});
      const item = h('li', {class: 'upload-item'}, h('span', {class: 'upload-name', text: file.name}), progress, status);
      uploadList.prepend(item);
      waiting.push({file, item, progress, status});
    }
    pump();
  }
  function pump() {
    while (running < PARALLEL_UPLOADS && waiting.length) {
      running++;
      send(waiting.shift()).finally(() => { running--; pump(); });
    }
  }
  async function send({file, item, progress, status}) {
    status.textContent = 'uploading';
    try {
      const {status: code, data} = await upload(file, {
        fields: {collectionId: uploadCollection.value},
        signal,
        onProgress: (part) => {
          const percent = Math.round(part * 100);
          progress.value = percent;
          // the list is a live region: say every quarter, not every event
          const quarter = Math.floor(percent / 25) * 25;
          if (status.dataset.said !== String(quarter)) {
            status.dataset.said = String(quarter);
            status.textContent = `uploading ${quarter}%`;
          }
        },
      });
      progress.value = 100;
      item.classList.add('sent');
      if (data.source) {
        uploadsBySource.set(data.source.id, status);
        upsert(data.source);
        status.textContent = code === 200 ? 'already in your library' : 'uploaded, now being read';
      } else {
        status.textContent = 'chat export uploaded, importing conversations';
        if (data.job) importJobs.set(data.job.id, {item, status, progress});
      }
      for (const source of data.sources || []) upsert(source);
    } catch (error) {
      if (error.name === 'AbortError') return;
      item.classList.add('failed');
      status.textContent = 'failed: ' + error.message;
      showError(new Error(`${file.name}: ${error.message}`));
    }
  }

  // ---- text or transcript JSON -------------------------------------------------------------
  const textTitle = h('input', {id: 'add-text-title', type: 'text', maxlength: '300'});
  const textBody = h('textarea', {id: 'add-text-body', rows: '5', 'aria-describedby': 'add-text-body-hint'});
  const textSubmit = h('button', {id: 'add-text-submit', type: 'submit', text: 'Add to library'});
  const textError = h('p', {id: 'add-text-error', class: 'form-error', role: 'alert'});
  const addText = h('form', {id: 'add-text', class: 'card', 'aria-labelledby': 'add-text-heading', onsubmit: async (event) => {
    event.preventDefault();
    textError.textContent = '';
    let body;
    try {
      body = sourceBody(textTitle.value, textBody.value);
    } catch (error) {
      textError.textContent = error.message;
      return;
    }
    if (uploadCollection.value) body.collectionId = uploadCollection.value;
    textSubmit.disabled = true;
    try {
      const reply = await api('/sources', {method: 'POST', body, signal});
      upsert(reply.source);
      textTitle.value = '';
      textBody.value = '';
      toast(`Added “${reply.source.title}”.`, 'notice');
    } catch (error) {
      if (error.name !== 'AbortError') {
        textError.textContent = error.message;
        showError(error);
      }
    } finally {
      textSubmit.disabled = false;
    }
  }},
  h('h2', {id: 'add-text-heading', text: 'Add text or a transcript'}),
  field('Title', textTitle),
  h('div', {class: 'field'}, h('label', {for: 'add-text-body', text: 'Text, or transcript JSON'}), textBody,
    h('small', {class: 'hint', id: 'add-text-body-hint',
      text: 'Paste plain text or Markdown, or a transcript as JSON: {"title", "videoId"?, "segments": [{"start", "duration", "text"}]}.'})),
  textError,
  h('div', {class: 'actions'}, textSubmit));

  // ---- a video or playlist link ------------------------------------------------------------
  const linkUrl = h('input', {id: 'add-link-url', type: 'url', maxlength: '2000', placeholder: 'https://www.youtube.com/watch?v=…',
    'aria-describedby': 'add-link-hint'});
  const linkSubmit = h('button', {id: 'add-link-submit', type: 'submit', text: 'Fetch transcript'});
  const linkError = h('p', {id: 'add-link-error', class: 'form-error', role: 'alert'});
  const linkList = h('ul', {id: 'link-list', class: 'upload-list', 'aria-live': 'polite', 'aria-label': 'Links'});
  const playlistJobs = new Map(); // playlist_import job id -> {item, status, progress, collectionId}
  const addLink = h('form', {id: 'add-link', class: 'card', 'aria-labelledby': 'add-link-heading', onsubmit: async (event) => {
    event.preventDefault();
    linkError.textContent = '';
    const url = linkUrl.value.trim();
    if (!url) return;
    // a link that names a playlist and no video is a playlist; the server checks the shape either way
    const playlist = /[?&]list=/.test(url) && !/[?&]v=|youtu\.be\//.test(url);
    linkSubmit.disabled = true;
    try {
      if (playlist) {
        const collection = await api('/collections', {method: 'POST', body: {kind: 'playlist', url}, signal});
        const progress = h('progress', {class: 'upload-progress', max: '100', value: '0', 'aria-label': 'Import of ' + collection.name});
        const status = h('span', {class: 'upload-status', text: 'importing videos'});
        const item = h('li', {class: 'upload-item playlist-import'}, h('span', {class: 'upload-name', text: collection.name}), progress, status);
        linkList.prepend(item);
        if (collection.job) {
          const entry = {item, status, progress, collectionId: collection.id};
          playlistJobs.set(collection.job.id, entry);
          // frames sent before this entry existed are missed: ask once where the job is
          api('/jobs/' + collection.job.id, {signal}).then((job) => showPlaylist(entry, job)).catch(() => {});
        }
        await loadChoices();
      } else {
        const body = {kind: 'video', url};
        if (uploadCollection.value) body.collectionId = uploadCollection.value;
        const reply = await api('/sources', {method: 'POST', body, signal});
        upsert(reply.source);
        const status = h('span', {class: 'upload-status', text: 'transcript fetched, now being read'});
        linkList.prepend(h('li', {class: 'upload-item'}, h('span', {class: 'upload-name', text: reply.source.title}), status));
        uploadsBySource.set(reply.source.id, status);
      }
      linkUrl.value = '';
    } catch (error) {
      if (error.name !== 'AbortError') linkError.textContent = error.message;
    } finally {
      linkSubmit.disabled = false;
    }
  }},
  h('h2', {id: 'add-link-heading', text: 'Add a video or playlist'}),
  h('div', {class: 'field'}, h('label', {for: 'add-link-url', text: 'Video or playlist link'}), linkUrl,
    h('small', {class: 'hint', id: 'add-link-hint',
      text: 'A YouTube watch, youtu.be, shorts, embed or playlist link: the server fetches the transcript with its timings.'})),
  linkError,
  h('div', {class: 'actions'}, linkSubmit),
  linkList);

  async function showPlaylist({item, status, progress, collectionId}, job) {
    progress.value = job.progress;
    if (job.status === 'failed') {
      item.classList.add('failed');
      status.textContent = 'import failed: ' + (job.error || 'unknown reason');
    } else if (job.status !== 'completed') {
      status.textContent = `importing videos ${job.progress}%`;
    } else {
      const r = job.result || {};
      status.textContent = `${(r.created || 0) + (r.existing || 0)} of ${r.videos || 0} videos added` + (r.skipped ? `, ${r.skipped} skipped` : '');
      const collection = await api('/collections/' + collectionId, {signal}).catch(() => null);
      if (collection && collection.skipped && collection.skipped.length) {
        item.append(h('ul', {class: 'skipped-videos', 'aria-label': 'Skipped videos'},
          ...collection.skipped.map((s) => h('li', {text: `${s.title || s.videoId}: ${s.reason}`}))));
      }
      await loadChoices();
    }
  }

  // ---- folders -----------------------------------------------------------------------------
  const folderName = h('input', {id: 'new-collection-name', type: 'text', maxlength: '300'});
  const folderForm = h('form', {class: 'inline-form', onsubmit: async (event) => {
    event.preventDefault();
    const name = folderName.value.trim();
    if (!name) return;
    try {
      await api('/collections', {method: 'POST', body: {name, kind: 'folder'}, signal});
      folderName.value = '';
      await loadChoices();
      toast(`Folder “${name}” created.`, 'notice');
    } catch (error) {
      showError(error);
    }
  }}, field('New folder', folderName), h('button', {type: 'submit', id: 'new-collection', class: 'secondary', text: 'Create'}));

  // ---- filters and list --------------------------------------------------------------------
  const kindFilter = select({id: 'filter-kind'}, [{value: '', label: 'All kinds'},
    ...Object.entries(KIND_LABELS).map(([value, label]) => ({value, label}))]);
  const tagFilter = select({id: 'filter-tag'}, [{value: '', label: 'All tags'}]);
  const collectionFilter = select({id: 'filter-collection'}, [{value: '', label: 'All folders'}]);
  const textFilter = h('input', {id: 'filter-text', type: 'search', placeholder: 'Filter by title'});
  const count = h('p', {id: 'source-count', class: 'muted', 'aria-live': 'polite'});
  const list = h('ul', {id: 'source-list', class: 'source-list', 'aria-label': 'Sources'});
  const more = h('button', {type: 'button', id: 'load-more', class: 'secondary', hidden: true, text: 'Load more',
    onclick: () => loadSources(true)});
  for (const control of [kindFilter, tagFilter, collectionFilter]) control.addEventListener('change', () => loadSources(false));
  textFilter.addEventListener('input', applyTextFilter);

  const params = ctx.route.params;
  if (params.kind) kindFilter.value = params.kind;

  root.append(
    heading('Library'),
    h('div', {class: 'library-top'},
      h('section', {class: 'card', 'aria-labelledby': 'upload-heading'},
        h('h2', {id: 'upload-heading', text: 'Upload files'}),
        dropZone,
        field('Put uploads and texts in', uploadCollection),
        uploadList),
      addText,
      addLink),
    h('section', {'aria-labelledby': 'sources-heading'},
      h('div', {class: 'section-head'}, h('h2', {id: 'sources-heading', text: 'Your sources'}), folderForm),
      h('div', {class: 'filters', role: 'group', 'aria-label': 'Filters'},
        field('Kind', kindFilter), field('Tag', tagFilter), field('Folder', collectionFilter), field('Title', textFilter)),
      count, list, more));

  function row(source) {
    const parts = {
      title: h('a', {class: 'source-title', href: '#/sources/' + encodeURIComponent(source.id)}),
      kind: h('span', {class: 'badge source-kind'}),
      meta: h('span', {class: 'source-meta'}),
      tags: h('span', {class: 'tags'}),
      error: h('p', {class: 'source-error', hidden: true}),
      status: h('span', {class: 'source-status'}),
      progress: h('progress', {class: 'source-progress', max: '100'}),
      stage: h('span', {class: 'source-stage muted'}),
    };
    parts.progress.setAttribute('aria-label', 'Progress');
    const remove = h('button', {type: 'button', class: 'secondary small delete', text: 'Delete'});
    confirmClick(remove, () => deleteSource(source.id));
    parts.remove = remove;
    const node = h('li', {class: 'source-row', data: {sourceId: source.id, kind: source.kind}},
      h('div', {class: 'source-main'}, parts.title, h('div', {class: 'source-line'}, parts.kind, parts.meta, parts.tags), parts.error),
      h('div', {class: 'source-state'}, parts.status, parts.progress, parts.stage),
      remove);
    return {row: node, parts, source: null, progress: null};
  }

  function paint(entry) {
    const {source, parts} = entry;
    const word = statusWord(source.status);
    entry.row.dataset.status = word;
    entry.row.dataset.kind = source.kind;
    parts.title.textContent = source.title || 'Untitled';
    parts.remove.setAttribute('aria-label', `Delete ${source.title || 'this source'}`);
    parts.kind.textContent = KIND_LABELS[source.kind] || source.kind;
    parts.meta.replaceChildren(...metaOf(source));
    parts.tags.replaceChildren(...(source.tags || []).map((tag) => h('span', {class: 'tag', text: tag})));
    parts.status.textContent = word;
    parts.status.className = 'source-status status-' + word;
    const progress = source.status === 'completed' ? 100 : source.status === 'pending' ? 0 : entry.progress;
    if (progress === null || progress === undefined) {
      parts.progress.removeAttribute('value');
      delete parts.progress.dataset.progress;
    } else {
      parts.progress.value = progress;
      parts.progress.dataset.progress = String(progress);
    }
    parts.progress.setAttribute('aria-label', `Progress of ${source.title || 'source'}`);
    parts.progress.setAttribute('aria-valuetext', progress === null || progress === undefined ? word : `${word}, ${progress}%`);
    if (source.status === 'completed') parts.stage.textContent = '';
    const upload = uploadsBySource.get(source.id);
    if (upload && (source.status === 'completed' || source.status === 'failed')) {
      upload.textContent = source.status === 'completed' ? 'ready' : 'failed: ' + (source.error || 'see the library');
      upload.closest('.upload-item').classList.toggle('failed', source.status === 'failed');
      uploadsBySource.delete(source.id);
    }
    parts.error.hidden = !(source.status === 'failed' && source.error);
    parts.error.textContent = source.status === 'failed' ? source.error || '' : '';
  }

  function matchesFilters(source) {
    if (kindFilter.value && source.kind !== kindFilter.value) return false;
    if (collectionFilter.value && source.collectionId !== collectionFilter.value) return false;
    if (tagFilter.value && !(source.tags || []).includes(tagFilter.value)) return false;
    return true;
  }

  /** Adds or updates a source's row; an older copy (by updatedAt) never overwrites a newer one. */
  function upsert(source, {append: atEnd = false} = {}) {
    let entry = rows.get(source.id);
    if (!entry) {
      if (!matchesFilters(source)) return;
      entry = row(source);
      rows.set(source.id, entry);
      if (atEnd) list.append(entry.row);
      else list.prepend(entry.row);
    } else if (entry.source && source.updatedAt && entry.source.updatedAt && source.updatedAt < entry.source.updatedAt) {
      return;
    }
    entry.source = {...entry.source, ...source};
    paint(entry);
    applyTextFilter();
  }

  async function deleteSource(id) {
    await api('/sources/' + encodeURIComponent(id), {method: 'DELETE', signal});
    rows.get(id)?.row.remove();
    rows.delete(id);
    updateCount();
  }

  function applyTextFilter() {
    const wanted = textFilter.value.trim().toLowerCase();
    for (const entry of rows.values()) {
      entry.row.hidden = Boolean(wanted) && !(entry.source.title || '').toLowerCase().includes(wanted);
    }
    updateCount();
  }

  function updateCount() {
    const shown = [...rows.values()].filter((entry) => !entry.row.hidden).length;
    count.textContent = rows.size === 0 ? 'No sources yet: upload a file or add a text above.'
      : `${shown} source${shown === 1 ? '' : 's'} shown${cursor ? ' (more to load)' : ''}`;
  }

  let loading = 0;
  async function loadSources(next) {
    const token = ++loading;
    const query = {kind: kindFilter.value, tag: tagFilter.value, collectionId: collectionFilter.value,
      limit: PAGE_SIZE, cursor: next ? cursor : null};
    list.setAttribute('aria-busy', 'true');
    try {
      const page = await api('/sources', {query, signal});
      if (token !== loading) return;
      if (!next) {
        rows.clear();
        clear(list);
      }
      const fragment = document.createDocumentFragment();
      for (const source of page.items) {
        if (rows.has(source.id)) continue;
        const entry = row(source);
        entry.source = source;
        rows.set(source.id, entry);
        paint(entry);
        fragment.append(entry.row);
      }
      list.append(fragment);
      cursor = page.nextCursor;
      more.hidden = !cursor;
      applyTextFilter();
    } catch (error) {
      showError(error);
    } finally {
      if (token === loading) list.removeAttribute('aria-busy');
    }
  }

  async function loadChoices() {
    const [tags, collections] = await Promise.all([
      all('/tags', {signal}).catch((error) => { showError(error); return []; }),
      all('/collections', {signal}).catch((error) => { showError(error); return []; }),
    ]);
    const keepTag = tagFilter.value, keepCollection = collectionFilter.value, keepUpload = uploadCollection.value;
    fillSelect(tagFilter, [{value: '', label: 'All tags'}, ...tags.map((tag) => ({value: tag.name, label: `${tag.name} (${tag.sourceCount})`}))], keepTag);
    const folders = collections.map((c) => ({value: c.id, label: `${c.name} (${c.sourceCount})`}));
    fillSelect(collectionFilter, [{value: '', label: 'All folders'}, ...folders], keepCollection);
    fillSelect(uploadCollection, [{value: '', label: 'No folder'}, ...folders], keepUpload);
  }

  // ---- live updates ------------------------------------------------------------------------
  const completedWatch = new Map();
  ctx.onLeave(live.on('source', (frame) => upsert(frame.source)));
  ctx.onLeave(live.on('job', ({job}) => {
    const upload = importJobs.get(job.id);
    if (upload) showImport(upload, job);
    const playlistImport = playlistJobs.get(job.id);
    if (playlistImport) showPlaylist(playlistImport, job);
    // audiobook and summary jobs carry a sourceId too, but they are not the source's ingestion
    if (!SOURCE_JOBS.has(job.type)) return;
    const entry = job.sourceId && rows.get(job.sourceId);
    if (!entry) return;
    entry.progress = job.progress;
    if (job.status === 'running' && entry.source.status === 'pending') entry.source.status = 'processing';
    if (job.status === 'failed') {
      entry.source.status = 'failed';
      entry.source.error = job.error || entry.source.error;
    }
    paint(entry);
    if (job.status === 'running' && job.stage) entry.parts.stage.textContent = job.stage;
    if (job.status === 'completed' && entry.source.status !== 'completed') {
      // the source frame normally follows at once; if it does not, read the source
      clearTimeout(completedWatch.get(job.sourceId));
      completedWatch.set(job.sourceId, setTimeout(() => refresh(job.sourceId), 2000));
    }
  }));
  ctx.onLeave(live.on('resync', () => loadSources(false)));
  ctx.onLeave(() => completedWatch.forEach((timer) => clearTimeout(timer)));

  async function refresh(id) {
    const entry = rows.get(id);
    if (!entry || entry.source.status === 'completed') return;
    try {
      const reply = await api('/sources/' + encodeURIComponent(id), {signal});
      upsert(reply.source || reply);
    } catch (error) {
      if (error.status !== 404) showError(error);
    }
  }

  function showImport({status, progress, item}, job) {
    progress.value = job.progress;
    if (job.status === 'completed') {
      const r = job.result || {};
      const counts = ['created', 'updated', 'unchanged', 'skipped'].filter((k) => r[k]).map((k) => `${r[k]} ${k}`).join(', ');
      status.textContent = `imported${r.platform ? ' from ' + r.platform : ''}${counts ? ': ' + counts : ''}`;
    } else if (job.status === 'failed') {
      item.classList.add('failed');
      status.textContent = 'import failed: ' + (job.error || 'unknown reason');
    } else {
      status.textContent = `importing conversations ${job.progress}%`;
    }
  }

  await Promise.all([loadChoices(), loadSources(false)]);
}

function metaOf(source) {
  const bits = [];
  if (source.pageCount) bits.push(`${source.pageCount} page${source.pageCount === 1 ? '' : 's'}`);
  if (source.messageCount) bits.push(`${source.messageCount} messages`);
  if (source.platform) bits.push(source.platform);
  if (source.durationSeconds) bits.push(`${Math.round(source.durationSeconds / 60)} min`);
  if (source.chunkCount) bits.push(`${source.chunkCount} passages`);
  const out = [bits.join(' · ')];
  const time = timeEl(source.createdAt);
  if (time) out.push(bits.length ? ' · ' : '', time);
  return out;
}

/**
 * The JSON body for POST /api/v1/sources from the form: a transcript when the text is JSON with
 * `segments` (each {start, duration | end, text}), else a text source.
 */
function sourceBody(titleValue, bodyValue) {
  const text = bodyValue.trim();
  if (!text) throw new Error('Paste a text or a transcript first.');
  let title = titleValue.trim();
  if (text.startsWith('{')) {
    let json = null;
    try {
      json = JSON.parse(text);
    } catch {
      json = null;
    }
    if (json && Array.isArray(json.segments)) {
      const segments = json.segments.map((s) => ({
        start: Number(s.start),
        duration: s.duration !== undefined ? Number(s.duration) : Math.max(0, Number(s.end) - Number(s.start)),
        text: String(s.text ?? ''),
      }));
      const body = {kind: 'transcript', title: title || json.title || 'Transcript', segments};
      for (const key of ['videoId', 'channelName', 'language', 'durationSeconds']) {
        if (json[key] !== undefined && json[key] !== null && json[key] !== '') body[key] = json[key];
      }
      return body;
    }
  }
  if (!title) title = text.split('\n')[0].slice(0, 80).trim() || 'Text';
  return {kind: 'text', title, text};
}
