// The results grid: a column per schema field, cells shaded by confidence, flags on the cell they concern, filters,
// sort, and virtual scrolling (only the rows in view exist in the page), so 10,000 rows stay fast. Export CSV/XLSX.
import { download } from './api.js';
import { display, h, percent, toast } from './dom.js';
import { confidenceClass, flagsByField, jobRows } from './rows.js';

const ROW_HEIGHT = 28; // px; must match .g-row in app.css
const OVERSCAN = 8;
const STATUSES = ['processing', 'approved', 'review', 'rejected', 'failed'];
const FLAG_KINDS = ['missing_required_field', 'format_mismatch', 'type_mismatch', 'enum_mismatch', 'out_of_range',
  'low_confidence', 'ambiguous_value', 'rule_failed', 'document_error'];

/** Timings of the last grid shown, read by the browser test (performance.now() milliseconds since the view opened). */
window.quarryGridTimings = null;

export function render(root, jobId) {
  const started = performance.now();
  const timings = { firstPaintMs: null, allRowsMs: null, rows: 0 };
  window.quarryGridTimings = timings;
  let stopped = false;
  let refresh = null; // the next read of a running job's rows
  const store = jobRows(jobId);
  const filter = { status: '', flag: '', below: null };
  const sort = { key: null, dir: 1 };
  let view = []; // the rows shown, filtered and sorted
  let fields = [];
  let fieldNames = new Set();
  let columns = [];

  const title = h('h1', {}, 'Results');
  const count = h('span.muted#grid-count');
  const loading = h('span.muted#grid-loading', {}, 'loading…');
  const status = h('select#grid-status', { on: { change: () => { filter.status = status.value; refilter(); } } },
    h('option', { value: '' }, 'any status'), STATUSES.map((s) => h('option', { value: s }, s)));
  const flag = h('select#grid-flag', { on: { change: () => { filter.flag = flag.value; refilter(); } } },
    h('option', { value: '' }, 'any flag'), h('option', { value: '*' }, 'flagged'), FLAG_KINDS.map((k) => h('option', { value: k }, k)));
  const below = h('input#grid-below', { type: 'number', min: '0', max: '1', step: '0.05', placeholder: '0.8', on: { input: () => {
    const x = Number.parseFloat(below.value);
    filter.below = Number.isFinite(x) ? x : null;
    refilter();
  } } });
  const exportAs = (format) => download(`/v1/jobs/${jobId}/results?format=${format}${filter.status ? `&status=${filter.status}` : ''}`,
    `job-${jobId}-results.${format}`).catch((err) => toast(err.message, 'error'));

  const header = h('div.g-row.g-head#grid-head');
  const layer = h('div.g-layer');
  const spacer = h('div.g-spacer', {}, layer);
  const viewport = h('div.g-viewport#grid', { tabindex: '0' }, spacer);
  const frame = h('div.g-frame', {}, header, viewport);

  root.append(
    h('p', {}, h('a', { href: `#/jobs/${jobId}` }, '← Job')),
    title,
    h('div.toolbar', {}, status, flag, h('label', { for: 'grid-below' }, 'row confidence below'), below, count, loading,
      h('span.spacer'),
      h('button#grid-reload', { type: 'button', title: 'Read the rows again (a running job fills them in)', on: { click: reload } }, 'Reload rows'),
      h('button#export-csv', { type: 'button', on: { click: () => exportAs('csv') } }, 'Export CSV'),
      h('button#export-xlsx', { type: 'button', on: { click: () => exportAs('xlsx') } }, 'Export XLSX')),
    h('p.legend', {}, 'Confidence: ', ['c-high', 'c-ok', 'c-mid', 'c-low', 'c-empty', 'c-human'].map((c) =>
      h(`span.swatch.${c}`, {}, { 'c-high': '≥ 95%', 'c-ok': '80–95%', 'c-mid': '50–80%', 'c-low': '< 50%', 'c-empty': 'empty', 'c-human': 'set by a person' }[c])),
    ' · ', h('span.flag-mark', {}, '!'), ' flagged'),
    frame);

  viewport.addEventListener('scroll', () => requestAnimationFrame(draw));
  window.addEventListener('resize', draw);
  viewport.addEventListener('click', (e) => {
    const row = e.target.closest('.g-row');
    if (row?.dataset.rowId) openReview(row.dataset.rowId, e.target.closest('.g-cell')?.dataset.field);
  });
  viewport.addEventListener('keydown', (e) => {
    if (e.key === 'End') { viewport.scrollTop = viewport.scrollHeight; e.preventDefault(); }
    if (e.key === 'Home') { viewport.scrollTop = 0; e.preventDefault(); }
  });

  function openReview(rowId, field) {
    store.order = view.map((r) => r.id);
    // The clicked field becomes the review's selected cell; the hash names only the row, so links stay short.
    if (field) sessionStorage.setItem('quarry.reviewField', field);
    location.hash = `#/jobs/${jobId}/review/${rowId}`;
  }

  function setColumns() {
    // # | file | status | confidence | row flags | one column per field
    columns = [
      { key: '#', label: '#', width: 56 },
      { key: 'filename', label: 'File', width: 200 },
      { key: 'status', label: 'Status', width: 90 },
      { key: 'confidence', label: 'Conf.', width: 64 },
      { key: 'flags', label: 'Row flags', width: 130 },
      ...fields.map((f) => ({ key: `f:${f.name}`, label: f.name, width: 150, field: f })),
    ];
    frame.style.setProperty('--cols', columns.map((c) => `${c.width}px`).join(' '));
    frame.style.setProperty('--width', `${columns.reduce((s, c) => s + c.width, 0)}px`);
    header.replaceChildren(...columns.map((c) => h('div.g-cell', { title: c.field ? `${c.field.type}${c.field.required ? ', required' : ''}` : '',
      dataset: { key: c.key }, on: { click: () => sortBy(c.key) } },
      c.label, sort.key === c.key ? (sort.dir > 0 ? ' ▲' : ' ▼') : '')));
  }

  function sortValue(row, key) {
    if (key === '#') return store.byId.get(row.id);
    if (key === 'filename' || key === 'status') return row[key];
    if (key === 'confidence') return row.confidence ?? -1;
    if (key === 'flags') return row.validation_flags.length;
    const v = row.values[key.slice(2)];
    return v === null || v === undefined ? null : typeof v === 'object' ? JSON.stringify(v) : v;
  }

  function sortBy(key) {
    sort.dir = sort.key === key ? -sort.dir : 1;
    sort.key = key;
    setColumns();
    refilter();
  }

  function matches(row) {
    if (filter.status && row.status !== filter.status) return false;
    if (filter.flag === '*' && !row.validation_flags.length) return false;
    if (filter.flag && filter.flag !== '*' && !row.validation_flags.some((f) => f.startsWith(`${filter.flag}:`))) return false;
    if (filter.below !== null && !(row.confidence === null || row.confidence < filter.below)) return false;
    return true;
  }

  function refilter() {
    view = store.rows.filter(matches);
    if (sort.key) {
      const key = sort.key;
      const dir = sort.dir;
      // Empty values last whichever way; numbers as numbers, text by locale-independent comparison.
      view.sort((a, b) => {
        const x = sortValue(a, key);
        const y = sortValue(b, key);
        if (x === null) return y === null ? 0 : 1;
        if (y === null) return -1;
        return (typeof x === 'number' && typeof y === 'number' ? x - y : String(x) < String(y) ? -1 : String(x) > String(y) ? 1 : 0) * dir;
      });
    }
    spacer.style.height = `${view.length * ROW_HEIGHT}px`;
    layer.replaceChildren();
    shown.clear();
    count.textContent = `${view.length} of ${store.rows.length} rows`;
    draw();
  }

  // Rows in the page by their index in `view`. A scroll keeps the rows still in view and makes only the new ones.
  const shown = new Map();

  function draw() {
    if (stopped) return;
    const first = Math.max(0, Math.floor(viewport.scrollTop / ROW_HEIGHT) - OVERSCAN);
    const last = Math.min(view.length, Math.ceil((viewport.scrollTop + viewport.clientHeight) / ROW_HEIGHT) + OVERSCAN);
    for (const [i, el] of shown) {
      if (i < first || i >= last || el.row !== view[i]) { el.remove(); shown.delete(i); }
    }
    const added = document.createDocumentFragment();
    for (let i = first; i < last; i++) {
      if (shown.has(i)) continue;
      const el = rowElement(view[i], i);
      el.row = view[i]; // a row a review replaced is another object: its element is made again
      el.style.transform = `translateY(${i * ROW_HEIGHT}px)`;
      shown.set(i, el);
      added.append(el);
    }
    layer.append(added);
  }

  function rowElement(row, index) {
    const flags = flagsByField(row, fieldNames);
    const cells = [
      h('div.g-cell.num', {}, String(store.byId.get(row.id) + 1)),
      h('div.g-cell', { title: row.filename }, row.filename),
      h('div.g-cell', {}, h(`span.badge.s-${row.status}`, {}, row.status)),
      h('div.g-cell.num', {}, percent(row.confidence)),
      h('div.g-cell.flags', { title: (flags.get('') ?? []).join('\n') }, (flags.get('') ?? []).join(' ')),
    ];
    for (const f of fields) {
      const cell = row.cells?.[f.name];
      const kinds = flags.get(f.name) ?? [];
      const tip = [cell && cell.value !== null ? `confidence ${percent(cell.confidence)}${cell.phase === 'human' ? ' (set by a person)' : ''}` : 'empty',
        ...kinds].join('\n');
      cells.push(h(`div.g-cell.${confidenceClass(cell)}`, { title: tip, class: kinds.length ? 'flagged' : '', dataset: { field: f.name, flags: kinds.join(' ') } },
        kinds.length ? h('span.flag-mark', {}, '!') : null, display(cell?.value ?? row.values[f.name])));
    }
    return h('div.g-row', { dataset: { rowId: row.id, index: String(index), status: row.status } }, cells);
  }

  function reload() {
    clearTimeout(refresh);
    store.reset();
    loading.textContent = 'loading…';
    load();
  }

  async function load() {
    try {
      await store.head();
      if (stopped) return;
      title.textContent = `Results · ${store.job.name ?? store.job.id.slice(0, 8)} · ${store.job.schema.name} v${store.job.schema.version} · ${store.job.status}`;
      fields = store.fields;
      fieldNames = new Set(fields.map((f) => f.name));
      setColumns();
      if (store.job.status === 'queued' || store.job.status === 'processing') store.reset(); // rows are still filling in
      await store.load(() => {
        if (stopped) return;
        refilter();
        if (timings.firstPaintMs === null && store.rows.length) {
          // After the browser has laid out and painted the first rows.
          requestAnimationFrame(() => { timings.firstPaintMs = performance.now() - started; });
        }
      });
      if (stopped) return;
      loading.textContent = '';
      // A running job fills its rows in: read them again after each full read until it ends (one read at a time).
      if (store.job.status === 'queued' || store.job.status === 'processing') {
        loading.textContent = 'updating while the job runs';
        refresh = setTimeout(reload, 2000);
      }
      requestAnimationFrame(() => {
        timings.allRowsMs = performance.now() - started;
        timings.rows = store.rows.length;
      });
    } catch (err) {
      loading.textContent = '';
      toast(err.message, 'error');
    }
  }

  load();

  return () => { stopped = true; clearTimeout(refresh); window.removeEventListener('resize', draw); };
}
