-- Idempotency-Key on POST: one row per (organization, key), kept 24 hours. The row is taken 'pending' before the
-- request runs, so of two concurrent duplicates only one can take it (the primary key decides); it becomes
-- 'completed' with the response the request gave, which repeats of the request get back.
CREATE TABLE idempotency_keys (
    organization_id  {uuid} NOT NULL REFERENCES organizations (id),
    idempotency_key  {text} NOT NULL,
    status           {text} NOT NULL,
    -- The request holding a pending key, and until when; a holder that died loses the key when this passes.
    owner            {text} NOT NULL,
    locked_until     {timestamp} NOT NULL,
    request_hash     {text} NULL,
    response_status  {int} NULL,
    response_headers {json} NULL,
    response_body    {text} NULL,
    created_at       {timestamp} NOT NULL,
    expires_at       {timestamp} NOT NULL,
    PRIMARY KEY (organization_id, idempotency_key)
);
CREATE INDEX ix_idempotency_keys_expires ON idempotency_keys (expires_at);
