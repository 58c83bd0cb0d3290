-- Scale-out (issue 8, roles). Numbered 0005, not 0004, so that it and the webhooks' migration of the same time
-- cannot take one number; the migrator applies whatever versions are missing, in order.

-- The run log: one entry per phase of a row that ran to completion and was kept, written in the same transaction as
-- the row and behind the same lease check. It shows which process did each phase, and that none was done twice.
CREATE TABLE job_row_phase_runs (
    row_id       {uuid} NOT NULL REFERENCES job_rows (id),
    job_id       {uuid} NOT NULL,
    phase        {text} NOT NULL,
    outcome      {text} NOT NULL,
    worker       {text} NOT NULL,
    attempt      {int} NOT NULL,
    completed_at {timestamp} NOT NULL
);
CREATE INDEX ix_job_row_phase_runs_job ON job_row_phase_runs (job_id);
CREATE INDEX ix_job_row_phase_runs_row ON job_row_phase_runs (row_id);

-- The database blob store (Quarry:Blobs:Store = database): a blob is a list of chunks, so neither a write nor a read
-- holds a whole file in memory. Chunks are written under a temporary key while the bytes stream in and hashed; once
-- the hash is known they are renamed to it (or dropped, when those bytes are stored already).
CREATE TABLE blobs (
    sha256     {text} PRIMARY KEY,
    size_bytes {bigint} NOT NULL,
    chunks     {int} NOT NULL,
    created_at {timestamp} NOT NULL
);
CREATE TABLE blob_chunks (
    blob_key   {text} NOT NULL,
    seq        {int} NOT NULL,
    data       {bytes} NOT NULL,
    created_at {timestamp} NOT NULL,
    PRIMARY KEY (blob_key, seq)
);
