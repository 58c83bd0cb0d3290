-- Which save last wrote each registry rule and layout (registry_state.generation at that save), and the generation of the
-- last deletion: a process whose cached registry is behind reads only what changed since its generation, unless something
-- was deleted since, when it reads the whole registry again. 0 for rows written before this migration (a process caching
-- a registry from before it reads everything once).
ALTER TABLE registry_rules ADD COLUMN generation {bigint} NOT NULL DEFAULT 0;
ALTER TABLE registry_layouts ADD COLUMN generation {bigint} NOT NULL DEFAULT 0;
ALTER TABLE registry_state ADD COLUMN reset_generation {bigint} NOT NULL DEFAULT 0;
CREATE INDEX ix_registry_rules_generation ON registry_rules (organization_id, schema_name, generation);
