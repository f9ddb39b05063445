-- Macros, metrics, semantic models, saved queries and groups are nodes of the Discovery API too, each with fields of its
-- own kind, kept in a new column (docs/discovery.md, "Where the data comes from"):
--   exposure:       {"type", "maturity", "owner": {"name", "email"}, "url", "label"}
--   macro:          {"arguments": [{"name", "type", "description"}]}          (the SQL is in raw_code)
--   metric:         {"label", "type", "type_params", "filter"}
--   semantic_model: {"label", "entities": [...], "dimensions": [...], "measures": [...]}
--   saved_query:    {"label", "query_params": {...}, "exports": [...]}
--   group:          {"owner": {"name", "email"}}
-- NULL for models, seeds, snapshots, tests and sources.
-- The column is added, not renamed from `exposure` (V52): during a rolling upgrade the replicas of the previous version
-- still write and read `exposure`, and this version reads it where `details` is empty. A later migration drops it.
ALTER TABLE discovery_nodes ADD COLUMN details JSONB;
UPDATE discovery_nodes SET details = exposure WHERE exposure IS NOT NULL;
