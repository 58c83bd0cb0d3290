// Review: the row's document page with the selected cell's source box, beside the row's fields. Edit, approve,
// reject; every change is a PATCH of the public API. Keys: j/↓ next row, k/↑ previous row, n next doubtful cell,
// e/Enter edit the selected cell, a approve, r reject, s save, Esc leave a field.
import { getJson, patchJson, send } from './api.js';
import { display, fill, h, percent, toast } from './dom.js';
import { flagsByField, isDoubtful, jobRows } from './rows.js';

const NUMERIC = new Set(['number', 'integer', 'currency_amount', 'percentage']);

export function render(root, jobId, rowId) {
  let stopped = false;
  const store = jobRows(jobId);
  const pageUrls = new Map(); // "doc/page" → object URL of the PNG, freed when the view closes
  let row = null;
  let selected = null; // field name
  let pages = null; // [{number, width, height, links}]
  let pageNumber = 1;
  const inputs = new Map(); // field → input
  const dirty = new Set();

  const pageTitle = h('span#page-label');
  const img = h('img#page-image', { alt: 'document page' });
  const box = h('div.source-box#source-box', { hidden: true });
  const pageNote = h('p.muted#page-note');
  const stage = h('div.page-stage', {}, img, box);
  const prevPage = h('button', { type: 'button', on: { click: () => showPage(pageNumber - 1) } }, '‹');
  const nextPage = h('button', { type: 'button', on: { click: () => showPage(pageNumber + 1) } }, '›');
  const side = h('div.review-fields#review-fields');
  const history = h('ol.history#review-history');

  root.append(
    h('p', {}, h('a', { href: `#/jobs/${jobId}/grid` }, '← Results'),
      h('span.muted.keys', {}, ' keys: j/↓ next row · k/↑ previous · n next doubtful cell · e/Enter edit it · a approve · r reject · s save · Esc leave field')),
    h('div.review', {},
      h('section.page-pane', {}, h('div.toolbar', {}, prevPage, pageTitle, nextPage), pageNote, stage),
      h('section.fields-pane', {}, side, h('h2', {}, 'History'), history)));

  async function load() {
    try {
      if (!store.fields.length) await store.head();
      if (!store.get(rowId)) await store.load();
      if (stopped) return;
      row = store.get(rowId);
      if (!row) { side.replaceChildren(h('p.error', {}, 'This row is not in the job.')); return; }
      const wanted = sessionStorage.getItem('quarry.reviewField');
      sessionStorage.removeItem('quarry.reviewField');
      drawFields();
      loadHistory();
      pages = await pagesOf(row.document_id);
      if (stopped) return;
      select(wanted && inputs.has(wanted) ? wanted : firstDoubtful(-1) ?? store.fields[0]?.name, false);
    } catch (err) {
      toast(err.message, 'error');
    }
  }

  async function pagesOf(documentId) {
    try {
      return (await getJson(`/v1/documents/${documentId}/pages`)).data;
    } catch (err) {
      pageNote.textContent = err.message;
      return [];
    }
  }

  function drawFields() {
    inputs.clear();
    dirty.clear();
    const names = new Set(store.fields.map((f) => f.name));
    const flags = flagsByField(row, names);
    const reason = h('input#reject-reason', { placeholder: 'reason (optional)', maxlength: '1000' });
    fill(side,
      h('h1', {}, row.filename),
      h('p', {}, h(`span.badge.s-${row.status}#review-status`, {}, row.status), ` confidence ${percent(row.confidence)}`,
        (flags.get('') ?? []).map((f) => h('span.flag', {}, f))),
      h('form.review-form#review-form', { on: { submit: (e) => { e.preventDefault(); save(); } } },
        store.fields.map((f) => fieldRow(f, flags.get(f.name) ?? []))),
      h('div.toolbar', {},
        h('button#review-save', { type: 'button', on: { click: save } }, 'Save corrections (s)'),
        h('button.primary#review-approve', { type: 'button', on: { click: () => act('approve') } }, 'Approve (a)'),
        h('button.danger#review-reject', { type: 'button', on: { click: () => act('reject', reason.value.trim()) } }, 'Reject (r)'),
        reason),
      h('p.error#review-error', { role: 'alert', hidden: true }));
  }

  function fieldRow(f, kinds) {
    const cell = row.cells?.[f.name];
    const value = cell?.value ?? row.values[f.name];
    const input = h('input.value', { id: `v-${f.name}`, name: f.name, value: display(value), autocomplete: 'off',
      on: {
        focus: () => select(f.name, false),
        input: () => { dirty.add(f.name); wrap.classList.add('dirty'); },
      } });
    inputs.set(f.name, input);
    const wrap = h('div.field', { dataset: { field: f.name, doubtful: String(isDoubtful(row, f, new Map([[f.name, kinds]]), store.job?.review_threshold)) } },
      h('label', { for: `v-${f.name}` }, f.name, f.required ? h('span.req', { title: 'required' }, ' *') : null, h('span.muted', {}, ` ${f.type}`)),
      input,
      h('span.conf', { title: cell?.phase ? `phase ${cell.phase}` : '' }, cell && cell.value !== null ? percent(cell.confidence) : '–'),
      kinds.length ? h('span.flag', {}, kinds.join(' ')) : null,
      h('span.field-error', { hidden: true }));
    return wrap;
  }

  /** Makes a field the selected cell: highlighted in the list, its source box drawn on its page. */
  function select(name, focus = true) {
    if (!name) return;
    selected = name;
    side.querySelectorAll('.field').forEach((el) => el.classList.toggle('selected', el.dataset.field === name));
    if (focus) inputs.get(name)?.focus();
    const source = row.cells?.[name]?.source;
    showPage(source?.page ?? pageNumber, source);
  }

  async function showPage(number, source = row?.cells?.[selected]?.source) {
    if (!pages?.length) {
      pageTitle.textContent = 'no page image';
      img.hidden = true;
      box.hidden = true;
      if (!pageNote.textContent) pageNote.textContent = 'This document has no page images.';
      return;
    }
    number = Math.min(Math.max(1, number), pages.length);
    pageNumber = number;
    const page = pages[number - 1];
    pageTitle.textContent = `page ${number} of ${pages.length}`;
    if (!page.links.image) {
      img.hidden = true;
      pageNote.textContent = 'Only PDFs and images have page images; the cell\'s text is shown beside its field.';
    } else {
      img.hidden = false;
      img.src = await pageUrl(row.document_id, number);
    }
    if (stopped) return;
    // Boxes are in page coordinates (PDF points or image pixels, origin top-left); the image is scaled to the pane,
    // so the box is placed in percentages of the page.
    const b = source && source.page === number ? source.bbox : null;
    box.hidden = !b;
    if (b) {
      box.style.left = `${(100 * b[0]) / page.width}%`;
      box.style.top = `${(100 * b[1]) / page.height}%`;
      box.style.width = `${(100 * (b[2] - b[0])) / page.width}%`;
      box.style.height = `${(100 * (b[3] - b[1])) / page.height}%`;
      box.title = source.text ?? '';
      box.dataset.field = selected;
    }
  }

  async function pageUrl(documentId, number) {
    const key = `${documentId}/${number}`;
    if (!pageUrls.has(key)) {
      // Fetched with the key (an <img src> cannot send it), shown from memory: the CSP allows blob: images.
      const res = await send(`/v1/documents/${documentId}/pages/${number}/image`);
      pageUrls.set(key, URL.createObjectURL(await res.blob()));
    }
    return pageUrls.get(key);
  }

  /** A corrected value as the field's typed JSON; what cannot be read is sent as typed, for the API to explain. */
  function parse(field, text) {
    const t = text.trim();
    if (t === '') return null;
    if (NUMERIC.has(field.type) && /^-?\d+(\.\d+)?$/.test(t)) return Number(t);
    if (field.type === 'boolean' && (t === 'true' || t === 'false')) return t === 'true';
    if (field.type === 'array' || t.startsWith('{')) {
      try { return JSON.parse(t); } catch { return t; }
    }
    return t;
  }

  function corrections() {
    if (!dirty.size) return null;
    const values = {};
    for (const name of dirty) values[name] = parse(store.fields.find((f) => f.name === name), inputs.get(name).value);
    return values;
  }

  async function patch(body, done) {
    const error = side.querySelector('#review-error');
    error.hidden = true;
    side.querySelectorAll('.field-error').forEach((e) => { e.hidden = true; });
    try {
      const updated = await patchJson(`/v1/jobs/${jobId}/results/${row.id}`, body);
      store.replace(updated);
      row = updated;
      const keep = selected;
      drawFields();
      select(keep, false);
      loadHistory();
      toast(done);
      return true;
    } catch (err) {
      let placed = false;
      for (const [path, messages] of Object.entries(err.errors ?? {})) {
        const name = path.startsWith('values.') ? path.slice(7) : null;
        const slot = name && side.querySelector(`.field[data-field="${CSS.escape(name)}"] .field-error`);
        if (slot) { slot.textContent = [].concat(messages).join(' '); slot.hidden = false; placed = true; }
      }
      if (!placed) { error.textContent = err.message; error.hidden = false; }
      return false;
    }
  }

  async function save() {
    const values = corrections();
    if (!values) { toast('Nothing to save: no field was changed.'); return; }
    await patch({ values }, 'Corrections saved');
  }

  async function act(action, reason) {
    const body = { action };
    const values = corrections();
    if (values) body.values = values;
    if (reason) body.reason = reason;
    if (await patch(body, action === 'approve' ? 'Row approved' : 'Row rejected') && action === 'approve') moveRow(1);
  }

  function moveRow(step) {
    const ids = store.sequence();
    const next = ids[ids.indexOf(row.id) + step];
    if (next) location.hash = `#/jobs/${jobId}/review/${next}`;
    else toast(step > 0 ? 'This is the last row.' : 'This is the first row.');
  }

  /** The next doubtful field after the one at `from` (wrapping), by the schema's order. */
  function firstDoubtful(from) {
    const fields = store.fields;
    const flags = flagsByField(row, new Set(fields.map((f) => f.name)));
    for (let k = 1; k <= fields.length; k++) {
      const f = fields[(from + k + fields.length) % fields.length];
      if (isDoubtful(row, f, flags, store.job?.review_threshold)) return f.name;
    }
    return null;
  }

  async function loadHistory() {
    try {
      const lines = (await getJson(`/v1/jobs/${jobId}/results/${rowId}/history`)).data;
      if (stopped) return;
      history.replaceChildren(...lines.map((l) => h('li', { dataset: { action: l.action } },
        h('span.muted', {}, l.created_at.slice(0, 19).replace('T', ' ')), ' ', l.action,
        l.field ? ` ${l.field}` : '', l.phase ? h('span.muted', {}, ` (${l.phase})`) : null,
        l.action === 'extracted' || l.action === 'corrected' ? `: ${display(l.prior_value) || '∅'} → ${display(l.new_value) || '∅'}` : '',
        l.reason ? ` — ${l.reason}` : '')));
    } catch (err) {
      toast(err.message, 'error');
    }
  }

  function onKey(e) {
    const typing = e.target instanceof HTMLInputElement || e.target instanceof HTMLTextAreaElement;
    if (e.key === 'Escape' && typing) { e.target.blur(); return; }
    if (typing || e.ctrlKey || e.metaKey || e.altKey || !row) return;
    const actions = {
      j: () => moveRow(1), ArrowDown: () => moveRow(1),
      k: () => moveRow(-1), ArrowUp: () => moveRow(-1),
      n: () => {
        const next = firstDoubtful(store.fields.findIndex((f) => f.name === selected));
        // Selected, not focused: the keys keep working until the person chooses to edit (e or Enter).
        if (next) select(next, false); else toast('No doubtful cell in this row.');
      },
      e: () => select(selected),
      Enter: () => select(selected),
      a: () => act('approve'),
      r: () => act('reject', side.querySelector('#reject-reason')?.value.trim()),
      s: () => save(),
    };
    if (actions[e.key]) { e.preventDefault(); actions[e.key](); }
  }

  document.addEventListener('keydown', onKey);
  load();
  return () => {
    stopped = true;
    document.removeEventListener('keydown', onKey);
    pageUrls.forEach((url) => URL.revokeObjectURL(url));
  };
}
