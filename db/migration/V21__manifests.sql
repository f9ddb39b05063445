-- dbt manifests (docs/datacoves-api.md): metadata in Jade's DB, the manifest bytes in object storage under storage_key.
CREATE TABLE manifests (
    id                 BIGSERIAL PRIMARY KEY,
    slug               UUID          NOT NULL UNIQUE,
    account_id         BIGINT        NOT NULL,
    project_id         BIGINT        NOT NULL,
    environment_id     BIGINT        NOT NULL,
    environment_slug   VARCHAR(255)  NOT NULL,
    dag_id             VARCHAR(250),
    dag_run_id         BIGINT,
    run_id             VARCHAR(250),
    tag                VARCHAR(255),
    dbt_schema_version VARCHAR(255)  NOT NULL,
    dbt_version        VARCHAR(64),
    project_name       VARCHAR(255),
    node_count         INTEGER       NOT NULL,
    source_count       INTEGER       NOT NULL,
    size_bytes         BIGINT        NOT NULL,
    sha256             CHAR(64)      NOT NULL,
    storage_key        VARCHAR(1024) NOT NULL,
    created_at         TIMESTAMPTZ   NOT NULL DEFAULT now()
);
-- Jade: a tag is unique per environment; NULL tags never collide.
CREATE UNIQUE INDEX manifests_environment_tag ON manifests (environment_slug, tag);
CREATE INDEX manifests_environment_created ON manifests (environment_slug, created_at DESC);
CREATE INDEX manifests_project_created ON manifests (project_id, created_at DESC);
CREATE INDEX manifests_environment_dag ON manifests (environment_id, dag_id, created_at DESC);
CREATE INDEX manifests_environment_dag_run ON manifests (environment_id, dag_run_id);
-- Checksum filler (docs/architecture.md, "Migrations"): ENHMKOO@B@
