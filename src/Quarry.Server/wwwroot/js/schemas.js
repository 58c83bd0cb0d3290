// Schemas: the field editor (name, type, required, description, aliases, pattern, enum), JSON Schema import and
// export, and the version list. Saving an existing schema makes a new version (PUT), as the API does.
import { ApiError, getJson, postJson, putJson, saveBlob } from './api.js';
import { fill, formatTime, h, toast } from './dom.js';

export const FIELD_TYPES = ['string', 'number', 'integer', 'boolean', 'date', 'datetime', 'duration', 'currency_amount',
  'currency_code', 'email', 'phone', 'url', 'iban', 'percentage', 'enum', 'array'];

export function render(root) {
  let current = null; // the schema shown (a version of it), or null for a new one
  const list = h('ul.schema-list#schema-list');
  const editor = h('div.editor#schema-editor');
  const importInput = h('input', { type: 'file', accept: '.json,application/json', hidden: true, on: { change: () => importFile(importInput) } });

  root.append(
    h('h1', {}, 'Schemas'),
    h('div.split', {},
      h('aside', {},
        h('div.toolbar', {},
          h('button#schema-new', { type: 'button', on: { click: () => edit(null) } }, 'New schema'),
          h('button#schema-import', { type: 'button', on: { click: () => importInput.click() } }, 'Import JSON Schema'),
          importInput),
        list),
      editor));

  async function loadList(selectId) {
    try {
      const page = await getJson('/v1/schemas?limit=200');
      list.replaceChildren(...page.data.map((s) => h('li', {},
        h('a', { href: '#/schemas', class: s.id === current?.id ? 'active' : '', on: { click: (e) => { e.preventDefault(); open(s.id); } } },
          s.name, h('span.muted', {}, ` v${s.version}`)))));
      if (selectId) open(selectId);
      else if (!current) edit(page.data[0] ?? null);
    } catch (err) {
      toast(err.message, 'error');
    }
  }

  async function open(id, version) {
    try {
      edit(await getJson(`/v1/schemas/${id}${version ? `?version=${version}` : ''}`));
    } catch (err) {
      toast(err.message, 'error');
    }
  }

  function edit(schema) {
    current = schema;
    const fields = (schema?.fields ?? [{ name: '', type: 'string', required: false }]).map((f) => ({ ...f }));
    const name = h('input#schema-name', { value: schema?.name ?? '', placeholder: 'Invoice', required: true });
    const description = h('input#schema-description', { value: schema?.description ?? '', placeholder: 'What the documents are' });
    const rows = h('tbody');
    const errors = h('p.error#schema-errors', { role: 'alert', hidden: true });

    const draw = () => rows.replaceChildren(...fields.map((f, i) => fieldRow(f, i)));
    function fieldRow(f, i) {
      const set = (key, value) => { if (value === '' || value === null) delete f[key]; else f[key] = value; };
      const list = (s) => s.split(',').map((x) => x.trim()).filter(Boolean);
      const type = h('select.f-type', { on: { change: () => { f.type = type.value; draw(); } } },
        FIELD_TYPES.map((t) => h('option', { value: t, selected: t === f.type }, t)));
      return h('tr', { dataset: { index: i } },
        h('td', {}, h('input.f-name', { value: f.name ?? '', placeholder: 'field_name', on: { input: (e) => { f.name = e.target.value.trim(); } } })),
        h('td', {}, type),
        h('td.center', {}, h('input.f-required', { type: 'checkbox', checked: !!f.required, on: { change: (e) => { f.required = e.target.checked; } } })),
        h('td', {}, h('input.f-description', { value: f.description ?? '', on: { input: (e) => set('description', e.target.value) } })),
        h('td', {}, h('input.f-aliases', { value: (f.aliases ?? []).join(', '), placeholder: 'comma-separated', on: { input: (e) => set('aliases', list(e.target.value).length ? list(e.target.value) : null) } })),
        h('td', {}, h('input.f-pattern', { value: f.pattern ?? '', placeholder: 'regular expression', on: { input: (e) => set('pattern', e.target.value) } })),
        h('td', {}, h('input.f-enum', { value: (f.enum ?? []).join(', '), disabled: f.type !== 'enum', placeholder: f.type === 'enum' ? 'comma-separated' : '',
          on: { input: (e) => set('enum', list(e.target.value).length ? list(e.target.value) : null) } })),
        h('td', {}, h('button.link.danger', { type: 'button', title: 'Remove field', on: { click: () => { fields.splice(i, 1); draw(); } } }, '✕')));
    }

    async function save() {
      errors.hidden = true;
      const body = { name: name.value.trim(), fields: fields.filter((f) => f.name) };
      if (description.value.trim()) body.description = description.value.trim();
      try {
        const saved = schema ? await putJson(`/v1/schemas/${schema.id}`, body) : await postJson('/v1/schemas', body);
        toast(`Saved ${saved.name} version ${saved.version}`);
        current = saved;
        loadList(saved.id);
      } catch (err) {
        showErrors(errors, err);
      }
    }

    const versions = schema ? versionList(schema) : null;
    fill(editor,
      h('div.form-row', {}, h('label', { for: 'schema-name' }, 'Name'), name),
      h('div.form-row', {}, h('label', { for: 'schema-description' }, 'Description'), description),
      h('table.fields#schema-fields', {}, h('thead', {}, h('tr', {}, ['Name', 'Type', 'Required', 'Description', 'Aliases', 'Pattern', 'Enum values', '']
        .map((t) => h('th', {}, t)))), rows),
      h('div.toolbar', {},
        h('button#field-add', { type: 'button', on: { click: () => { fields.push({ name: '', type: 'string', required: false }); draw(); } } }, 'Add field'),
        h('button.primary#schema-save', { type: 'button', on: { click: save } }, schema ? `Save as version ${latest(schema) + 1}` : 'Create schema'),
        schema ? h('button#schema-export', { type: 'button', on: { click: () => exportSchema(schema) } }, 'Export JSON Schema') : null),
      errors,
      versions);
    draw();
  }

  // The API returns the latest version number on every version; an older one shown still names it in `links`.
  const latest = (schema) => schema.latest_version ?? schema.version;

  function versionList(schema) {
    const box = h('div.versions#schema-versions', {}, h('h2', {}, 'Versions'));
    const ul = h('ul');
    box.append(ul);
    getJson(`/v1/schemas/${schema.id}`).then((newest) => {
      schema.latest_version = newest.version;
      for (let v = newest.version; v >= 1; v--) {
        ul.append(h('li', {}, h('a', { href: '#/schemas', class: v === schema.version ? 'active' : '',
          on: { click: (e) => { e.preventDefault(); open(schema.id, v === newest.version ? undefined : v); } } },
          `version ${v}`), v === newest.version ? h('span.muted', {}, ` latest, ${formatTime(newest.updated_at)}`) : null));
      }
    }).catch((err) => toast(err.message, 'error'));
    return box;
  }

  function exportSchema(schema) {
    const blob = new Blob([JSON.stringify(schema.json_schema, null, 2)], { type: 'application/schema+json' });
    saveBlob(blob, `${schema.name.replace(/[^\w.-]+/g, '_')}.schema.json`);
  }

  // A JSON Schema file (its title names it), or any body the API takes: a new version of the open schema when the names
  // match, else a new schema.
  async function importFile(input) {
    const file = input.files[0];
    input.value = '';
    if (!file) return;
    let body;
    try {
      body = JSON.parse(await file.text());
    } catch {
      toast(`${file.name} is not JSON.`, 'error');
      return;
    }
    if (body && typeof body === 'object' && body.properties && !body.json_schema) {
      body = { name: body.title ?? current?.name ?? file.name.replace(/\.(schema\.)?json$/i, ''), json_schema: body };
    }
    const sameName = current && (body?.name ?? body?.title) === current.name;
    try {
      const saved = sameName ? await putJson(`/v1/schemas/${current.id}`, body) : await postJson('/v1/schemas', body);
      toast(`Imported ${file.name} as ${saved.name} version ${saved.version}`);
      current = saved;
      loadList(saved.id);
    } catch (err) {
      toast(`Import failed: ${err.message}`, 'error');
    }
  }

  loadList();
}

/** The API's validation messages under the form, one per line ("fields[0].name: …"). */
export function showErrors(el, err) {
  const lines = err instanceof ApiError && Object.keys(err.errors).length
    ? Object.entries(err.errors).map(([k, v]) => `${k}: ${[].concat(v).join(' ')}`)
    : [err.message];
  el.replaceChildren(...lines.flatMap((l, i) => (i ? [h('br'), l] : [l])));
  el.hidden = false;
}
