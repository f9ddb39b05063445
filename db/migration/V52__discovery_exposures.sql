-- Exposures (manifest.json "exposures": dashboards, notebooks, applications that read models) are nodes of the
-- Discovery API too. Their own fields, as the manifest has them: {"type", "maturity", "owner": {"name", "email"},
-- "url", "label"}; NULL for every other resource type.
ALTER TABLE discovery_nodes ADD COLUMN exposure JSONB;
