-- The layout fingerprint keys of each row's document (a JSON array of short hashes, LayoutFingerprint), written by phase 1:
-- propagating a correction finds the job's rows of the corrected document's layout from them, instead of reading and
-- fingerprinting every document of the job again. NULL for rows processed before this migration (read the old way).
ALTER TABLE job_rows ADD COLUMN layout_keys {json} NULL;
