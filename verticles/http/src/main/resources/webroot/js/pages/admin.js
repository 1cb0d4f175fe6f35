// Administration for superusers: users, invitations and the audit (admin-accounts.js), runtime settings (editable, applied cluster-wide), the search
// index's embedding model with its re-index and its chunk size with its re-chunk, the nodes of the cluster with their health, and the
// plugins of the node that answers.
import {api} from '../api.js';
import {h, clear, heading, showError, toast, when, bytes, clock} from '../ui.js';
import {accountSections} from './admin-accounts.js';

export const title = 'Admin';

export async function show(root, ctx) {
  root.append(heading('Administration'));
  if (!ctx.user?.isSuperuser) {
    root.append(h('p', {text: 'Administration is for superusers only.'}));
    return;
  }
  const {signal} = ctx;
  const settings = table('settings-table', 'Runtime settings', ['Setting', 'Value', 'Allowed', 'Default', 'Changed']);
  const cluster = table('cluster-table', 'Cluster nodes', ['Node', 'Roles', 'Status', 'Health', 'Host', 'Jobs', 'Heap', 'Up', 'Heartbeat']);
  const plugins = table('plugins-table', 'Plugins', ['Kind', 'Name', 'Origin', 'Class', 'Active']);
  const pluginInfo = h('p', {class: 'muted'});
  const refresh = h('button', {type: 'button', class: 'secondary small', text: 'Refresh', onclick: () => loadCluster().catch(showError)});
  const indexInfo = h('p', {id: 'index-live'});
  const indexJob = h('p', {id: 'index-job', class: 'muted'});
  const providerSelect = h('select', {id: 'reindex-provider'});
  const startReindex = h('button', {type: 'submit', class: 'small', text: 'Re-index'});
  const cancelReindex = h('button', {type: 'button', id: 'reindex-cancel', class: 'secondary small', text: 'Cancel re-index', hidden: true});
  const reindexForm = h('form', {id: 'reindex-form', class: 'inline-form', onsubmit: async (event) => {
    event.preventDefault();
    startReindex.disabled = true;
    try {
      const job = await api('/admin/reindex', {method: 'POST', body: {embeddingModel: providerSelect.value}, signal});
      toast(`Re-index to ${job.model} started: ${job.chunksTotal} chunks. Searches use the current index until it completes.`, 'notice');
      await loadIndex();
    } catch (error) {
      showError(error);
    } finally {
      startReindex.disabled = false;
    }
  }}, h('label', {for: 'reindex-provider', text: 'Embedding model '}), providerSelect, startReindex, cancelReindex);
  const chunkInfo = h('p', {id: 'rechunk-info', class: 'muted'});
  const chunkSizeInput = h('input', {id: 'rechunk-size', type: 'number', min: '32', max: '512', step: '1', required: true});
  const startRechunk = h('button', {type: 'submit', class: 'small', text: 'Re-chunk'});
  const rechunkForm = h('form', {id: 'rechunk-form', class: 'inline-form', onsubmit: async (event) => {
    event.preventDefault();
    startRechunk.disabled = true;
    try {
      await api('/admin/reindex', {method: 'POST', body: {chunkSize: Number(chunkSizeInput.value)}, signal});
      toast(`Re-chunk to ${chunkSizeInput.value} wordpieces started. Each source keeps its passages until its new ones replace them.`, 'notice');
      await Promise.all([loadIndex(), loadSettings()]);
    } catch (error) {
      showError(error);
    } finally {
      startRechunk.disabled = false;
    }
  }}, h('label', {for: 'rechunk-size', text: 'Chunk size (wordpieces) '}), chunkSizeInput, startRechunk);
  let watching = null;
  const accounts = accountSections({signal, me: ctx.user});
  const [usersSection, invitationsSection, auditSection] = accounts.sections;

  root.append(
    usersSection,
    invitationsSection,
    auditSection,
    section('settings-heading', 'Runtime settings', 'Applied on every node without a restart.', settings.wrap),
    section('index-heading', 'Search index', 'A re-index embeds every chunk with another model into a new index beside the live one, then swaps; searches keep working meanwhile.',
      indexInfo, indexJob, reindexForm,
      h('p', {class: 'muted', text: 'A re-chunk cuts every source into passages of another size from its stored text, source by source: each keeps its old passages until its new ones replace them in one step.'}),
      chunkInfo, rechunkForm),
    section('cluster-heading', 'Cluster', null, h('div', {class: 'actions'}, refresh), cluster.wrap),
    section('plugins-heading', 'Plugins', null, pluginInfo, plugins.wrap));

  async function loadSettings() {
    const reply = await api('/admin/config', {signal});
    clear(settings.body);
    for (const item of reply.items) settings.body.append(settingRow(item));
  }

  function settingRow(item) {
    const inputId = 'setting-' + item.key;
    const input = h('input', {id: inputId, type: 'number', step: '1', value: String(item.value), class: 'narrow',
      min: item.min !== undefined ? String(item.min) : null, max: item.max !== undefined ? String(item.max) : null});
    const changed = h('td', null, when(item.updatedAt));
    const save = h('button', {type: 'submit', class: 'small', text: 'Save', 'aria-label': `Save ${item.key}`});
    const form = h('form', {class: 'inline-form', onsubmit: async (event) => {
      event.preventDefault();
      const value = Number(input.value);
      if (!Number.isInteger(value)) {
        toast(`${item.key} must be a whole number.`);
        return;
      }
      save.disabled = true;
      try {
        const updated = await api('/admin/config/' + encodeURIComponent(item.key), {method: 'PUT', body: {value}, signal});
        input.value = String(updated.value);
        changed.textContent = when(updated.updatedAt);
        toast(`${item.key} is now ${updated.value} on every node.`, 'notice');
      } catch (error) {
        showError(error);
      } finally {
        save.disabled = false;
      }
    }}, h('label', {for: inputId, class: 'visually-hidden', text: item.key}), input, save);
    return h('tr', {data: {key: item.key}},
      h('th', {scope: 'row'}, h('code', {text: item.key}), h('div', {class: 'muted small-text', text: item.description || ''})),
      h('td', null, form),
      h('td', {text: item.min !== undefined ? `${item.min}–${item.max}` : ''}),
      h('td', {text: item.default !== undefined ? String(item.default) : ''}),
      changed);
  }

  async function loadCluster() {
    const reply = await api('/admin/cluster', {signal});
    clear(cluster.body);
    for (const node of reply.nodes) {
      const checks = (node.health?.checks || []).map((c) => `${c.name} ${c.status}${c.latencyMs !== undefined ? ` (${c.latencyMs} ms)` : ''}`).join(', ');
      const jvm = node.jvm || {};
      cluster.body.append(h('tr', {class: 'node-' + node.status},
        h('th', {scope: 'row', text: `${node.name}${node.version ? ' · ' + node.version : ''}`}),
        h('td', {text: (node.roles || []).join(', ')}),
        h('td', null, h('span', {class: 'status-' + node.status, text: node.status})),
        h('td', {text: `${node.health?.status || ''}${checks ? ': ' + checks : ''}`}),
        h('td', {text: `${node.host || ''}${node.pid ? ' pid ' + node.pid : ''}`}),
        h('td', {text: String(node.runningJobs ?? '')}),
        h('td', {text: jvm.heapUsedBytes !== undefined ? `${bytes(jvm.heapUsedBytes)} / ${bytes(jvm.heapMaxBytes)}` : ''}),
        h('td', {text: jvm.uptimeSeconds !== undefined ? clock(jvm.uptimeSeconds) : when(node.startedAt)}),
        h('td', {text: when(node.heartbeatAt)})));
    }
  }

  async function loadIndex() {
    const reply = await api('/admin/reindex', {signal});
    const live = reply.live;
    indexInfo.textContent = live
      ? `Live index: ${live.model} (provider ${live.embeddingModel}, ${live.dimension} dimensions).`
      : 'No index yet: the first upload makes one.';
    if (reply.mismatch) {
      indexInfo.append(h('strong', {text: ` The configured provider is ${reply.configuredProvider}: re-index to use it.`}));
    }
    const job = reply.building || reply.last;
    indexJob.textContent = !job ? ''
      : job.status === 'running' ? `Re-index to ${job.model}: ${job.chunksDone} of ${job.chunksTotal} chunks (${job.progress}%).`
      : `Last re-index to ${job.model}: ${job.status}${job.error ? ' (' + job.error + ')' : ''}, ${when(job.completedAt)}.`;
    const chunking = reply.chunking;
    const rechunk = chunking?.job;
    if (chunking && document.activeElement !== chunkSizeInput) chunkSizeInput.value = chunking.chunkSize;
    chunkInfo.textContent = !chunking ? ''
      : rechunk ? `Re-chunk to ${rechunk.result?.chunkSize} wordpieces: ${rechunk.status}, ${rechunk.result?.sourcesDone ?? 0} of ${rechunk.result?.sourcesTotal ?? '?'} sources (${rechunk.progress}%).`
      : `Chunk size ${chunking.chunkSize} wordpieces; ${chunking.sourcesOtherSize} ${chunking.sourcesOtherSize === 1 ? 'source is' : 'sources are'} chunked with another size.`;
    cancelReindex.hidden = !reply.building;
    cancelReindex.onclick = reply.building ? async () => {
      try {
        await api('/admin/reindex/' + reply.building.id, {method: 'DELETE', signal});
        toast('Re-index cancelled; the live index stays.', 'notice');
        await loadIndex();
      } catch (error) {
        showError(error);
      }
    } : null;
    const busy = reply.building || rechunk;
    if (busy && !watching) {
      watching = setInterval(() => loadIndex().catch(showError), 2000);
      signal?.addEventListener('abort', () => clearInterval(watching));
    } else if (!busy && watching) {
      clearInterval(watching);
      watching = null;
    }
  }

  async function loadPlugins() {
    const reply = await api('/admin/plugins', {signal});
    clear(providerSelect);
    for (const plugin of reply.items.filter((p) => p.kind === 'embedding-model')) {
      providerSelect.append(h('option', {value: plugin.name, text: plugin.name + (plugin.active ? ' (configured)' : '')}));
    }
    const selected = (reply.kinds || []).filter((k) => k.configKey).map((k) => `${k.title}: ${k.selected ?? 'none'} (${k.configKey})`);
    pluginInfo.textContent = `Node ${reply.node}; plugin directory ${reply.directory || 'none'}; ${reply.jars.length} jar${reply.jars.length === 1 ? '' : 's'}. ${selected.join('; ')}`;
    clear(plugins.body);
    const titles = new Map((reply.kinds || []).map((k) => [k.kind, k.title]));
    for (const plugin of reply.items) {
      plugins.body.append(h('tr', {class: plugin.active ? 'active' : null},
        h('td', {text: titles.get(plugin.kind) || plugin.kind}),
        h('th', {scope: 'row', text: plugin.name}),
        h('td', {text: plugin.origin}),
        h('td', null, h('code', {text: plugin.className})),
        h('td', {text: plugin.active ? 'yes' : 'no'})));
    }
  }

  const results = await Promise.allSettled([accounts.load(), loadSettings(), loadIndex(), loadCluster(), loadPlugins()]);
  results.filter((r) => r.status === 'rejected').forEach((r) => showError(r.reason));
}

function section(id, text, hint, ...children) {
  return h('section', {class: 'card', 'aria-labelledby': id},
    h('h2', {id, text}), hint ? h('p', {class: 'muted', text: hint}) : null, ...children);
}

function table(id, caption, columns) {
  const body = h('tbody');
  const wrap = h('div', {class: 'table-wrap', tabindex: '0', role: 'region', 'aria-label': caption},
    h('table', {id, class: 'data-table'},
      h('caption', {class: 'visually-hidden', text: caption}),
      h('thead', null, h('tr', null, columns.map((c) => h('th', {scope: 'col', text: c})))),
      body));
  return {wrap, body};
}
