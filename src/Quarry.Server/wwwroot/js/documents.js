// Documents: drag-and-drop upload of files, folders and ZIPs; the list with live status, filters and delete.
import { del, getJson, send } from './api.js';
import { formatBytes, formatTime, h, toast } from './dom.js';
import { selection } from './selection.js';

const PAGE = 50;
const STATUSES = ['pending', 'processing', 'completed', 'error'];

export function render(root) {
  let stopped = false;
  let timer = null;
  const filter = { status: '', q: '' };
  const state = { docs: [], cursor: null, hasMore: false, total: 0 };
  let reading = 0; // the latest list request: an older answer that arrives late is dropped
  let armed = null; // the document whose Delete was clicked once; redraws keep asking to confirm it

  const uploads = h('ul.uploads#uploads');
  const fileInput = h('input', { type: 'file', multiple: true, hidden: true, on: { change: () => upload(filesOf(fileInput.files)) } });
  const folderInput = h('input', { type: 'file', multiple: true, webkitdirectory: true, hidden: true, on: { change: () => upload(filesOf(folderInput.files)) } });
  const drop = h('div.dropzone#dropzone', {},
    h('p', {}, 'Drop files, folders or ZIP archives here'),
    h('p', {}, h('button', { type: 'button', on: { click: () => fileInput.click() } }, 'Choose files'), ' ',
      h('button', { type: 'button', on: { click: () => folderInput.click() } }, 'Choose a folder')),
    fileInput, folderInput);
  drop.addEventListener('dragover', (e) => { e.preventDefault(); drop.classList.add('over'); });
  drop.addEventListener('dragleave', () => drop.classList.remove('over'));
  drop.addEventListener('drop', async (e) => {
    e.preventDefault();
    drop.classList.remove('over');
    upload(await droppedFiles(e.dataTransfer));
  });

  const status = h('select#doc-status', { on: { change: () => { filter.status = status.value; reload(); } } },
    h('option', { value: '' }, 'any status'), STATUSES.map((s) => h('option', { value: s }, s)));
  let debounce = null;
  const q = h('input#doc-q', { type: 'search', placeholder: 'file name contains…', on: { input: () => {
    clearTimeout(debounce);
    debounce = setTimeout(() => { filter.q = q.value.trim(); reload(); }, 250);
  } } });
  const count = h('span.muted#doc-count');
  const runJob = h('button#doc-run-job', { type: 'button', disabled: true, on: { click: () => { location.hash = '#/jobs'; } } }, 'New job from selection');
  const body = h('tbody');
  const more = h('button#doc-more', { type: 'button', hidden: true, on: { click: () => load(false) } }, 'Load more');

  root.append(
    h('h1', {}, 'Documents'),
    drop, uploads,
    h('div.toolbar', {}, status, q, count, runJob),
    h('table.list#documents', {}, h('thead', {}, h('tr', {},
      h('th', {}, ''), h('th', {}, 'File'), h('th', {}, 'Type'), h('th.num', {}, 'Size'), h('th.num', {}, 'Pages'),
      h('th', {}, 'Status'), h('th', {}, 'Uploaded'), h('th', {}, ''))), body),
    more);

  function query() {
    const p = new URLSearchParams();
    if (filter.status) p.set('status', filter.status);
    if (filter.q) p.set('q', filter.q);
    return p.toString();
  }

  async function load(fresh) {
    const qs = query();
    let url = `/v1/documents?limit=${PAGE}${qs ? `&${qs}` : ''}`;
    if (!fresh && state.cursor) url += `&cursor=${encodeURIComponent(state.cursor)}`;
    const mine = ++reading;
    try {
      const page = await getJson(url);
      if (stopped || mine !== reading) return;
      state.docs = fresh ? page.data : state.docs.concat(page.data);
      state.cursor = page.pagination.next_cursor;
      state.hasMore = page.pagination.has_more;
      state.total = page.pagination.total;
      draw();
    } catch (err) {
      toast(err.message, 'error');
    }
    schedule();
  }

  const reload = () => load(true);

  // Live status: while anything is still being parsed, the shown documents are read again every second.
  function schedule() {
    clearTimeout(timer);
    if (stopped || !state.docs.some((d) => d.status === 'pending' || d.status === 'processing')) return;
    timer = setTimeout(refreshShown, 1000);
  }

  async function refreshShown() {
    const qs = query();
    const shown = Math.max(state.docs.length, PAGE);
    const mine = ++reading;
    try {
      // Lists cap a page at 200; a longer list refreshes its first 200, which is where new uploads are.
      const page = await getJson(`/v1/documents?limit=${Math.min(shown, 200)}${qs ? `&${qs}` : ''}`);
      if (stopped || mine !== reading) return;
      const fresh = new Map(page.data.map((d) => [d.id, d]));
      const known = new Set(state.docs.map((d) => d.id));
      state.docs = page.data.filter((d) => !known.has(d.id)).concat(state.docs.map((d) => fresh.get(d.id) ?? d));
      state.total = page.pagination.total;
      draw();
    } catch (err) {
      toast(err.message, 'error');
    }
    schedule();
  }

  function draw() {
    count.textContent = `${state.total} document${state.total === 1 ? '' : 's'}`;
    more.hidden = !state.hasMore;
    runJob.disabled = selection.size() === 0;
    runJob.textContent = selection.size() ? `New job from ${selection.size()} selected` : 'New job from selection';
    body.replaceChildren(...state.docs.map(row));
  }

  function row(d) {
    const pick = h('input', { type: 'checkbox', title: 'Select for a job', checked: selection.has(d.id),
      disabled: d.mime_type === 'application/zip', on: { change: () => { selection.toggle(d.id, pick.checked); draw(); } } });
    const remove = h('button.link.danger', { type: 'button', on: { click: async () => {
      if (armed !== d.id) { armed = d.id; draw(); return; }
      armed = null;
      try {
        await del(`/v1/documents/${d.id}`);
        selection.toggle(d.id, false);
        toast(`Deleted ${d.filename}`);
        reload();
      } catch (err) {
        toast(err.message, 'error');
        draw();
      }
    } } }, armed === d.id ? 'Confirm delete' : 'Delete');
    return h('tr', { dataset: { id: d.id, status: d.status } },
      h('td', {}, pick),
      h('td.file', {}, d.parent_id ? h('span.muted', {}, '↳ ') : null, d.filename),
      h('td', {}, d.mime_type),
      h('td.num', {}, formatBytes(d.size_bytes)),
      h('td.num', {}, d.pages ?? ''),
      h('td', {}, h(`span.badge.s-${d.status}`, { title: d.error ? `${d.error.code}: ${d.error.message}` : '' }, d.status),
        d.error ? h('span.muted', {}, ` ${d.error.code}`) : null),
      h('td', {}, formatTime(d.created_at)),
      h('td', {}, remove));
  }

  async function upload(files) {
    if (!files.length) return;
    const item = h('li', {}, `Uploading ${files.length} file${files.length === 1 ? '' : 's'}…`);
    uploads.prepend(item);
    const form = new FormData();
    for (const { file, name } of files) form.append('file', file, name);
    try {
      const res = await send('/v1/documents', { method: 'POST', body: form });
      const created = (await res.json()).data;
      item.textContent = `Uploaded ${created.map((d) => d.filename).join(', ')}`;
      item.className = 'ok';
      reload();
    } catch (err) {
      item.textContent = `Upload failed: ${err.message}`;
      item.className = 'error';
    }
  }

  reload();
  return () => { stopped = true; clearTimeout(timer); clearTimeout(debounce); };
}

/** Files from an input, named by their path inside a chosen folder when there is one. */
function filesOf(list) {
  return Array.from(list, (file) => ({ file, name: file.webkitRelativePath || file.name }));
}

/** Files dropped, walking into dropped folders; each named by its path from the dropped item. */
async function droppedFiles(transfer) {
  const entries = Array.from(transfer.items ?? [], (i) => i.webkitGetAsEntry?.()).filter(Boolean);
  if (!entries.length) return filesOf(transfer.files);
  const out = [];
  for (const entry of entries) await walk(entry, '', out);
  return out;
}

async function walk(entry, prefix, out) {
  if (entry.isFile) {
    const file = await new Promise((resolve, reject) => entry.file(resolve, reject));
    out.push({ file, name: prefix + entry.name });
    return;
  }
  const reader = entry.createReader();
  // readEntries hands out a directory in batches; an empty batch is the end.
  for (;;) {
    const batch = await new Promise((resolve, reject) => reader.readEntries(resolve, reject));
    if (!batch.length) return;
    for (const child of batch) await walk(child, `${prefix}${entry.name}/`, out);
  }
}
