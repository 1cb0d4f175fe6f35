// Your account: take your library out as one zip, bring an export in, delete the account.
import {api, upload} from '../api.js';
import * as live from '../ws.js';
import {h, heading, showError, toast, confirmClick} from '../ui.js';

export const title = 'Account';

export async function show(root, ctx) {
  const {signal} = ctx;

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
