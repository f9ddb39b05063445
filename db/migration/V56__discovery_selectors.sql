-- The YAML selectors of a node set's manifest (its top-level "selectors": name -> definition, as dbt parsed
-- selectors.yml), so that a lineage selection can name one as selector:<name> (docs/discovery.md, "Lineage
-- selection"). NULL for sets extracted before this version and for manifests without selectors.
ALTER TABLE discovery_manifests ADD COLUMN selectors JSONB;
