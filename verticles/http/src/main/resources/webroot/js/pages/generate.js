// Content generation: choose a content type and a topic, write it from your sources, copy it.
// The template editor shows a live preview rendered by the server: after a pause in typing, the
// edited template is saved as a temporary template of yours, used for one generation with the
// topic above, and deleted again (so the preview is exactly what generation would write).
import {api, all} from '../api.js';
import {h, clear, field, select, fillSelect, heading, showError, toast, debounce, confirmClick} from '../ui.js';
import {chip} from '../cite.js';

export const title = 'Generate';

export async function show(root, ctx) {
  const {signal} = ctx;
  let types = [];
  let templates = [];

  const typeSelect = select({id: 'gen-type'}, []);
  const typeInfo = h('p', {id: 'gen-type-description', class: 'muted'});
  const topic = h('input', {id: 'gen-topic', type: 'text', maxlength: '2000'});
  const folder = select({id: 'gen-collection'}, [{value: '', label: 'All your sources'}]);
  const templateSelect = select({id: 'gen-template'}, []);
  const submit = h('button', {id: 'gen-submit', type: 'submit', text: 'Write it'});
  const result = h('pre', {id: 'gen-result', class: 'result', 'aria-live': 'polite', 'aria-labelledby': 'gen-result-heading'});
  const copy = h('button', {id: 'gen-copy', type: 'button', class: 'secondary', disabled: true, text: 'Copy'});
  const copyStatus = h('span', {id: 'gen-status', class: 'muted', role: 'status'});
  const used = h('div', {id: 'gen-sources', class: 'citations', 'aria-label': 'Passages it was written from'});

  const form = h('form', {class: 'card', id: 'gen-form', onsubmit: (event) => {
    event.preventDefault();
    generate().catch(showError);
  }},
  field('Content type', typeSelect), typeInfo,
  field('Topic', topic, 'What to write about; passages about it are looked up in your sources.'),
  field('From', folder),
  field('Template', templateSelect),
  h('div', {class: 'actions'}, submit));

  // ---- template editor ----------------------------------------------------------------------
  const name = h('input', {id: 'template-name', type: 'text', maxlength: '200'});
  const editor = h('textarea', {id: 'template-editor', rows: '14', spellcheck: 'false', class: 'code', 'aria-describedby': 'template-variables'});
  const variables = h('div', {id: 'template-variables', class: 'hint'});
  const save = h('button', {id: 'template-save', type: 'button', text: 'Save template'});
  const remove = confirmClick(h('button', {id: 'template-delete', type: 'button', class: 'secondary', hidden: true, text: 'Delete template'}), async () => {
    const chosen = currentTemplate();
    await api('/templates/' + encodeURIComponent(chosen.id), {method: 'DELETE', signal});
    toast(`Template “${chosen.name}” deleted.`, 'notice');
    await loadTemplates(null);
  });
  const refresh = h('button', {id: 'template-preview-refresh', type: 'button', class: 'secondary', text: 'Refresh preview'});
  const preview = h('pre', {id: 'template-preview', class: 'result preview', 'aria-live': 'polite', 'aria-labelledby': 'template-preview-heading'});
  const previewStatus = h('p', {id: 'template-preview-status', class: 'muted', role: 'status'});

  root.append(heading('Generate'),
    h('div', {class: 'two-columns'},
      h('div', null, form,
        h('section', {class: 'card', 'aria-labelledby': 'gen-result-heading'},
          h('div', {class: 'section-head'}, h('h2', {id: 'gen-result-heading', text: 'Result'}), h('div', {class: 'actions'}, copy, copyStatus)),
          result, used)),
      h('section', {class: 'card', 'aria-labelledby': 'template-heading'},
        h('h2', {id: 'template-heading', text: 'Your template'}),
        h('p', {class: 'muted', text: 'Templates are Pebble ({{ variable }}, {% for x in list %} … {% endfor %}). Saving makes it yours; defaults stay.'}),
        field('Name', name),
        h('div', {class: 'field'}, h('label', {for: 'template-editor', text: 'Template'}), editor),
        variables,
        h('div', {class: 'actions'}, save, remove, refresh),
        h('h3', {id: 'template-preview-heading', text: 'Live preview'}), previewStatus, preview)));

  const currentType = () => types.find((t) => t.type === typeSelect.value);
  const currentTemplate = () => templates.find((t) => t.id === templateSelect.value);

  function showTemplate() {
    const chosen = currentTemplate();
    editor.value = chosen ? chosen.content : '';
    name.value = chosen && chosen.owned ? chosen.name : `My ${typeSelect.value}`;
    remove.hidden = !(chosen && chosen.owned);
    clear(preview);
    preview.classList.remove('error');
    previewStatus.textContent = 'Edit the template to preview it with the topic above.';
  }

  async function loadTemplates(selectId) {
    templates = await all('/templates', {query: {type: typeSelect.value}, signal});
    fillSelect(templateSelect, templates.map((t) => ({value: t.id, label: t.isDefault ? `${t.name} (default)` : t.name})),
      selectId || templates[0]?.id);
    showTemplate();
  }

  function showType() {
    const type = currentType();
    typeInfo.textContent = type ? type.description : '';
    clear(variables);
    if (type && type.variables.length) {
      variables.append('Variables: ');
      type.variables.forEach((v, i) => variables.append(i ? ', ' : '', h('code', {text: v.name}), v.description ? ` (${v.description})` : ''));
    }
  }

  typeSelect.addEventListener('change', () => {
    showType();
    loadTemplates(null).catch(showError);
  });
  templateSelect.addEventListener('change', showTemplate);

  async function generate() {
    const text = topic.value.trim();
    if (!text) {
      result.textContent = 'Type a topic first.';
      topic.focus();
      return;
    }
    submit.disabled = true;
    result.setAttribute('aria-busy', 'true');
    copyStatus.textContent = '';
    try {
      const body = {type: typeSelect.value, topic: text};
      if (templateSelect.value) body.templateId = templateSelect.value;
      if (folder.value) body.collectionId = folder.value;
      const reply = await api('/generate', {method: 'POST', body, signal});
      result.textContent = reply.content;
      copy.disabled = false;
      clear(used).append(...(reply.sources || []).map((hit, i) => chip(hit, hit.marker || i + 1)));
    } catch (error) {
      result.textContent = error.message;
      throw error;
    } finally {
      submit.disabled = false;
      result.removeAttribute('aria-busy');
    }
  }

  copy.addEventListener('click', async () => {
    const text = result.textContent;
    try {
      await navigator.clipboard.writeText(text);
      copyStatus.textContent = 'Copied.';
    } catch {
      // the clipboard API can be refused (no permission, no focus): copy through a selection
      const area = h('textarea', {class: 'offscreen', readonly: true, 'aria-hidden': 'true'});
      area.value = text;
      document.body.append(area);
      area.select();
      const copied = document.execCommand('copy');
      area.remove();
      copy.focus();
      copyStatus.textContent = copied ? 'Copied.' : 'The browser refused to copy: select the text and copy it.';
    }
  });

  save.addEventListener('click', async () => {
    const chosen = currentTemplate();
    save.disabled = true;
    try {
      const body = {name: name.value.trim() || `My ${typeSelect.value}`, content: editor.value};
      const saved = chosen && chosen.owned
        ? await api('/templates/' + encodeURIComponent(chosen.id), {method: 'PUT', body, signal})
        : await api('/templates', {method: 'POST', body: {...body, type: typeSelect.value}, signal});
      toast(`Template “${saved.name}” saved.`, 'notice');
      await loadTemplates(saved.id);
    } catch (error) {
      showError(error);
    } finally {
      save.disabled = false;
    }
  });

  // ---- live preview -------------------------------------------------------------------------
  let previewing = false;
  let again = false;
  const schedule = debounce(() => renderPreview().catch(showError), 900);
  ctx.onLeave(() => schedule.cancel());
  editor.addEventListener('input', schedule);
  topic.addEventListener('change', () => { if (editor.value !== currentTemplate()?.content) schedule(); });
  refresh.addEventListener('click', () => renderPreview().catch(showError));

  async function renderPreview() {
    if (previewing) {
      again = true;
      return;
    }
    const text = topic.value.trim();
    if (!text) {
      preview.textContent = '';
      previewStatus.textContent = 'Type a topic above to preview the template written from your sources.';
      return;
    }
    previewing = true;
    previewStatus.textContent = 'Rendering the preview…';
    preview.setAttribute('aria-busy', 'true');
    let temporary = null;
    try {
      const chosen = currentTemplate();
      let templateId = chosen?.id;
      if (!chosen || editor.value !== chosen.content) {
        // not bound to the page's signal: once created it must be deleted, whatever happens
        temporary = await api('/templates', {method: 'POST',
          body: {type: typeSelect.value, name: `(preview ${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)})`, content: editor.value}});
        templateId = temporary.id;
      }
      const body = {type: typeSelect.value, topic: text, templateId};
      if (folder.value) body.collectionId = folder.value;
      const reply = await api('/generate', {method: 'POST', body, signal});
      preview.textContent = reply.content;
      preview.classList.remove('error');
      previewStatus.textContent = `Preview for “${text}”${temporary ? ' (not saved yet)' : ''}.`;
    } catch (error) {
      if (error.name === 'AbortError') return;
      // a template that does not compile, or costs too much, is shown here rather than as a toast
      preview.textContent = error.message;
      preview.classList.add('error');
      previewStatus.textContent = 'The template cannot be rendered:';
    } finally {
      preview.removeAttribute('aria-busy');
      if (temporary) api('/templates/' + encodeURIComponent(temporary.id), {method: 'DELETE'}).catch(() => {});
      previewing = false;
      if (again) {
        again = false;
        schedule();
      }
    }
  }

  // ---- first load ---------------------------------------------------------------------------
  const [typeList, collections] = await Promise.all([
    api('/content-types', {signal}),
    all('/collections', {signal}).catch((error) => { showError(error); return []; }),
  ]);
  types = typeList.items;
  fillSelect(typeSelect, types.map((t) => ({value: t.type, label: t.type})), ctx.route.params.type || types[0]?.type);
  folder.append(...collections.map((c) => h('option', {value: c.id, text: c.name})));
  showType();
  if (types.length) await loadTemplates(null);
  else typeInfo.textContent = 'No content types are installed (the content plugins provide them).';
}
