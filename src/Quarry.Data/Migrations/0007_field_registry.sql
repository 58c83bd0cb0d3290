-- The Field Registry: per organization and schema name, the layouts seen (fingerprint keys) and the rules learned per
-- field, with their counts (seen, right). registry_state.generation is bumped by every change, so processes that cache a
-- registry know when to read it again.
CREATE TABLE registry_layouts (
    organization_id {uuid} NOT NULL REFERENCES organizations (id),
    schema_name     {text} NOT NULL,
    layout          {text} NOT NULL,
    keys            {json} NOT NULL,
    examples        {int} NOT NULL,
    updated_at      {timestamp} NOT NULL,
    PRIMARY KEY (organization_id, schema_name, layout)
);

CREATE TABLE registry_rules (
    id              {uuid} PRIMARY KEY,
    organization_id {uuid} NOT NULL REFERENCES organizations (id),
    schema_name     {text} NOT NULL,
    layout          {text} NOT NULL,
    field           {text} NOT NULL,
    kind            {text} NOT NULL,
    rule_key        {text} NOT NULL,
    shape           {text} NULL,
    shape_key       {text} NOT NULL,
    words           {int} NOT NULL,
    value           {json} NULL,
    x               {real} NOT NULL,
    y               {real} NOT NULL,
    seen            {real} NOT NULL,
    right_count     {real} NOT NULL,
    updated_at      {timestamp} NOT NULL
);
CREATE UNIQUE INDEX ux_registry_rules_identity ON registry_rules (organization_id, schema_name, layout, field, kind, rule_key, shape_key);

CREATE TABLE registry_state (
    organization_id {uuid} NOT NULL REFERENCES organizations (id),
    schema_name     {text} NOT NULL,
    generation      {bigint} NOT NULL,
    PRIMARY KEY (organization_id, schema_name)
);
