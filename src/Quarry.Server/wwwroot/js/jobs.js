// Jobs: create one from a schema and a selection of documents; the list; one job's live progress per phase,
// grid_stats, and cancel.
import { getJson, postJson } from './api.js';
import { fill, formatTime, h, percent, toast } from './dom.js';
import { selection } from './selection.js';
import { showErrors } from './schemas.js';

const RUNNING = new Set(['queued', 'processing']);
const PHASE_LABELS = {
  phase_1_resolve: '1 resolve', phase_2_agent: '2 agent', phase_3_resolve: '3 normalize', phase_4_transform: '4 validate',
};

export function renderList(root) {
  let stopped = false;
  let timer = null;
  const body = h('tbody');
  const form = h('div.new-job#new-job');
  root.append(h('h1', {}, 'Jobs'), form,
    h('table.list#jobs', {}, h('thead', {}, h('tr', {}, ['Job', 'Schema', 'Status', 'Progress', 'Rows', 'Filled', 'Created', '']
      .map((t) => h('th', {}, t)))), body));

  async function load() {
    try {
      const page = await getJson('/v1/jobs?limit=50');
      if (stopped) return;
      body.replaceChildren(...page.data.map((j) => h('tr', { dataset: { id: j.id, status: j.status } },
        h('td', {}, h('a', { href: `#/jobs/${j.id}` }, j.name ?? j.id.slice(0, 8))),
        h('td', {}, `${j.schema.name} v${j.schema.version}`),
        h('td', {}, h(`span.badge.s-${j.status}`, {}, j.status)),
        h('td', {}, progressBar(j.progress)),
        h('td.num', {}, `${j.completed_documents}/${j.document_count}`),
        h('td.num', {}, percent(j.grid_stats.fill_rate)),
        h('td', {}, formatTime(j.created_at)),
        h('td', {}, h('a', { href: `#/jobs/${j.id}/grid` }, 'Results')))));
      clearTimeout(timer);
      if (page.data.some((j) => RUNNING.has(j.status))) timer = setTimeout(load, 1000);
    } catch (err) {
      toast(err.message, 'error');
    }
  }

  newJobForm(form);
  load();
  return () => { stopped = true; clearTimeout(timer); };
}

/** Schema + documents (the Documents view's selection is ticked) → POST /v1/jobs, then the job's page. */
async function newJobForm(form) {
  const schema = h('select#job-schema');
  const name = h('input#job-name', { placeholder: 'optional name' });
  const docs = h('ul.doc-pick#job-documents');
  const errors = h('p.error#job-errors', { role: 'alert', hidden: true });
  form.append(h('h2', {}, 'New job'),
    h('div.form-row', {}, h('label', { for: 'job-schema' }, 'Schema'), schema),
    h('div.form-row', {}, h('label', { for: 'job-name' }, 'Name'), name),
    h('p.muted', {}, 'Documents (parsed ones; archives are represented by their members):'), docs,
    h('div.toolbar', {},
      h('button#job-all', { type: 'button', on: { click: () => docs.querySelectorAll('input').forEach((i) => { i.checked = true; }) } }, 'Select all'),
      h('button.primary#job-create', { type: 'button', on: { click: create } }, 'Create job')),
    errors);
  try {
    const [schemas, documents] = await Promise.all([getJson('/v1/schemas?limit=200'), getJson('/v1/documents?status=completed&limit=200')]);
    schema.replaceChildren(...schemas.data.map((s) => h('option', { value: s.id }, `${s.name} (v${s.version})`)));
    const picked = new Set(selection.ids());
    // Oldest first: the job's rows then follow the order the documents were uploaded in.
    const parsed = documents.data.filter((d) => d.mime_type !== 'application/zip').reverse();
    docs.replaceChildren(...parsed.map((d) =>
      h('li', {}, h('label', {}, h('input', { type: 'checkbox', value: d.id, checked: picked.has(d.id) }), ' ', d.filename))));
    if (!documents.data.length) docs.append(h('li.muted', {}, 'No parsed documents yet: upload some first.'));
  } catch (err) {
    toast(err.message, 'error');
  }

  async function create() {
    errors.hidden = true;
    const ids = [...docs.querySelectorAll('input:checked')].map((i) => i.value);
    const body = { schema_id: schema.value, document_ids: ids };
    if (name.value.trim()) body.name = name.value.trim();
    try {
      const job = await postJson('/v1/jobs', body);
      selection.clear();
      location.hash = `#/jobs/${job.id}`;
    } catch (err) {
      showErrors(errors, err);
    }
  }
}

export function renderJob(root, id) {
  let stopped = false;
  let timer = null;
  const panel = h('div.job#job');
  root.append(h('p', {}, h('a', { href: '#/jobs' }, '← Jobs')), panel);

  async function load() {
    try {
      const job = await getJson(`/v1/jobs/${id}`);
      if (stopped) return;
      draw(job);
      clearTimeout(timer);
      if (RUNNING.has(job.status)) timer = setTimeout(load, 700);
    } catch (err) {
      toast(err.message, 'error');
    }
  }

  function draw(job) {
    const g = job.grid_stats;
    const phases = Object.entries(job.phases ?? {});
    fill(panel,
      h('h1', {}, job.name ?? `Job ${job.id.slice(0, 8)}`, ' ', h(`span.badge.s-${job.status}#job-status`, {}, job.status)),
      h('p', {}, `${job.schema.name} v${job.schema.version} · ${job.document_count} documents · created ${formatTime(job.created_at)}`,
        job.estimated_seconds_remaining ? ` · about ${job.estimated_seconds_remaining} s left` : ''),
      h('div.progress-row', {}, progressBar(job.progress), h('span#job-progress', {}, `${job.progress}%`),
        job.current_phase ? h('span.muted', {}, ` now: ${PHASE_LABELS[job.current_phase] ?? job.current_phase}`) : null),
      h('table.list.phases#job-phases', {},
        h('thead', {}, h('tr', {}, ['Phase', 'Completed', 'Running', 'Pending', 'Failed'].map((t) => h('th', {}, t)))),
        h('tbody', {}, phases.map(([name, c]) => h('tr', { dataset: { phase: name } },
          h('td', {}, PHASE_LABELS[name] ?? name), h('td.num', {}, c.completed), h('td.num', {}, c.running),
          h('td.num', {}, c.pending), h('td.num', {}, c.failed))))),
      h('dl.stats#grid-stats', {},
        h('dt', {}, 'Cells'), h('dd', {}, g.total_cells),
        h('dt', {}, 'Filled'), h('dd', {}, `${g.filled} (${percent(g.fill_rate)})`),
        h('dt', {}, 'Empty'), h('dd', {}, g.empty),
        h('dt', {}, 'From the registry'), h('dd', {}, g.registry_filled ?? 0),
        h('dt', {}, 'Rows done'), h('dd', {}, `${job.completed_documents} (${job.failed_documents} failed)`)),
      job.error ? h('p.error', {}, `${job.error.code}: ${job.error.message}`) : null,
      h('div.toolbar', {},
        h('a.button.primary#job-results', { href: `#/jobs/${job.id}/grid` }, 'Open results'),
        RUNNING.has(job.status) ? h('button.danger#job-cancel', { type: 'button', on: { click: cancel } }, 'Cancel job') : null));
  }

  async function cancel() {
    try {
      draw(await postJson(`/v1/jobs/${id}/cancel`, {}));
      toast('Job cancelled; rows already written stay readable.');
    } catch (err) {
      toast(err.message, 'error');
    }
  }

  load();
  return () => { stopped = true; clearTimeout(timer); };
}

function progressBar(value) {
  const bar = h('span.bar');
  bar.style.width = `${value}%`; // CSSOM, not an inline style attribute: allowed by the page's CSP
  return h('span.progress', { title: `${value}%` }, bar);
}
