// The admin page's account administration (superusers): users with search and paging and what
// may be done to them (deactivate, superuser or not, reset the password, quotas, delete),
// invitations for registration-mode invite, and the audit of every such change. The server
// decides every rule (the last superuser stays); its refusals are shown with its own message.
import {api} from '../api.js';
import {h, clear, showError, toast, timeEl, when, bytes, confirmClick, debounce} from '../ui.js';

const MB = 1024 * 1024;
const PAGE_SIZE = 20;

/** The three cards and the function that fills them; `me` is the signed-in superuser. */
export function accountSections({signal, me}) {
  const audit = auditCard({signal});
  const changed = () => audit.load().catch(showError);
  const users = usersCard({signal, me, changed});
  const invitations = invitationsCard({signal, changed});
  return {
    sections: [users.section, invitations.section, audit.section],
    load: () => Promise.all([users.load(), invitations.load(), audit.load()]),
  };
}

// ---- users ---------------------------------------------------------------------------------

function usersCard({signal, me, changed}) {
  const state = {query: '', offset: 0, total: 0, asked: 0};
  const search = h('input', {id: 'users-search', type: 'search', placeholder: 'part of an email or name', autocomplete: 'off'});
  const searchForm = h('form', {id: 'users-search-form', class: 'inline-form', role: 'search', onsubmit: (event) => {
    event.preventDefault();
    later.cancel();
    find();
  }}, h('div', {class: 'field'}, h('label', {for: 'users-search', text: 'Find users'}), search),
  h('button', {id: 'users-search-submit', type: 'submit', class: 'small', text: 'Search'}));
  const later = debounce(() => find(), 300);
  search.addEventListener('input', later);
  signal?.addEventListener('abort', () => later.cancel());

  const error = h('p', {id: 'users-error', class: 'form-error', role: 'alert'});
  const notice = h('div', {id: 'users-notice', class: 'notice', role: 'status', hidden: true});
  const body = h('tbody');
  const columns = ['Email', 'Name', 'Created', 'Last seen', 'Sources', 'Storage', 'Status', 'Role', 'Actions'];
  const wrap = tableWrap('users-table', 'Users', columns, body);
  const range = h('span', {id: 'users-range', class: 'muted', 'aria-live': 'polite'});
  const prev = h('button', {id: 'users-prev', type: 'button', class: 'secondary small', text: 'Previous',
    onclick: () => { state.offset = Math.max(0, state.offset - PAGE_SIZE); load().catch(fail); }});
  const next = h('button', {id: 'users-next', type: 'button', class: 'secondary small', text: 'Next',
    onclick: () => { state.offset += PAGE_SIZE; load().catch(fail); }});

  const section = card('users-heading', 'Users',
    'Deactivating ends the user’s sessions at once and refuses their sign-in. A quota left empty follows the server’s default (the quota_… settings below); 0 is no limit.',
    searchForm, error, notice, wrap, h('div', {class: 'actions pager-row'}, prev, range, next));

  function find() {
    state.query = search.value.trim();
    state.offset = 0;
    load().catch(fail);
  }

  function fail(e) {
    if (e?.name === 'AbortError') return;
    error.textContent = sentence(e.message);
    showError(e);
  }

  async function load() {
    const asked = ++state.asked;
    const reply = await api('/admin/users', {query: {query: state.query, offset: state.offset, limit: PAGE_SIZE}, signal});
    // typing runs a search per pause: only the latest one's answer is shown
    if (asked !== state.asked) return;
    state.total = reply.total;
    if (state.offset > 0 && reply.items.length === 0 && reply.total > 0) {
      state.offset = Math.max(0, Math.floor((reply.total - 1) / PAGE_SIZE) * PAGE_SIZE);
      return load();
    }
    clear(body);
    for (const user of reply.items) body.append(row(user));
    if (!reply.items.length) {
      body.append(h('tr', null, h('td', {colspan: String(columns.length), class: 'muted',
        text: state.query ? `No user matches “${state.query}”.` : 'No users yet.'})));
    }
    const first = reply.items.length ? state.offset + 1 : 0;
    range.textContent = `${first}–${state.offset + reply.items.length} of ${reply.total}`;
    prev.disabled = state.offset === 0;
    next.disabled = state.offset + reply.items.length >= reply.total;
  }

  /** Runs a change to one user: the error shown with the server's message, the audit read again. */
  async function act(action) {
    error.textContent = '';
    try {
      await action();
      changed();
    } catch (e) {
      fail(e);
    }
  }

  async function patch(user, body, tr, message) {
    const updated = await api('/admin/users/' + encodeURIComponent(user.id), {method: 'PATCH', body, signal});
    const fresh = row(updated);
    closeEditor(tr);
    tr.replaceWith(fresh);
    if (message) toast(message(updated), 'notice');
    return fresh;
  }

  function row(user) {
    const tr = h('tr', {class: 'user-row' + (user.isActive ? '' : ' inactive'),
      data: {userId: user.id, email: user.email, active: user.isActive, superuser: user.isSuperuser}});
    const eff = user.effectiveQuota || {};
    const usage = user.usage || {};
    const own = user.quota && Object.values(user.quota).some((v) => v !== null && v !== undefined);
    const you = me && me.id === user.id;

    const activeButton = h('button', {type: 'button', class: 'secondary small user-toggle-active',
      text: user.isActive ? 'Deactivate' : 'Reactivate', 'aria-label': `${user.isActive ? 'Deactivate' : 'Reactivate'} ${user.email}`});
    const setActive = () => act(() => patch(user, {isActive: !user.isActive}, tr,
      (u) => u.isActive ? `${u.email} is active again.` : `${u.email} is deactivated; their sessions ended.`));
    if (user.isActive) confirmClick(activeButton, setActive, 'Confirm deactivate');
    else activeButton.addEventListener('click', setActive);

    const superButton = confirmClick(h('button', {type: 'button', class: 'secondary small user-toggle-superuser',
      text: user.isSuperuser ? 'Remove superuser' : 'Make superuser',
      'aria-label': `${user.isSuperuser ? 'Remove superuser from' : 'Make superuser'} ${user.email}`}),
    () => act(() => patch(user, {isSuperuser: !user.isSuperuser}, tr,
      (u) => u.isSuperuser ? `${u.email} is a superuser.` : `${u.email} is no longer a superuser.`)), 'Confirm');

    const resetButton = confirmClick(h('button', {type: 'button', class: 'secondary small user-reset', text: 'Reset password',
      'aria-label': `Reset the password of ${user.email}`}), () => act(async () => {
      const reply = await api(`/admin/users/${encodeURIComponent(user.id)}/password-reset`, {method: 'POST', signal});
      showTemporaryPassword(user.email, reply.temporaryPassword);
      await load();
    }), 'Confirm reset');

    const quotaButton = h('button', {type: 'button', class: 'secondary small user-quota', text: 'Quota',
      'aria-label': `Edit the quota of ${user.email}`, 'aria-expanded': 'false',
      onclick: () => toggleEditor(tr, user, quotaButton)});

    const deleteButton = confirmClick(h('button', {type: 'button', class: 'danger small user-delete', text: 'Delete',
      'aria-label': `Delete ${user.email} and everything they own`}), () => act(async () => {
      await api('/admin/users/' + encodeURIComponent(user.id), {method: 'DELETE', signal});
      toast(`${user.email} and everything they owned were deleted.`, 'notice');
      await load();
    }), 'Confirm delete');

    tr.append(
      h('th', {scope: 'row'}, h('span', {class: 'user-email', text: user.email}), you ? h('span', {class: 'badge', text: 'you'}) : null,
        user.mustChangePassword ? h('div', {class: 'muted small-text user-must-change', text: 'must change password'}) : null),
      h('td', {text: user.name || ''}),
      h('td', null, timeEl(user.createdAt)),
      h('td', null, user.lastSeenAt ? timeEl(user.lastSeenAt) : h('span', {class: 'muted', text: 'never'})),
      h('td', {class: 'user-sources', text: `${usage.sources ?? 0}${eff.sources ? ' of ' + eff.sources : ''}`}),
      h('td', {class: 'user-storage'}, `${bytes(usage.bytes ?? 0)}${eff.bytes ? ' of ' + bytes(eff.bytes) : ''}`,
        own ? h('div', {class: 'muted small-text', text: 'own quota'}) : null),
      h('td', {class: 'user-status'}, h('span', {class: user.isActive ? 'status-up' : 'status-stopped', text: user.isActive ? 'active' : 'deactivated'})),
      h('td', {class: 'user-role', text: user.isSuperuser ? 'superuser' : 'user'}),
      h('td', null, h('div', {class: 'actions row-actions'}, activeButton, superButton, resetButton, quotaButton, deleteButton)));
    return tr;
  }

  function showTemporaryPassword(email, password) {
    clear(notice).append(
      h('p', null, 'Temporary password for ', h('strong', {text: email}), ': ', h('code', {id: 'temp-password', text: password})),
      h('p', {class: 'muted small-text', text: 'Shown only now. Give it to them over a channel you trust: their sessions have ended, '
        + 'and when they sign in with it they must choose a new password first.'}),
      h('div', {class: 'actions'},
        copyButton('temp-password-copy', () => password),
        h('button', {type: 'button', id: 'temp-password-done', class: 'secondary small', text: 'Done',
          onclick: () => { clear(notice); notice.hidden = true; }})));
    notice.hidden = false;
  }

  function closeEditor(tr) {
    const editor = tr.nextElementSibling;
    if (editor?.classList.contains('quota-editor')) editor.remove();
    tr.querySelector('.user-quota')?.setAttribute('aria-expanded', 'false');
  }

  async function toggleEditor(tr, user, button) {
    if (tr.nextElementSibling?.classList.contains('quota-editor')) {
      closeEditor(tr);
      return;
    }
    button.setAttribute('aria-expanded', 'true');
    const editor = h('tr', {class: 'quota-editor', data: {userId: user.id}},
      h('td', {colspan: String(columns.length)}, quotaForm(user, tr, await defaults())));
    tr.after(editor);
    editor.querySelector('input')?.focus();
  }

  /** The server's default quotas (runtime settings), for the fields' placeholders. */
  async function defaults() {
    try {
      const reply = await api('/admin/config', {signal});
      const value = (key) => reply.items.find((item) => item.key === key)?.value;
      return {mb: value('quota_storage_mb'), sources: value('quota_sources'), uploads: value('quota_uploads_per_hour')};
    } catch {
      return {};
    }
  }

  function quotaForm(user, tr, base) {
    const q = user.quota || {};
    const id = (name) => `quota-${name}-${user.id}`;
    const placeholder = (v, unit = '') => v === undefined ? 'default' : v === 0 ? 'default: no limit' : `default: ${v}${unit}`;
    const mb = h('input', {id: id('mb'), class: 'narrow quota-mb', type: 'number', min: '0', step: 'any',
      value: q.bytes === null || q.bytes === undefined ? '' : String(Math.round(q.bytes / MB * 100) / 100), placeholder: placeholder(base.mb, ' MB')});
    const sources = h('input', {id: id('sources'), class: 'narrow quota-sources', type: 'number', min: '0', step: '1',
      value: q.sources ?? '', placeholder: placeholder(base.sources)});
    const uploads = h('input', {id: id('uploads'), class: 'narrow quota-uploads', type: 'number', min: '0', step: '1',
      value: q.uploadsPerHour ?? '', placeholder: placeholder(base.uploads)});
    const save = h('button', {type: 'submit', class: 'small quota-save', text: 'Save quota'});
    const cancel = h('button', {type: 'button', class: 'secondary small quota-cancel', text: 'Cancel', onclick: () => closeEditor(tr)});
    return h('form', {class: 'inline-form quota-form', 'aria-label': `Quota of ${user.email}`, novalidate: true, onsubmit: async (event) => {
      event.preventDefault();
      let quota;
      try {
        quota = {bytes: limit(mb.value, 'Storage', MB), sources: limit(sources.value, 'Sources', 1),
          uploadsPerHour: limit(uploads.value, 'Uploads per hour', 1)};
      } catch (e) {
        error.textContent = e.message;
        return;
      }
      save.disabled = true;
      await act(() => patch(user, {quota}, tr, (u) => `The quota of ${u.email} was saved.`));
      save.disabled = false;
    }},
    field(id('mb'), 'Storage (MB)', mb), field(id('sources'), 'Sources', sources), field(id('uploads'), 'Uploads per hour', uploads),
    save, cancel,
    h('p', {class: 'muted small-text', text: 'Empty: the server’s default. 0: no limit.'}));
  }

  return {section, load};
}

/** A quota field's value: null when empty (the default), else a whole number ≥ 0 (times `unit`). */
function limit(text, label, unit) {
  if (String(text).trim() === '') return null;
  const value = Number(text);
  if (!Number.isFinite(value) || value < 0 || (unit === 1 && !Number.isInteger(value))) {
    throw new Error(`${label} must be ${unit === 1 ? 'a whole number' : 'a number'} of 0 or more, or empty for the default.`);
  }
  return Math.round(value * unit);
}

// ---- invitations ---------------------------------------------------------------------------

function invitationsCard({signal, changed}) {
  const email = h('input', {id: 'invitation-email', type: 'email', placeholder: 'anyone', autocomplete: 'off'});
  const hours = h('input', {id: 'invitation-hours', type: 'number', class: 'narrow', min: '1', max: '2160', step: '1', value: '168'});
  const create = h('button', {id: 'invitation-create', type: 'submit', class: 'small', text: 'Create invitation'});
  const error = h('p', {id: 'invitation-error', class: 'form-error', role: 'alert'});
  const notice = h('div', {id: 'invitation-notice', class: 'notice', role: 'status', hidden: true});
  const body = h('tbody');
  const wrap = tableWrap('invitations-table', 'Invitations', ['For', 'Created', 'Expires', 'Status', ''], body);
  const form = h('form', {id: 'invitation-form', class: 'inline-form', novalidate: true, onsubmit: async (event) => {
    event.preventDefault();
    error.textContent = '';
    const request = {expiresInHours: Number(hours.value)};
    if (email.value.trim()) request.email = email.value.trim();
    create.disabled = true;
    try {
      const invitation = await api('/admin/invitations', {method: 'POST', body: request, signal});
      showLink(invitation);
      email.value = '';
      await load();
      changed();
    } catch (e) {
      if (e.name !== 'AbortError') error.textContent = sentence(e.message);
    } finally {
      create.disabled = false;
    }
  }}, field('invitation-email', 'Email (optional)', email), field('invitation-hours', 'Valid for (hours)', hours), create);

  const section = card('invitations-heading', 'Invitations',
    'Each link registers one account, before it expires; with an email, only that address may use it. '
    + 'A server started with registration-mode invite accepts registrations only with one.',
    form, error, notice, wrap);

  function showLink(invitation) {
    const link = `${location.origin}/#/register?invitation=${encodeURIComponent(invitation.token)}`;
    const input = h('input', {id: 'invitation-link', type: 'text', readonly: true, value: link, 'aria-label': 'Invitation link',
      onfocus: (event) => event.target.select()});
    clear(notice).append(
      h('p', null, 'Send this link', invitation.email ? ` to ${invitation.email}` : '', '. It is shown only now and works once, until ',
        h('strong', {text: when(invitation.expiresAt)}), '.'),
      input,
      h('div', {class: 'actions'}, copyButton('invitation-link-copy', () => link),
        h('button', {type: 'button', id: 'invitation-link-done', class: 'secondary small', text: 'Done',
          onclick: () => { clear(notice); notice.hidden = true; }})));
    notice.hidden = false;
  }

  async function load() {
    const reply = await api('/admin/invitations', {signal});
    clear(body);
    for (const invitation of reply.items) {
      const withdraw = confirmClick(h('button', {type: 'button', class: 'secondary small invitation-delete',
        text: invitation.status === 'open' ? 'Withdraw' : 'Remove',
        'aria-label': `${invitation.status === 'open' ? 'Withdraw' : 'Remove'} the invitation for ${invitation.email || 'anyone'}`}), async () => {
        await api('/admin/invitations/' + encodeURIComponent(invitation.id), {method: 'DELETE', signal});
        await load();
        changed();
      }, 'Confirm');
      body.append(h('tr', {class: 'invitation-row', data: {invitationId: invitation.id, status: invitation.status, email: invitation.email || ''}},
        h('th', {scope: 'row', text: invitation.email || 'anyone'}),
        h('td', null, timeEl(invitation.createdAt)),
        h('td', null, timeEl(invitation.expiresAt)),
        h('td', {class: 'invitation-status'}, h('span', {class: STATUS_CLASS[invitation.status] || '', text: invitation.status}),
          invitation.usedAt ? h('div', {class: 'muted small-text'}, 'used ', timeEl(invitation.usedAt)) : null),
        h('td', null, withdraw)));
    }
    if (!reply.items.length) body.append(h('tr', null, h('td', {colspan: '5', class: 'muted', text: 'No invitations.'})));
  }

  return {section, load};
}

const STATUS_CLASS = {open: 'status-up', used: 'status-completed', expired: 'status-stopped'};

// ---- audit ---------------------------------------------------------------------------------

const ACTIONS = {
  'user.update': 'changed a user',
  'user.password-reset': 'reset a password',
  'user.password-change': 'changed their password',
  'user.delete': 'deleted a user',
  'invitation.create': 'created an invitation',
  'invitation.delete': 'withdrew an invitation',
  'setup.superuser': 'became the first superuser',
};

function auditCard({signal}) {
  const body = h('tbody');
  const wrap = tableWrap('audit-table', 'Audit', ['When', 'Who', 'What', 'Account', 'Details'], body);
  let oldest = null;
  const refresh = h('button', {id: 'audit-refresh', type: 'button', class: 'secondary small', text: 'Refresh',
    onclick: () => load().catch(showError)});
  const older = h('button', {id: 'audit-older', type: 'button', class: 'secondary small', text: 'Older entries', hidden: true,
    onclick: () => load({before: oldest}).catch(showError)});
  const section = card('audit-heading', 'Audit', 'Who changed what about accounts, newest first.',
    h('div', {class: 'actions'}, refresh), wrap, h('div', {class: 'actions'}, older));
  wrap.classList.add('audit-wrap');

  async function load({before} = {}) {
    const limit = 50;
    const reply = await api('/admin/audit', {query: {limit, before}, signal});
    if (!before) clear(body);
    for (const entry of reply.items) {
      body.append(h('tr', {class: 'audit-row', data: {action: entry.action, auditId: entry.id}},
        h('td', null, timeEl(entry.at)),
        h('td', {text: entry.actor?.email || (entry.actor ? '(deleted account)' : 'the server')}),
        h('td', null, h('span', {text: ACTIONS[entry.action] || entry.action}), ' ', h('code', {class: 'small-text', text: entry.action})),
        h('td', {class: 'audit-target', text: entry.target?.email || entry.details?.email || (entry.target ? '(deleted account)' : '')}),
        h('td', {class: 'audit-details', text: describe(entry)})));
    }
    if (reply.items.length) oldest = reply.items[reply.items.length - 1].id;
    if (!before && !reply.items.length) body.append(h('tr', null, h('td', {colspan: '5', class: 'muted', text: 'Nothing yet.'})));
    older.hidden = reply.items.length < limit;
  }

  return {section, load};
}

/** An audit entry's details in words: "deactivated", "quota: storage 50 MB, sources default". */
function describe(entry) {
  const d = entry.details || {};
  const parts = [];
  if (d.isActive === false) parts.push('deactivated');
  if (d.isActive === true) parts.push('reactivated');
  if (d.isSuperuser === true) parts.push('made superuser');
  if (d.isSuperuser === false) parts.push('superuser removed');
  if (d.quota && typeof d.quota === 'object') {
    const show = (v, f) => v === null || v === undefined ? 'default' : v === 0 ? 'no limit' : f(v);
    const q = [];
    if ('bytes' in d.quota) q.push('storage ' + show(d.quota.bytes, bytes));
    if ('sources' in d.quota) q.push('sources ' + show(d.quota.sources, String));
    if ('uploadsPerHour' in d.quota) q.push('uploads/hour ' + show(d.quota.uploadsPerHour, String));
    parts.push('quota: ' + q.join(', '));
  }
  if (entry.action === 'invitation.create' && d.expiresInHours) parts.push(`valid ${d.expiresInHours} h`);
  if (parts.length) return parts.join('; ');
  const known = new Set(['invitationId', 'email', 'expiresInHours']);
  const rest = Object.entries(d).filter(([k]) => !known.has(k));
  return rest.map(([k, v]) => `${k}: ${typeof v === 'object' ? JSON.stringify(v) : v}`).join(', ');
}

// ---- shared --------------------------------------------------------------------------------

function card(id, text, hint, ...children) {
  return h('section', {class: 'card', 'aria-labelledby': id},
    h('h2', {id, text}), hint ? h('p', {class: 'muted', text: hint}) : null, ...children);
}

function tableWrap(id, caption, columns, body) {
  return h('div', {class: 'table-wrap', tabindex: '0', role: 'region', 'aria-label': caption},
    h('table', {id, class: 'data-table'},
      h('caption', {class: 'visually-hidden', text: caption}),
      h('thead', null, h('tr', null, columns.map((c) => h('th', {scope: 'col', text: c})))),
      body));
}

function field(id, label, control) {
  return h('div', {class: 'field'}, h('label', {for: id, text: label}), control);
}

function copyButton(id, text) {
  return h('button', {type: 'button', id, class: 'small', text: 'Copy', onclick: async (event) => {
    try {
      await navigator.clipboard.writeText(text());
      event.target.textContent = 'Copied';
    } catch {
      toast('Copying is not allowed here: select the text and copy it.', 'notice');
    }
  }});
}

/** The server's messages are lower-case clauses ("this would leave no active superuser"). */
function sentence(message) {
  const text = String(message || '');
  return text ? text[0].toUpperCase() + text.slice(1) + (/[.!?]$/.test(text) ? '' : '.') : text;
}
