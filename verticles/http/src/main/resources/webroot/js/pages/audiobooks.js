// Audiobooks: read a source aloud with a chosen voice and format, follow the job live, and play
// the finished book with chapter links that seek the player.
import {api, all} from '../api.js';
import * as live from '../ws.js';
import {h, clear, field, select, heading, showError, clock, bytes, timeEl, confirmClick, KIND_LABELS} from '../ui.js';

export const title = 'Audiobooks';

export async function show(root, ctx) {
  const {signal} = ctx;
  const books = new Map(); // id -> {book, node}

  const sourceSelect = select({id: 'audiobook-source'}, []);
  const voiceSelect = select({id: 'audiobook-voice'}, [{value: '', label: 'Automatic'}]);
  const formatSelect = select({id: 'audiobook-format'}, [
    {value: 'm4b', label: 'M4B (chapters in podcast apps)'}, {value: 'mp3', label: 'MP3'}, {value: 'opus', label: 'Opus (smallest)'}], 'm4b');
  const speed = h('input', {id: 'audiobook-speed', type: 'number', min: '0.5', max: '2', step: '0.1', value: '1'});
  const create = h('button', {id: 'audiobook-create', type: 'submit', text: 'Make audiobook'});
  const list = h('ul', {id: 'audiobook-list', class: 'audiobook-list', 'aria-label': 'Your audiobooks'});
  const playerTitle = h('h2', {id: 'player-title', text: 'Player'});
  const player = h('audio', {id: 'audiobook-player', controls: true, preload: 'metadata', 'aria-labelledby': 'player-title'});
  const chapters = h('ol', {id: 'chapter-list', class: 'chapter-list', 'aria-label': 'Chapters'});
  const playerHint = h('p', {class: 'muted', text: 'Choose “Play” on a finished audiobook.'});
  let playing = null;

  const form = h('form', {class: 'card', onsubmit: async (event) => {
    event.preventDefault();
    if (!sourceSelect.value) return;
    create.disabled = true;
    try {
      const body = {sourceId: sourceSelect.value, format: formatSelect.value};
      if (voiceSelect.value) body.voice = voiceSelect.value;
      const rate = Number(speed.value);
      if (rate && rate !== 1) body.speed = rate;
      const reply = await api('/audiobooks', {method: 'POST', body, signal});
      upsert(reply.audiobook, true);
    } catch (error) {
      showError(error);
    } finally {
      create.disabled = false;
    }
  }},
  h('h2', {text: 'Read a source aloud'}),
  field('Source', sourceSelect), field('Voice', voiceSelect), field('Format', formatSelect),
  field('Speed', speed, '0.5 to 2 times normal speed.'),
  h('div', {class: 'actions'}, create));

  root.append(heading('Audiobooks'), h('div', {class: 'two-columns'},
    h('div', null, form, h('section', {class: 'card', 'aria-labelledby': 'books-heading'},
      h('h2', {id: 'books-heading', text: 'Your audiobooks'}), list)),
    h('section', {class: 'card player', 'aria-labelledby': 'player-title'}, playerTitle, playerHint, player, chapters)));

  function upsert(book, first = false) {
    let entry = books.get(book.id);
    if (!entry) {
      entry = {book, node: h('li', {class: 'audiobook-row', data: {id: book.id}})};
      books.set(book.id, entry);
      if (first) list.prepend(entry.node);
      else list.append(entry.node);
      list.querySelector('.empty')?.remove();
    }
    entry.book = {...entry.book, ...book};
    paint(entry);
  }

  function paint(entry) {
    const book = entry.book;
    const id = encodeURIComponent(book.id);
    const facts = [book.voice, book.format?.toUpperCase(), book.speed && book.speed !== 1 ? `${book.speed}×` : null,
      book.durationSeconds ? clock(book.durationSeconds) : null, book.sizeBytes ? bytes(book.sizeBytes) : null,
      book.chapters?.length ? `${book.chapters.length} chapters` : null].filter(Boolean).join(' · ');
    const done = book.status === 'completed';
    const play = done ? h('button', {type: 'button', class: 'small audiobook-play', text: 'Play',
      'aria-label': `Play ${book.title}`, onclick: () => load(book, true)}) : null;
    const working = book.status === 'running' || book.status === 'queued';
    const cancel = working ? confirmClick(h('button', {type: 'button', class: 'secondary small audiobook-cancel', text: 'Cancel',
      'aria-label': `Cancel ${book.title}`}), async () => {
      const reply = await api(`/audiobooks/${id}/cancel`, {method: 'POST', signal});
      upsert(reply.audiobook || reply);
    }, 'Confirm cancel') : null;
    const remove = confirmClick(h('button', {type: 'button', class: 'secondary small', text: 'Delete',
      'aria-label': `Delete ${book.title}`}), async () => {
      await api('/audiobooks/' + id, {method: 'DELETE', signal});
      entry.node.remove();
      books.delete(book.id);
      if (playing === book.id) unload();
    });
    entry.node.dataset.status = book.status;
    clear(entry.node).append(
      h('div', {class: 'source-main'},
        h('span', {class: 'audiobook-title', text: book.title}),
        h('div', {class: 'muted'}, facts, facts ? ' · ' : '', timeEl(book.createdAt)),
        book.error ? h('p', {class: 'form-error', text: book.error}) : null),
      h('div', {class: 'source-state'},
        h('span', {class: 'audiobook-status status-' + book.status, text: book.status}),
        done ? null : h('progress', {class: 'audiobook-progress', max: '100', value: String(book.progress || 0),
          'aria-label': `Progress of ${book.title}`})),
      h('div', {class: 'actions'}, play,
        done ? h('a', {class: 'button secondary small', href: `/api/v1/audiobooks/${id}/audio`, download: '', text: 'Download'}) : null,
        cancel, remove));
  }

  function load(book, start) {
    playing = book.id;
    playerTitle.textContent = book.title;
    playerHint.hidden = true;
    player.src = `/api/v1/audiobooks/${encodeURIComponent(book.id)}/audio`;
    clear(chapters);
    (book.chapters || []).forEach((chapter, i) => {
      const at = typeof chapter.start === 'number' ? chapter.start : null;
      chapters.append(h('li', null, h('button', {type: 'button', class: 'chapter-link', data: {start: at ?? ''}, disabled: at === null,
        text: `${chapter.title || 'Chapter ' + (i + 1)}${at === null ? '' : ' · ' + clock(at)}`,
        onclick: () => seek(at)})));
    });
    if (start) play();
  }

  function unload() {
    playing = null;
    player.removeAttribute('src');
    player.load();
    clear(chapters);
    playerTitle.textContent = 'Player';
    playerHint.hidden = false;
  }

  function seek(seconds) {
    if (seconds === null) return;
    player.currentTime = seconds;
    play();
  }

  function play() {
    // a browser may refuse to start sound on its own; the controls still work then
    player.play().catch(() => {});
  }

  ctx.onLeave(() => player.pause());
  ctx.onLeave(live.on('job', async ({job}) => {
    const entry = job.type === 'audiobook' ? books.get(job.audiobookId || job.id) : null;
    if (!entry) return;
    const status = job.status === 'running' || job.status === 'queued' || job.status === 'failed' || job.status === 'cancelled' ? job.status : entry.book.status;
    upsert({id: entry.book.id, progress: job.progress, status, error: job.error || entry.book.error});
    if (job.status === 'completed') {
      try {
        const book = await api('/audiobooks/' + encodeURIComponent(entry.book.id), {signal});
        upsert(book.audiobook || book);
        if (!playing) load(books.get(entry.book.id).book, false);
      } catch (error) {
        showError(error);
      }
    }
  }));

  const [sources, voices, existing] = await Promise.all([
    all('/sources', {query: {status: 'completed'}, signal, max: 1000}),
    api('/voices', {signal}).catch((error) => { showError(error); return {items: [], default: null}; }),
    all('/audiobooks', {signal, max: 200}),
  ]);
  sourceSelect.append(...sources.map((s) => h('option', {value: s.id, text: `${s.title} (${KIND_LABELS[s.kind] || s.kind})`,
    selected: s.id === ctx.route.params.source})));
  if (!sources.length) {
    sourceSelect.append(h('option', {value: '', text: 'No ready sources yet'}));
    create.disabled = true;
  }
  voiceSelect.firstChild.textContent = voices.default ? `Automatic (${voices.default})` : 'Automatic';
  voiceSelect.append(...voices.items.map((v) => h('option', {value: v.id, text: `${v.name} · ${v.language} (${v.engine})`})));
  for (const book of existing) upsert(book);
  if (!existing.length) list.append(h('li', {class: 'muted empty', text: 'No audiobooks yet.'}));
  const ready = existing.find((b) => b.status === 'completed');
  if (ready) load(books.get(ready.id).book, false);
}
