-- Webhooks: subscriptions, and an outbox of deliveries that survives restarts and is shared by every process.

CREATE TABLE webhooks (
    id                   {uuid} PRIMARY KEY,
    organization_id      {uuid} NOT NULL REFERENCES organizations (id),
    url                  {text} NOT NULL,
    events               {json} NOT NULL,
    -- Kept as given, not hashed: every delivery is signed with it (HMAC), so the server needs the secret itself.
    secret               {text} NOT NULL,
    -- NULL while the subscription is enabled; receiver_gone, consecutive_failures or disabled_by_user otherwise.
    disabled_reason      {text} NULL,
    disabled_at          {timestamp} NULL,
    -- Deliveries that failed for good in a row; reset by a successful one.
    consecutive_failures {int} NOT NULL DEFAULT 0,
    created_at           {timestamp} NOT NULL,
    updated_at           {timestamp} NOT NULL,
    deleted_at           {timestamp} NULL
);
CREATE INDEX ix_webhooks_org_created ON webhooks (organization_id, created_at, id);

-- One row per (subscription, event): the unit of delivery work, claimed under a lease like job rows.
CREATE TABLE webhook_deliveries (
    id                   {uuid} PRIMARY KEY,
    webhook_id           {uuid} NOT NULL REFERENCES webhooks (id),
    organization_id      {uuid} NOT NULL,
    event                {text} NOT NULL,
    -- Names the occurrence (e.g. job.completed/<job id>): an event published twice is delivered once.
    event_key            {text} NOT NULL,
    -- The exact body that is signed and sent, every attempt: text, not json, which would reformat it.
    payload              {text} NOT NULL,
    status               {text} NOT NULL,
    -- All attempts ever made, and those since the delivery was (re)queued, which index the retry schedule.
    attempts             {int} NOT NULL DEFAULT 0,
    round_attempts       {int} NOT NULL DEFAULT 0,
    next_attempt_at      {timestamp} NULL,
    last_attempt_at      {timestamp} NULL,
    last_response_status {int} NULL,
    last_error           {text} NULL,
    lease_owner          {text} NULL,
    lease_expires_at     {timestamp} NULL,
    created_at           {timestamp} NOT NULL,
    updated_at           {timestamp} NOT NULL,
    completed_at         {timestamp} NULL
);
CREATE UNIQUE INDEX ux_webhook_deliveries_event ON webhook_deliveries (webhook_id, event_key);
CREATE INDEX ix_webhook_deliveries_due ON webhook_deliveries (status, next_attempt_at);
CREATE INDEX ix_webhook_deliveries_webhook_created ON webhook_deliveries (webhook_id, created_at, id);

-- The history shown at GET /v1/webhooks/{id}/deliveries: one row per finished attempt.
CREATE TABLE webhook_delivery_attempts (
    delivery_id     {uuid} NOT NULL REFERENCES webhook_deliveries (id),
    attempt         {int} NOT NULL,
    attempted_at    {timestamp} NOT NULL,
    response_status {int} NULL,
    error           {text} NULL,
    duration_ms     {int} NOT NULL,
    PRIMARY KEY (delivery_id, attempt)
);
