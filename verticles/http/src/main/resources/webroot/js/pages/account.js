// Your account: what you keep against your quota, your password, your sessions (end the ones you
// do not recognise), take your library out as one zip, bring an export in, delete the account.
import {api, upload} from '../api.js';
import * as live from '../ws.js';
import {h, clear, heading, showError, toast, confirmClick, bytes, timeEl} from '../ui.js';

export const title = 'Account';

export async function show(root, ctx) {
  const {signal} = ctx;

  // ---- usage, password, sessions -----------------------------------------------------------
  const usage = h('dl', {id: 'usage', class: 'usage-list'});
  const sessions = h('tbody');
  const sessionsTable = h('div', {class: 'table-wrap', tabindex: '0', role: 'region', 'aria-label': 'Your sessions'},
    h('table', {id: 'sessions-table', class: 'data-table'},
      h('caption', {class: 'visually-hidden', text: 'Your sessions'}),
      h('thead', null, h('tr', null, ['Signed in', 'Last used', 'Address', 'Browser', ''].map((c) => h('th', {scope: 'col', text: c})))),
      sessions));

  async function loadUsage() {
    const reply = await api('/auth/usage', {signal});
    const u = reply.usage || {}, q = reply.quota || {};
    clear(usage).append(
      usageLine('usage-bytes', 'Storage', u.bytes, q.bytes, bytes),
      usageLine('usage-sources', 'Sources', u.sources, q.sources, String),
      usageLine('usage-uploads', 'Uploads in the last hour', u.uploadsLastHour, q.uploadsPerHour, String, ' per hour'));
  }

  async function loadSessions() {
    const reply = await api('/auth/sessions', {signal});
    clear(sessions);
    for (const session of reply.items) {
      const end = session.current ? h('span', {class: 'badge', text: 'this session'})
        : h('button', {type: 'button', class: 'secondary small session-end', text: 'End',
          'aria-label': `End the session signed in ${new Date(session.createdAt).toLocaleString()}`});
      if (!session.current) {
        end.addEventListener('click', async () => {
          end.disabled = true;
          try {
            await api('/auth/sessions/' + encodeURIComponent(session.id), {method: 'DELETE', signal});
            toast('That session has ended: whoever used it must sign in again.', 'notice');
            await loadSessions();
          } catch (error) {
            end.disabled = false;
            showError(error);
          }
        });
      }
      sessions.append(h('tr', {class: 'session-row' + (session.current ? ' current' : ''), data: {sessionId: session.id}},
        h('td', null, timeEl(session.createdAt)),
        h('td', null, timeEl(session.lastSeenAt)),
        h('td', {text: session.clientAddress || ''}),
        h('td', {class: 'user-agent', text: session.userAgent || '', title: session.userAgent || null}),
        h('td', null, end)));
    }
  }

  // ---- export ------------------------------------------------------------------------------
  const exportStatus = h('p', {id: 'export-status', class: 'muted', 'aria-live': 'polite'});
  const exportLink = h('a', {id: 'export-download', class: 'button', hidden: true, text: 'Download the zip'});
  const exportButton = h('button', {id: 'export-start', type: 'button', text: 'Export my library'});
  exportButton.addEventListener('click', async () => {
    exportButton.disabled = true;
    exportLink.hidden = true;
    try {
      const {job} = await api('/export', {method: 'POST', signal});
      const done = await follow(job.id, exportStatus, 'preparing your export');
      if (done.status === 'completed') {
        const r = done.result || {};
        exportStatus.textContent = `Ready: ${r.sources || 0} sources, ${r.conversations || 0} conversations, ${r.templates || 0} templates.`;
        exportLink.href = `/api/v1/export/${job.id}/download`;
        exportLink.hidden = false;
      }
    } catch (error) {
      if (error.name !== 'AbortError') showError(error);
    } finally {
      exportButton.disabled = false;
    }
  });

  // ---- import ------------------------------------------------------------------------------
  const importFile = h('input', {id: 'import-file', type: 'file', accept: '.zip,application/zip'});
  const importStatus = h('p', {id: 'import-status', class: 'muted', 'aria-live': 'polite'});
  const importButton = h('button', {id: 'import-start', type: 'button', text: 'Import'});
  importButton.addEventListener('click', async () => {
    const file = importFile.files[0];
    if (!file) {
      importStatus.textContent = 'Choose an export’s zip first.';
      return;
    }
    importButton.disabled = true;
    try {
      const {data} = await upload(file, {path: '/import', signal,
        onProgress: (part) => { importStatus.textContent = `uploading ${Math.round(part * 100)}%`; }});
      const done = await follow(data.job.id, importStatus, 'importing');
      if (done.status === 'completed') {
        const r = done.result || {};
        importStatus.textContent = `Imported ${r.sources || 0} sources, ${r.collections || 0} collections, `
          + `${r.conversations || 0} conversations, ${r.templates || 0} templates`
          + ((r.skipped || []).length ? `; skipped ${r.skipped.length}` : '') + '. The sources are being read now.';
        importFile.value = '';
      }
    } catch (error) {
      if (error.name !== 'AbortError') {
        importStatus.textContent = 'Not imported: ' + error.message;
        showError(error);
      }
    } finally {
      importButton.disabled = false;
    }
  });

  // ---- delete ------------------------------------------------------------------------------
  const password = h('input', {id: 'delete-password', type: 'password', autocomplete: 'current-password'});
  const deleteError = h('p', {id: 'delete-error', class: 'form-error', role: 'alert'});
  const deleteButton = h('button', {id: 'delete-account', type: 'button', class: 'danger', text: 'Delete my account'});
  confirmClick(deleteButton, async () => {
    deleteError.textContent = '';
    if (!password.value) {
      deleteError.textContent = 'Enter your password to delete your account.';
      return;
    }
    // the deletion ends this session, and its socket would sign out first with "your session has ended"
    live.stop();
    try {
      await api('/auth/me', {method: 'DELETE', body: {password: password.value}, signal});
      ctx.signedOut('Your account and everything in it were deleted.');
    } catch (error) {
      live.start();
      deleteError.textContent = error.message;
    }
  }, 'Yes, delete everything');

  root.append(
    heading('Account'),
    h('section', {class: 'card', 'aria-labelledby': 'usage-heading'},
      h('h2', {id: 'usage-heading', text: 'What you keep'}),
      h('p', {class: 'muted', text: 'Your use against the limits an administrator set for this server.'}),
      usage),
    h('section', {class: 'card', 'aria-labelledby': 'password-heading'},
      h('h2', {id: 'password-heading', text: 'Change your password'}),
      passwordForm({signal, onChanged: () => loadSessions().catch(showError)})),
    h('section', {class: 'card', 'aria-labelledby': 'sessions-heading'},
      h('h2', {id: 'sessions-heading', text: 'Where you are signed in'}),
      h('p', {class: 'muted', text: 'Every browser or program signed in to your account. End a session you do not recognise, then change your password.'}),
      sessionsTable),
    h('section', {class: 'card', 'aria-labelledby': 'export-heading'},
      h('h2', {id: 'export-heading', text: 'Take your library with you'}),
      h('p', {class: 'muted', text: 'One zip with every file you added, its text, your transcripts and chat logs, '
        + 'your conversations (also as readable Markdown, with their citations), collections, tags and templates.'}),
      h('div', {class: 'actions'}, exportButton, exportLink), exportStatus),
    h('section', {class: 'card', 'aria-labelledby': 'import-heading'},
      h('h2', {id: 'import-heading', text: 'Bring an export in'}),
      h('div', {class: 'field'}, h('label', {for: 'import-file', text: 'An export’s zip, from this server or another'}), importFile),
      h('div', {class: 'actions'}, importButton), importStatus),
    h('section', {class: 'card danger-zone', 'aria-labelledby': 'delete-heading'},
      h('h2', {id: 'delete-heading', text: 'Delete your account'}),
      h('p', {class: 'muted', text: 'Everything goes: your sources and their files, conversations, templates, audiobooks '
        + 'and sessions. Export first if you want to keep them.'}),
      h('div', {class: 'field'}, h('label', {for: 'delete-password', text: 'Your password'}), password),
      deleteError,
      h('div', {class: 'actions'}, deleteButton)));

  const loads = await Promise.allSettled([loadUsage(), loadSessions()]);
  loads.filter((r) => r.status === 'rejected').forEach((r) => showError(r.reason));

  /** Polls a job until it ends, showing its progress; a failed job's reason is shown and thrown. */
  async function follow(jobId, status, doing) {
    for (;;) {
      const job = await api(`/jobs/${jobId}`, {signal});
      if (job.status === 'completed') return job;
      if (job.status === 'failed') {
        status.textContent = 'Failed: ' + (job.error || 'unknown reason');
        toast(status.textContent);
        return job;
      }
      status.textContent = `${doing}… ${job.progress || 0}%`;
      await new Promise((resolve) => setTimeout(resolve, 400));
    }
  }
}

/** One line of usage: "12.0 MB of 100.0 MB" or "12.0 MB (no limit)"; 0 is no limit. */
function usageLine(id, label, used, limit, format, per = '') {
  const value = Number(used) || 0;
  const max = Number(limit) || 0;
  const text = max > 0 ? `${format(value)} of ${format(max)}${per}` : `${format(value)} (no limit)`;
  const meter = max > 0 ? h('meter', {min: '0', max: String(max), value: String(Math.min(value, max)), high: String(max * 0.9),
    'aria-hidden': 'true'}) : null;
  return h('div', {class: 'usage-line', id, data: {used: value, limit: max}},
    h('dt', {text: label}), h('dd', null, h('span', {class: 'usage-text', text}), meter));
}

/**
 * The form that changes the signed-in user's password: the current one, the new one twice.
 * Every other session ends; `onChanged({endedSessions})` runs once the server said yes.
 */
export function passwordForm({signal, onChanged, forced = false}) {
  const current = h('input', {id: 'password-current', type: 'password', autocomplete: 'current-password', 'data-autofocus': forced || null});
  const next = h('input', {id: 'password-new', type: 'password', autocomplete: 'new-password', minlength: '8', 'aria-describedby': 'password-new-hint'});
  const again = h('input', {id: 'password-repeat', type: 'password', autocomplete: 'new-password'});
  const status = h('p', {id: 'password-status', class: 'form-error', role: 'alert'});
  const submit = h('button', {id: 'password-change', type: 'submit', text: 'Change password'});
  const form = h('form', {id: 'password-form', novalidate: true, onsubmit: async (event) => {
    event.preventDefault();
    status.className = 'form-error';
    status.textContent = '';
    if (next.value.length < 8) {
      status.textContent = 'The new password needs at least 8 characters.';
      return;
    }
    if (next.value !== again.value) {
      status.textContent = 'The new password and its repetition differ.';
      return;
    }
    submit.disabled = true;
    try {
      const reply = await api('/auth/password', {method: 'POST', body: {currentPassword: current.value, newPassword: next.value}, signal});
      const ended = reply?.endedSessions || 0;
      form.reset();
      status.className = 'notice';
      status.textContent = 'Your password was changed' + (ended ? `; ${ended} other session${ended === 1 ? '' : 's'} ended.` : '.');
      onChanged?.(reply || {});
    } catch (error) {
      if (error.name === 'AbortError') return;
      status.textContent = error.code === 'invalid_credentials' ? 'The current password is wrong.' : error.message;
    } finally {
      submit.disabled = false;
    }
  }},
  h('div', {class: 'field'}, h('label', {for: 'password-current', text: forced ? 'The temporary password' : 'Current password'}), current),
  h('div', {class: 'field'}, h('label', {for: 'password-new', text: 'New password'}), next,
    h('small', {class: 'hint', id: 'password-new-hint', text: 'At least 8 characters. Your other sessions end when it changes.'})),
  h('div', {class: 'field'}, h('label', {for: 'password-repeat', text: 'New password again'}), again),
  status,
  h('div', {class: 'actions'}, submit));
  return form;
}
