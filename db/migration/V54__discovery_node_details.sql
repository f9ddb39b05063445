-- Macros, metrics, semantic models and saved queries are nodes of the Discovery API too, each with fields of its own kind. The
-- column that held an exposure's own fields now holds every kind's (docs/discovery.md, "Where the data comes from"):
--   exposure:       {"type", "maturity", "owner": {"name", "email"}, "url", "label"}
--   macro:          {"arguments": [{"name", "type", "description"}]}          (the SQL is in raw_code)
--   metric:         {"label", "type", "type_params", "filter"}
--   semantic_model: {"label", "entities": [...], "dimensions": [...], "measures": [...]}
--   saved_query:    {"label", "query_params": {...}, "exports": [...]}
-- NULL for models, seeds, snapshots, tests and sources.
ALTER TABLE discovery_nodes RENAME COLUMN exposure TO details;
