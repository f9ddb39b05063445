-- The Elixir Jade's database as its Ecto migrations leave it (priv/repo/migrations, last migration 2025-03-29),
-- written out as the DDL Ecto's PostgreSQL adapter runs: `timestamps(type: :utc_datetime)` is two NOT NULL
-- `timestamp(0)` columns holding UTC, `:string` is varchar(255), `:integer` is integer, `:binary_id` is uuid,
-- `references` is a bigint foreign key, and every table gets a bigserial `id` primary key.

CREATE TABLE schema_migrations (
    version     bigint PRIMARY KEY,
    inserted_at timestamp(0)
);

-- 20231021122344 create_tokens
CREATE TABLE tokens (
    id          bigserial PRIMARY KEY,
    account_id  integer,
    key_hash    varchar(255),
    inserted_at timestamp(0) NOT NULL,
    updated_at  timestamp(0) NOT NULL
);
CREATE UNIQUE INDEX tokens_key_hash_index ON tokens (key_hash);
CREATE UNIQUE INDEX tokens_account_id_index ON tokens (account_id);

-- 20231102163358 create_dag_ids
CREATE TABLE job_ids (
    id             bigserial PRIMARY KEY,
    environment_id integer,
    dag_id         varchar(255)
);
CREATE UNIQUE INDEX job_ids_environment_id_dag_id_index ON job_ids (environment_id, dag_id);

-- 20231114190630 create_dag_run_ids
CREATE TABLE job_run_ids (
    id             bigserial PRIMARY KEY,
    environment_id integer,
    dag_run_id     integer
);
CREATE UNIQUE INDEX job_run_ids_environment_id_dag_run_id_index ON job_run_ids (environment_id, dag_run_id);

-- 20231121164453 create_manifests
CREATE TABLE manifests (
    id               bigserial PRIMARY KEY,
    slug             uuid NOT NULL DEFAULT gen_random_uuid(),
    account_id       integer,
    environment_slug varchar(255),
    dag_id           varchar(255),
    dag_run_id       integer,
    dag_run_run_id   varchar(255),
    job_run_id       bigint CONSTRAINT manifests_job_run_id_fkey REFERENCES job_run_ids (id),
    content          jsonb,
    inserted_at      timestamp(0) NOT NULL,
    updated_at       timestamp(0) NOT NULL
);
CREATE INDEX manifests_account_id_job_run_id_index ON manifests (account_id, job_run_id);

-- 20240308120130 add_project_id_to_manifests
ALTER TABLE manifests ADD COLUMN project_id integer;
CREATE INDEX manifests_project_id_index ON manifests (project_id);

-- 20250110112506 create_files
CREATE TABLE files (
    id               bigserial PRIMARY KEY,
    slug             uuid NOT NULL DEFAULT gen_random_uuid(),
    filename         varchar(255),
    environment_slug varchar(255),
    tag              varchar(255),
    path             varchar(255),
    inserted_at      timestamp(0) NOT NULL,
    updated_at       timestamp(0) NOT NULL
);
CREATE UNIQUE INDEX files_slug_index ON files (slug);
CREATE UNIQUE INDEX files_environment_slug_tag_index ON files (environment_slug, tag);

-- 20250303161854 add_tag_to_manifests
ALTER TABLE manifests ADD COLUMN tag varchar(255);
CREATE UNIQUE INDEX manifests_environment_slug_tag_index ON manifests (environment_slug, tag);

-- 20250329223055 allow-multifile-upload
DROP INDEX IF EXISTS files_environment_slug_tag_index;
CREATE INDEX IF NOT EXISTS files_environment_slug_filename_tag_index ON files (environment_slug, filename, tag);
CREATE INDEX IF NOT EXISTS files_environment_slug_filename_index ON files (environment_slug, filename);
CREATE INDEX IF NOT EXISTS files_environment_slug_tag_index ON files (environment_slug, tag);

INSERT INTO schema_migrations (version, inserted_at) VALUES
    (20231021122344, now()), (20231102163358, now()), (20231114190630, now()), (20231121164453, now()),
    (20240308120130, now()), (20250110112506, now()), (20250303161854, now()), (20250329223055, now());
