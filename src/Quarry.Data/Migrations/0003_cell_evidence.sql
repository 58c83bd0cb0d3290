-- How phase 1 found each value (kind and raw evidence score), from which phase 4 recomputes its calibrated confidence.
ALTER TABLE job_cells ADD COLUMN evidence {json} NULL;
