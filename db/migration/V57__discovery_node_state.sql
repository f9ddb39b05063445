-- dbt's state: selector method compares a node set's definitions with the manifest it replaced (docs/discovery.md,
-- "Lineage selection"). Each node keeps one digest per aspect dbt compares (the first 8 bytes of a SHA-256; NULL where
-- dbt does not compare that aspect for the node's kind, and on rows extracted before this version):
--   body_digest         the code (raw_code, a seed's file checksum, a macro's macro_sql)
--   config_digest       unrendered_config without database, schema and alias
--   relation_digest     database, schema and alias (identifier for sources)
--   description_digest  the descriptions persist_docs writes to the warehouse
--   contract_digest     the model contract (enforced, checksum)
--   content_digest      everything state:modified compares but upstream macros
ALTER TABLE discovery_nodes ADD COLUMN body_digest BIGINT;
ALTER TABLE discovery_nodes ADD COLUMN config_digest BIGINT;
ALTER TABLE discovery_nodes ADD COLUMN relation_digest BIGINT;
ALTER TABLE discovery_nodes ADD COLUMN description_digest BIGINT;
ALTER TABLE discovery_nodes ADD COLUMN contract_digest BIGINT;
ALTER TABLE discovery_nodes ADD COLUMN content_digest BIGINT;

-- The digests of the node set a set replaced (its baseline): copied from the outgoing set when a newer manifest of the
-- same environment and DAG becomes current, because the outgoing set itself is then deleted. Written in bulk inside
-- that commit, so the table has neither a primary key nor a foreign key: for 50,000 nodes they made the copy take
-- 0.42-0.46 s instead of 0.18 s. Jade deletes a set's baseline with the set, and, at each commit, any baseline of the
-- environment whose set is gone (left by a replica of an earlier version, which deletes sets without it).
CREATE TABLE discovery_node_baselines (
    environment_id     BIGINT      NOT NULL,
    manifest_id        BIGINT      NOT NULL,
    unique_id          TEXT        NOT NULL,
    resource_type      VARCHAR(32) NOT NULL,
    body_digest        BIGINT,
    config_digest      BIGINT,
    relation_digest    BIGINT,
    description_digest BIGINT,
    contract_digest    BIGINT,
    content_digest     BIGINT      NOT NULL
);
CREATE INDEX discovery_node_baselines_set ON discovery_node_baselines (environment_id, manifest_id);

-- Whether a set has a baseline to compare with: 'kept' (discovery_node_baselines holds it), 'none' (no earlier
-- manifest of its DAG), 'undigested' (the earlier one was extracted before this version); NULL for sets committed
-- before this version. baseline_generated_at is the baseline manifest's generated_at.
ALTER TABLE discovery_manifests ADD COLUMN baseline_status VARCHAR(16);
ALTER TABLE discovery_manifests ADD COLUMN baseline_generated_at TIMESTAMPTZ;
