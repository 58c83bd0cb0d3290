-- Review: a row version for optimistic concurrency (every write of a row, by a phase or a person, adds one), the
-- reason a person gave when rejecting, what kind of evidence filled each cell (to count registry-filled cells without
-- reading JSON), and the append-only history of every value a cell had.
ALTER TABLE job_rows ADD COLUMN version {int} NOT NULL DEFAULT 0;
ALTER TABLE job_rows ADD COLUMN review_reason {text} NULL;
ALTER TABLE job_cells ADD COLUMN evidence_kind {text} NULL;

-- One line per change: a cell's value set by a phase or a person (field not null), or a person's approve/reject
-- (field null). Never updated or deleted. row_version orders the lines of a row; position orders the lines of one write.
CREATE TABLE cell_history (
    id              {uuid} PRIMARY KEY,
    organization_id {uuid} NOT NULL,
    job_id          {uuid} NOT NULL,
    row_id          {uuid} NOT NULL REFERENCES job_rows (id),
    row_version     {int} NOT NULL,
    position        {int} NOT NULL,
    field           {text} NULL,
    action          {text} NOT NULL,
    phase           {text} NOT NULL,
    prior_value     {json} NULL,
    new_value       {json} NULL,
    reason          {text} NULL,
    api_key_id      {uuid} NULL,
    created_at      {timestamp} NOT NULL
);
CREATE UNIQUE INDEX ux_cell_history_row ON cell_history (row_id, row_version, position);
