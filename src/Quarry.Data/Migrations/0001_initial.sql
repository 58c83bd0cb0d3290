-- Quarry's first schema. Placeholders in braces are column types, rendered per database by SqlDialect.

CREATE TABLE organizations (
    id          {uuid} PRIMARY KEY,
    name        {text} NOT NULL,
    created_at  {timestamp} NOT NULL
);
CREATE UNIQUE INDEX ux_organizations_name ON organizations (name);

CREATE TABLE api_keys (
    id              {uuid} PRIMARY KEY,
    organization_id {uuid} NOT NULL REFERENCES organizations (id),
    name            {text} NULL,
    prefix          {text} NOT NULL,
    key_hash        {text} NOT NULL,
    created_at      {timestamp} NOT NULL,
    last_used_at    {timestamp} NULL,
    revoked_at      {timestamp} NULL
);
CREATE UNIQUE INDEX ux_api_keys_hash ON api_keys (key_hash);
CREATE INDEX ix_api_keys_org ON api_keys (organization_id);

CREATE TABLE documents (
    id               {uuid} PRIMARY KEY,
    organization_id  {uuid} NOT NULL REFERENCES organizations (id),
    parent_id        {uuid} NULL,
    depth            {int} NOT NULL DEFAULT 0,
    child_index      {int} NULL,
    filename         {text} NOT NULL,
    mime_type        {text} NOT NULL,
    size_bytes       {bigint} NOT NULL,
    sha256           {text} NOT NULL,
    pages            {int} NULL,
    status           {text} NOT NULL,
    error_code       {text} NULL,
    error_message    {text} NULL,
    metadata         {json} NULL,
    content_sha256   {text} NULL,
    lease_owner      {text} NULL,
    lease_expires_at {timestamp} NULL,
    attempts         {int} NOT NULL DEFAULT 0,
    created_at       {timestamp} NOT NULL,
    updated_at       {timestamp} NOT NULL,
    deleted_at       {timestamp} NULL
);
CREATE INDEX ix_documents_org_created ON documents (organization_id, created_at, id);
CREATE INDEX ix_documents_status ON documents (status, created_at);
CREATE INDEX ix_documents_sha ON documents (sha256);
-- A container's members are numbered, so a retried parse adds each member once.
CREATE UNIQUE INDEX ux_documents_parent_child ON documents (parent_id, child_index);

CREATE TABLE schemas (
    id              {uuid} PRIMARY KEY,
    organization_id {uuid} NOT NULL REFERENCES organizations (id),
    version         {int} NOT NULL,
    created_at      {timestamp} NOT NULL,
    updated_at      {timestamp} NOT NULL,
    deleted_at      {timestamp} NULL
);
CREATE INDEX ix_schemas_org_created ON schemas (organization_id, created_at, id);

CREATE TABLE schema_versions (
    schema_id   {uuid} NOT NULL REFERENCES schemas (id),
    version     {int} NOT NULL,
    name        {text} NOT NULL,
    description {text} NULL,
    fields      {json} NOT NULL,
    created_at  {timestamp} NOT NULL,
    PRIMARY KEY (schema_id, version)
);

CREATE TABLE jobs (
    id               {uuid} PRIMARY KEY,
    organization_id  {uuid} NOT NULL REFERENCES organizations (id),
    schema_id        {uuid} NOT NULL REFERENCES schemas (id),
    schema_version   {int} NOT NULL,
    name             {text} NULL,
    status           {text} NOT NULL,
    document_count   {int} NOT NULL,
    field_count      {int} NOT NULL,
    review_threshold {real} NOT NULL,
    error_code       {text} NULL,
    error_message    {text} NULL,
    created_at       {timestamp} NOT NULL,
    started_at       {timestamp} NULL,
    completed_at     {timestamp} NULL,
    updated_at       {timestamp} NOT NULL
);
CREATE INDEX ix_jobs_org_created ON jobs (organization_id, created_at, id);
CREATE INDEX ix_jobs_status ON jobs (status);

-- One row per (job, document); it is also the unit of pipeline work. next_phase counts the phases done (4 = all).
CREATE TABLE job_rows (
    id               {uuid} PRIMARY KEY,
    job_id           {uuid} NOT NULL REFERENCES jobs (id),
    organization_id  {uuid} NOT NULL,
    document_id      {uuid} NOT NULL REFERENCES documents (id),
    ordinal          {int} NOT NULL,
    status           {text} NOT NULL,
    next_phase       {int} NOT NULL,
    confidence       {real} NULL,
    flags            {json} NOT NULL,
    phases           {json} NOT NULL,
    lease_owner      {text} NULL,
    lease_expires_at {timestamp} NULL,
    attempts         {int} NOT NULL DEFAULT 0,
    last_error       {text} NULL,
    updated_at       {timestamp} NOT NULL
);
CREATE UNIQUE INDEX ux_job_rows_job_document ON job_rows (job_id, document_id);
CREATE INDEX ix_job_rows_job_ordinal ON job_rows (job_id, ordinal);
CREATE INDEX ix_job_rows_work ON job_rows (next_phase, lease_expires_at);
CREATE INDEX ix_job_rows_document ON job_rows (document_id);

CREATE TABLE job_cells (
    row_id     {uuid} NOT NULL REFERENCES job_rows (id),
    job_id     {uuid} NOT NULL,
    field      {text} NOT NULL,
    value      {json} NULL,
    raw        {text} NULL,
    confidence {real} NOT NULL,
    phase      {text} NOT NULL,
    source     {json} NULL,
    issue      {text} NULL,
    updated_at {timestamp} NOT NULL,
    PRIMARY KEY (row_id, field)
);
CREATE INDEX ix_job_cells_job ON job_cells (job_id);
