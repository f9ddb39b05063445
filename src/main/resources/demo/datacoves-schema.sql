-- The parts of Datacoves' (Django) schema that Jade reads. Demo and tests only: Jade never migrates the real
-- Datacoves database. Columns follow Datacoves' models and the original Jade's test migrations.
CREATE TABLE IF NOT EXISTS users_account (
    id BIGSERIAL PRIMARY KEY,
    name VARCHAR(255) NOT NULL,
    slug VARCHAR(255) UNIQUE,
    plan_id INTEGER,
    developer_licenses INTEGER DEFAULT 0,
    settings JSONB DEFAULT '{}'::jsonb,
    notifications_enabled JSONB,
    workers_execution_limit JSONB,
    customer_id VARCHAR(255),
    created_by_id INTEGER,
    trial_started_at TIMESTAMPTZ,
    trial_ends_at TIMESTAMPTZ,
    deactivated_at TIMESTAMPTZ,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE TABLE IF NOT EXISTS projects_repository (
    id BIGSERIAL PRIMARY KEY,
    git_url VARCHAR(255) NOT NULL,
    url VARCHAR(255),
    provider VARCHAR(60)
);

CREATE TABLE IF NOT EXISTS projects_release (
    id BIGSERIAL PRIMARY KEY,
    name VARCHAR(32) UNIQUE NOT NULL,
    dbt_version VARCHAR(32) NOT NULL DEFAULT '',
    airflow_version VARCHAR(32) NOT NULL DEFAULT '',
    released_at TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE TABLE IF NOT EXISTS projects_project (
    id BIGSERIAL PRIMARY KEY,
    account_id BIGINT NOT NULL REFERENCES users_account (id),
    name VARCHAR(50) NOT NULL,
    slug VARCHAR(255) UNIQUE,
    release_branch VARCHAR(130),
    clone_strategy VARCHAR(60),
    repository_id BIGINT REFERENCES projects_repository (id),
    settings JSONB DEFAULT '{}'::jsonb,
    deploy_credentials BYTEA,
    validated_at TIMESTAMPTZ,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE TABLE IF NOT EXISTS projects_environment (
    id BIGSERIAL PRIMARY KEY,
    project_id BIGINT NOT NULL REFERENCES projects_project (id),
    name VARCHAR(50) NOT NULL,
    slug VARCHAR(6) UNIQUE NOT NULL,
    type VARCHAR(60) NOT NULL DEFAULT 'dev',
    sync BOOLEAN DEFAULT false,
    release_id BIGINT REFERENCES projects_release (id),
    release_profile VARCHAR(60),
    update_strategy VARCHAR(60),
    dbt_home_path VARCHAR(4096) DEFAULT '',
    dbt_profiles_dir VARCHAR(4096),
    services JSONB DEFAULT '{}'::jsonb,
    internal_services JSONB DEFAULT '{}'::jsonb,
    airflow_config BYTEA,
    settings JSONB DEFAULT '{}'::jsonb,
    workspace_generation INTEGER,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
