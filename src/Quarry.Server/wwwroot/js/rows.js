// A job's rows with their cells, loaded page by page (limit/cursor) and shared by the grid and the review view, so
// moving between them does not fetch 10,000 rows again.
import { eachPage, getJson } from './api.js';

export const PAGE_SIZE = 200; // the API's largest page

let cached = null; // one job at a time: the one being looked at

export function jobRows(jobId) {
  if (cached?.jobId !== jobId) cached = new JobRows(jobId);
  return cached;
}

class JobRows {
  constructor(jobId) {
    this.jobId = jobId;
    this.rows = [];
    this.byId = new Map();
    this.job = null;
    this.fields = [];
    this.complete = false;
    this.order = null; // the grid's filtered and sorted row ids, which the review follows
    this.loading = null;
    this.generation = 0;
  }

  /** The job and its schema version's fields. */
  async head() {
    this.job = await getJson(`/v1/jobs/${this.jobId}`);
    const schema = await getJson(`/v1/schemas/${this.job.schema.id}?version=${this.job.schema.version}`);
    this.fields = schema.fields;
    return this;
  }

  /** Loads every row once; onPage(rows, total) is called as each page arrives. A second call waits for the first. */
  load(onPage = () => {}) {
    if (this.complete) { onPage(this.rows, this.rows.length); return Promise.resolve(this); }
    if (!this.loading) {
      this.listeners = [];
      const generation = this.generation;
      const stale = () => generation !== this.generation; // a reset started another reading
      this.loading = eachPage(`/v1/jobs/${this.jobId}/results?include=cells`, PAGE_SIZE, (page) => {
        for (const row of page.data) this.add(row);
        this.total = page.total_rows;
        this.listeners.forEach((l) => l(this.rows, this.total));
      }, stale).then(() => { if (!stale()) this.complete = true; return this; }, (err) => { if (!stale()) this.loading = null; throw err; });
    } else if (this.rows.length) {
      onPage(this.rows, this.total);
    }
    this.listeners.push(onPage);
    return this.loading;
  }

  /** Reads the rows again (a running job fills them in). */
  reset() {
    this.generation += 1;
    this.rows = [];
    this.byId.clear();
    this.complete = false;
    this.loading = null;
  }

  add(row) {
    const known = this.byId.get(row.id);
    if (known !== undefined) { this.rows[known] = row; return; }
    this.byId.set(row.id, this.rows.length);
    this.rows.push(row);
  }

  get(id) {
    const i = this.byId.get(id);
    return i === undefined ? null : this.rows[i];
  }

  /** The row as a review answered it. */
  replace(row) { this.add(row); }

  /** The ids in the order the review walks: the grid's view when there is one, else the job's order. */
  sequence() { return this.order ?? this.rows.map((r) => r.id); }
}

/** Flags are "kind:field" (or kind:rule / kind:code for row-level ones): field → kinds. */
export function flagsByField(row, fieldNames) {
  const out = new Map();
  for (const flag of row.validation_flags ?? []) {
    const at = flag.indexOf(':');
    const kind = at < 0 ? flag : flag.slice(0, at);
    const target = at < 0 ? '' : flag.slice(at + 1);
    const key = fieldNames.has(target) ? target : '';
    if (!out.has(key)) out.set(key, []);
    out.get(key).push(key ? kind : flag);
  }
  return out;
}

/** Shade bucket of a cell: what a reviewer should look at first is the reddest. */
export function confidenceClass(cell) {
  if (!cell || cell.value === null || cell.value === undefined) return 'c-empty';
  if (cell.phase === 'human') return 'c-human';
  const c = cell.confidence;
  if (c >= 0.95) return 'c-high';
  if (c >= 0.8) return 'c-ok';
  if (c >= 0.5) return 'c-mid';
  return 'c-low';
}

/** A cell worth a person's look: flagged, or filled with a confidence under the job's review threshold, or empty and required. */
export function isDoubtful(row, field, flags, threshold = 0.8) {
  if (flags.get(field.name)?.length) return true;
  const cell = row.cells?.[field.name];
  if (!cell || cell.value === null) return !!field.required;
  return cell.phase !== 'human' && cell.confidence < threshold;
}
