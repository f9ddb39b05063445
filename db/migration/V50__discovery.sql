-- dbt Cloud's Discovery API (docs/discovery.md): what GraphQL queries read, extracted from stored artifacts as they
-- arrive, so that no query ever opens a manifest. Four kinds of data, each from one artifact:
--   definitions (manifest.json)   -> discovery_manifests + discovery_nodes, one node set per environment and DAG;
--   executions (run_results.json) -> discovery_run_results (per run) + discovery_applied (latest per node);
--   catalog (catalog.json)        -> discovery_catalog (latest per node);
--   freshness (sources.json)      -> discovery_freshness (latest per source).
-- Every extraction, done or not, leaves a row in discovery_extractions.

-- One node set: the nodes of one extracted manifest. dag_scope is the DAG the manifest was linked to, '' for an
-- unlinked one; a newer manifest of the same scope replaces the set (loaded beside it, then swapped in one
-- transaction: readers only ever see sets with is_current).
CREATE TABLE discovery_manifests (
    id             BIGSERIAL PRIMARY KEY,
    environment_id BIGINT       NOT NULL,
    dag_scope      VARCHAR(250) NOT NULL,
    airflow_run_id VARCHAR(250),
    run_id         BIGINT,
    job_id         BIGINT,
    project_name   TEXT,
    adapter_type   TEXT,
    dbt_version    TEXT,
    invocation_id  TEXT,
    generated_at   TIMESTAMPTZ,
    node_count     INTEGER      NOT NULL DEFAULT 0,
    is_current     BOOLEAN      NOT NULL DEFAULT false,
    extracted_at   TIMESTAMPTZ  NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX discovery_manifests_current ON discovery_manifests (environment_id, dag_scope) WHERE is_current;
CREATE INDEX discovery_manifests_environment ON discovery_manifests (environment_id, generated_at DESC);

-- One model, seed, snapshot, test or source of a node set (manifest "nodes" and "sources"), in dbt's own terms.
CREATE TABLE discovery_nodes (
    manifest_id        BIGINT      NOT NULL REFERENCES discovery_manifests (id) ON DELETE CASCADE,
    unique_id          TEXT        NOT NULL,
    resource_type      VARCHAR(32) NOT NULL,
    name               TEXT,
    description        TEXT,
    package_name       TEXT,
    file_path          TEXT,
    patch_path         TEXT,
    database_name      TEXT,
    schema_name        TEXT,
    alias              TEXT,
    identifier         TEXT,
    relation_name      TEXT,
    source_name        TEXT,
    source_description TEXT,
    loader             TEXT,
    materialized_type  TEXT,
    language           TEXT,
    access             TEXT,
    group_name         TEXT,
    version            TEXT,
    latest_version     TEXT,
    contract_enforced  BOOLEAN,
    tags               TEXT[]      NOT NULL DEFAULT '{}',
    fqn                TEXT[]      NOT NULL DEFAULT '{}',
    depends_on         TEXT[]      NOT NULL DEFAULT '{}',
    depends_on_macros  TEXT[]      NOT NULL DEFAULT '{}',
    meta               JSONB,
    config             JSONB,
    columns            JSONB,
    raw_code           TEXT,
    compiled_code      TEXT,
    column_name        TEXT,
    test_metadata      JSONB,
    attached_node      TEXT,
    freshness_criteria JSONB,
    PRIMARY KEY (manifest_id, unique_id)
);
CREATE INDEX discovery_nodes_type ON discovery_nodes (manifest_id, resource_type, unique_id);
CREATE INDEX discovery_nodes_depends_on ON discovery_nodes USING GIN (depends_on);

-- One node's result in one run (run_results.json "results"), by Airflow run id; run_id/job_id/dag_id are the dbt
-- Cloud run and job when Jade's run index knew the run at extraction time.
CREATE TABLE discovery_run_results (
    environment_id       BIGINT       NOT NULL,
    airflow_run_id       VARCHAR(250) NOT NULL,
    unique_id            TEXT         NOT NULL,
    dag_id               VARCHAR(250),
    run_id               BIGINT,
    job_id               BIGINT,
    status               VARCHAR(32),
    error                TEXT,
    failures             BIGINT,
    thread_id            TEXT,
    invocation_id        TEXT,
    compile_started_at   TIMESTAMPTZ,
    compile_completed_at TIMESTAMPTZ,
    execute_started_at   TIMESTAMPTZ,
    execute_completed_at TIMESTAMPTZ,
    execution_time       DOUBLE PRECISION,
    run_elapsed_time     DOUBLE PRECISION,
    generated_at         TIMESTAMPTZ  NOT NULL,
    PRIMARY KEY (environment_id, airflow_run_id, unique_id)
);
CREATE INDEX discovery_run_results_job ON discovery_run_results (environment_id, job_id, generated_at DESC);
CREATE INDEX discovery_run_results_dag ON discovery_run_results (environment_id, dag_id, generated_at DESC);

-- Applied state of a node: its latest attempt (last_*) and its latest success (the execute_*/success_* columns), as
-- dbt Cloud's executionInfo separates them.
CREATE TABLE discovery_applied (
    environment_id         BIGINT      NOT NULL,
    unique_id              TEXT        NOT NULL,
    last_airflow_run_id    VARCHAR(250),
    last_run_id            BIGINT,
    last_job_id            BIGINT,
    last_status            VARCHAR(32),
    last_error             TEXT,
    last_failures          BIGINT,
    last_generated_at      TIMESTAMPTZ NOT NULL,
    success_run_id         BIGINT,
    success_job_id         BIGINT,
    success_generated_at   TIMESTAMPTZ,
    compile_started_at     TIMESTAMPTZ,
    compile_completed_at   TIMESTAMPTZ,
    execute_started_at     TIMESTAMPTZ,
    execute_completed_at   TIMESTAMPTZ,
    execution_time         DOUBLE PRECISION,
    run_elapsed_time       DOUBLE PRECISION,
    PRIMARY KEY (environment_id, unique_id)
);

-- The latest catalog entry of a node or source (catalog.json "nodes"/"sources").
CREATE TABLE discovery_catalog (
    environment_id BIGINT      NOT NULL,
    unique_id      TEXT        NOT NULL,
    table_type     TEXT,
    owner          TEXT,
    comment        TEXT,
    columns        JSONB       NOT NULL DEFAULT '[]',
    stats          JSONB       NOT NULL DEFAULT '[]',
    airflow_run_id VARCHAR(250),
    run_id         BIGINT,
    job_id         BIGINT,
    generated_at   TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (environment_id, unique_id)
);

-- The latest freshness check of a source (sources.json "results").
CREATE TABLE discovery_freshness (
    environment_id BIGINT      NOT NULL,
    unique_id      TEXT        NOT NULL,
    status         VARCHAR(32),
    error          TEXT,
    max_loaded_at  TIMESTAMPTZ,
    snapshotted_at TIMESTAMPTZ,
    age_seconds    DOUBLE PRECISION,
    criteria       JSONB,
    airflow_run_id VARCHAR(250),
    run_id         BIGINT,
    job_id         BIGINT,
    generated_at   TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (environment_id, unique_id)
);

-- Every extraction attempt: done, skipped (e.g. run_results of `dbt docs generate`) or failed (with the reason).
CREATE TABLE discovery_extractions (
    id             BIGSERIAL PRIMARY KEY,
    environment_id BIGINT       NOT NULL,
    artifact       VARCHAR(32)  NOT NULL,
    airflow_run_id VARCHAR(250),
    outcome        VARCHAR(16)  NOT NULL,
    detail         TEXT,
    items          INTEGER      NOT NULL DEFAULT 0,
    started_at     TIMESTAMPTZ  NOT NULL,
    finished_at    TIMESTAMPTZ  NOT NULL DEFAULT now()
);
CREATE INDEX discovery_extractions_environment ON discovery_extractions (environment_id, id DESC);
