// Conversations: the list (filterable), a new chat scoped to chosen sources or a folder, and a
// conversation whose answers stream in (server-sent events) with numbered citation chips and the
// passages they used.
import {api, all, askStreaming} from '../api.js';
import * as router from '../router.js';
import {h, clear, field, select, heading, showError, timeEl, confirmClick, KIND_LABELS} from '../ui.js';
import {chip, passage, textWithCitations} from '../cite.js';

export const title = 'Chat';

export async function show(root, ctx) {
  const {signal} = ctx;
  let conversationId = ctx.route.parts[1] || null;
  let conversations = [];
  let sources = [];
  let collections = [];

  // ---- new chat: scope ----------------------------------------------------------------------
  const scopeFilter = h('input', {id: 'scope-filter', type: 'search', placeholder: 'Filter sources'});
  const scopeList = h('div', {class: 'scope-list'});
  const scopeSources = h('fieldset', {id: 'scope-sources', class: 'scope-sources'},
    h('legend', {text: 'Sources (none checked: all of them)'}),
    h('label', {for: 'scope-filter', class: 'visually-hidden', text: 'Filter sources by title'}), scopeFilter, scopeList);
  const scopeCollection = select({id: 'scope-collection'}, [{value: '', label: 'No folder'}]);
  const newButton = h('button', {id: 'new-conversation', type: 'submit', text: 'New chat'});
  const newForm = h('form', {class: 'card new-chat', 'aria-labelledby': 'new-chat-heading', onsubmit: async (event) => {
    event.preventDefault();
    newButton.disabled = true;
    try {
      const conversation = await createConversation();
      router.go('/chat/' + encodeURIComponent(conversation.id));
    } catch (error) {
      showError(error);
    } finally {
      newButton.disabled = false;
    }
  }},
  h('h2', {id: 'new-chat-heading', text: 'New chat'}),
  scopeSources,
  field('Or a folder', scopeCollection, 'A folder (or playlist) scopes the chat instead of the sources above.'),
  newButton);
  scopeFilter.addEventListener('input', () => {
    const wanted = scopeFilter.value.trim().toLowerCase();
    for (const label of scopeList.children) label.hidden = Boolean(wanted) && !label.textContent.toLowerCase().includes(wanted);
  });

  async function createConversation() {
    const body = {};
    const checked = [...scopeList.querySelectorAll('input[data-source-id]:checked')].map((box) => box.dataset.sourceId);
    if (scopeCollection.value) body.collectionId = scopeCollection.value;
    else if (checked.length) body.sourceIds = checked;
    return api('/conversations', {method: 'POST', body, signal});
  }

  // ---- conversation list --------------------------------------------------------------------
  const listFilter = h('input', {id: 'conversation-filter', type: 'search', placeholder: 'Search conversations'});
  const list = h('ul', {id: 'conversation-list', class: 'conversation-list', 'aria-label': 'Conversations'});
  listFilter.addEventListener('input', paintList);

  function paintList() {
    const wanted = listFilter.value.trim().toLowerCase();
    clear(list);
    const shown = conversations.filter((c) => !wanted || `${c.title || ''} ${c.lastMessage?.content || ''}`.toLowerCase().includes(wanted));
    if (!shown.length) list.append(h('li', {class: 'muted', text: conversations.length ? 'No conversation matches.' : 'No conversations yet.'}));
    for (const c of shown) {
      const link = h('a', {class: 'conversation-link', href: '#/chat/' + encodeURIComponent(c.id), data: {conversationId: c.id},
        'aria-current': c.id === conversationId ? 'page' : null},
      h('span', {class: 'conversation-title', text: c.title || 'Untitled conversation'}),
      c.lastMessage ? h('span', {class: 'conversation-last muted', text: c.lastMessage.content.slice(0, 90)}) : null,
      h('small', {class: 'muted'}, timeEl(c.updatedAt)));
      list.append(h('li', null, link));
    }
  }

  async function loadConversations() {
    const page = await api('/conversations', {query: {limit: 200}, signal});
    conversations = page.items;
    paintList();
  }

  // ---- the conversation ---------------------------------------------------------------------
  const convTitle = h('h2', {id: 'conversation-title', text: conversationId ? 'Loading…' : 'Ask your sources'});
  const scopeText = h('p', {class: 'muted', id: 'conversation-scope'});
  const remove = confirmClick(h('button', {type: 'button', id: 'delete-conversation', class: 'secondary small', hidden: !conversationId,
    text: 'Delete conversation'}), async () => {
    await api('/conversations/' + encodeURIComponent(conversationId), {method: 'DELETE', signal});
    router.go('/chat');
  });
  const earlier = h('button', {type: 'button', id: 'load-earlier', class: 'secondary small', hidden: true, text: 'Load earlier messages'});
  const messages = h('ol', {id: 'messages', class: 'messages', role: 'log', 'aria-live': 'polite', 'aria-labelledby': 'conversation-title'});
  const askInput = h('textarea', {id: 'ask-input', rows: '3', maxlength: '8000', 'aria-describedby': 'ask-hint'});
  const askSend = h('button', {id: 'ask-send', type: 'submit', text: 'Send'});
  const askForm = h('form', {id: 'ask-form', class: 'ask-form', onsubmit: (event) => {
    event.preventDefault();
    ask().catch(showError);
  }},
  h('label', {for: 'ask-input', text: 'Your question'}), askInput,
  h('small', {id: 'ask-hint', class: 'hint', text: 'Enter sends, Shift+Enter starts a new line.'}),
  h('div', {class: 'actions'}, askSend));
  askInput.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      askForm.requestSubmit();
    }
  });
  let cursor = null;

  earlier.addEventListener('click', async () => {
    try {
      const page = await api(`/conversations/${encodeURIComponent(conversationId)}/messages`, {query: {cursor, limit: 50}, signal});
      const nodes = page.items.slice().reverse().map(messageNode);
      messages.prepend(...nodes);
      cursor = page.nextCursor;
      earlier.hidden = !cursor;
    } catch (error) {
      showError(error);
    }
  });

  async function loadConversation() {
    const conversation = await api('/conversations/' + encodeURIComponent(conversationId), {signal});
    convTitle.textContent = conversation.title || 'New conversation';
    scopeText.textContent = describeScope(conversation);
    clear(messages);
    for (const message of conversation.messages || []) messages.append(messageNode(message));
    cursor = conversation.messagesCursor;
    earlier.hidden = !cursor;
    messages.lastElementChild?.scrollIntoView({block: 'end'});
  }

  function describeScope(conversation) {
    if (conversation.collectionId) {
      const folder = collections.find((c) => c.id === conversation.collectionId);
      return `Scope: the folder ${folder ? '“' + folder.name + '”' : conversation.collectionId}`;
    }
    const ids = conversation.sourceIds || [];
    if (!ids.length) return 'Scope: all your sources';
    const names = ids.map((id) => sources.find((s) => s.id === id)?.title || 'a source');
    return `Scope: ${names.slice(0, 5).join(', ')}${names.length > 5 ? ` and ${names.length - 5} more` : ''}`;
  }

  let asking = false;
  async function ask() {
    const content = askInput.value.trim();
    if (!content || asking) return;
    asking = true;
    askSend.disabled = true;
    try {
      if (!conversationId) {
        const conversation = await createConversation();
        conversationId = conversation.id;
        router.replace('/chat/' + encodeURIComponent(conversationId));
        convTitle.textContent = content.slice(0, 80);
        scopeText.textContent = describeScope(conversation);
        remove.hidden = false;
        document.getElementById('chat-empty')?.remove();
      }
      askInput.value = '';
      const userNode = messageNode({role: 'user', content, createdAt: new Date().toISOString()});
      const answer = h('li', {class: 'message assistant streaming', 'aria-busy': 'true'});
      const body = h('div', {class: 'message-body'});
      const streamed = document.createTextNode('');
      body.append(streamed);
      answer.append(h('div', {class: 'message-head'}, h('span', {class: 'role', text: 'Assistant'}),
        h('span', {class: 'muted typing', text: 'writing…'})), body);
      messages.append(userNode, answer);
      answer.scrollIntoView({block: 'end'});
      try {
        const reply = await askStreaming(conversationId, content, {signal, onDelta: (text) => {
          streamed.data += text;
          answer.scrollIntoView({block: 'end'});
        }});
        fill(answer, reply.message);
        answer.scrollIntoView({block: 'end'});
      } catch (error) {
        if (error.name === 'AbortError') return;
        answer.classList.remove('streaming');
        answer.classList.add('done', 'failed');
        answer.removeAttribute('aria-busy');
        answer.querySelector('.typing')?.remove();
        body.append(h('p', {class: 'form-error', text: 'No answer: ' + error.message}));
        throw error;
      }
      loadConversations().catch(showError);
    } finally {
      asking = false;
      askSend.disabled = false;
    }
  }

  // ---- layout and first load ----------------------------------------------------------------
  root.append(heading('Chat'), h('div', {class: 'chat-layout'},
    h('aside', {class: 'chat-side', 'aria-label': 'Conversations and new chat'},
      newForm,
      h('section', {class: 'card', 'aria-labelledby': 'history-heading'},
        h('h2', {id: 'history-heading', text: 'Conversations'}),
        h('label', {for: 'conversation-filter', class: 'visually-hidden', text: 'Search conversations'}), listFilter,
        list)),
    h('section', {class: 'chat-main card', 'aria-labelledby': 'conversation-title'},
      h('div', {class: 'section-head'}, h('div', null, convTitle, scopeText), remove),
      earlier,
      conversationId ? null : h('p', {class: 'muted', id: 'chat-empty',
        text: 'Pick a conversation, or ask here: a new chat starts with the scope chosen under “New chat”.'}),
      messages, askForm)));

  const [loadedSources, loadedCollections] = await Promise.all([
    all('/sources', {query: {status: 'completed'}, signal, max: 1000}).catch((error) => { showError(error); return []; }),
    all('/collections', {signal}).catch((error) => { showError(error); return []; }),
    loadConversations().catch(showError),
  ]);
  sources = loadedSources;
  collections = loadedCollections;
  scopeList.append(...sources.map((s) => h('label', {class: 'check'},
    h('input', {type: 'checkbox', data: {sourceId: s.id}, value: s.id}),
    h('span', {text: s.title || 'Untitled'}), h('span', {class: 'badge', text: KIND_LABELS[s.kind] || s.kind}))));
  if (!sources.length) scopeList.append(h('p', {class: 'muted', text: 'No ready sources yet: upload some in the library.'}));
  scopeCollection.append(...collections.map((c) => h('option', {value: c.id, text: `${c.name} (${c.sourceCount})`})));
  if (conversationId) await loadConversation();
}

/** A stored message as a list item; an assistant's has its chips and passages. */
function messageNode(message) {
  const node = h('li', {class: 'message ' + (message.role === 'user' ? 'user' : message.role)});
  if (message.role === 'assistant') fill(node, message);
  else {
    node.append(h('div', {class: 'message-head'}, h('span', {class: 'role', text: message.role === 'user' ? 'You' : message.role}), timeEl(message.createdAt)),
      h('div', {class: 'message-body', text: message.content}));
  }
  return node;
}

/** Puts a finished answer into its (streamed) item: text with chips, citations, passages; class `done`. */
function fill(node, message) {
  const meta = message.metadata || {};
  const hits = meta.sources || [];
  const byMarker = new Map(hits.map((hit, i) => [hit.marker || i + 1, hit]));
  const cited = (meta.citations || []).filter((marker) => byMarker.has(marker));
  const timings = [meta.model, meta.retrievalTimeMs !== undefined ? `search ${meta.retrievalTimeMs} ms` : null,
    meta.generationTimeMs !== undefined ? `writing ${meta.generationTimeMs} ms` : null].filter(Boolean).join(' · ');
  clear(node).append(
    h('div', {class: 'message-head'}, h('span', {class: 'role', text: 'Assistant'}), timeEl(message.createdAt),
      timings ? h('span', {class: 'muted', text: timings}) : null),
    h('div', {class: 'message-body'}, textWithCitations(message.content || '', byMarker)),
    cited.length ? h('div', {class: 'citations', 'aria-label': 'Citations'}, cited.map((marker) => chip(byMarker.get(marker), marker))) : null,
    hits.length ? h('details', {class: 'passages-box', open: true},
      h('summary', {text: `Passages used (${hits.length})`}),
      h('ol', {class: 'passages'}, [...byMarker].map(([marker, hit]) => passage(hit, marker)))) : null);
  node.classList.remove('streaming');
  node.classList.add('assistant', 'done');
  node.removeAttribute('aria-busy');
}
