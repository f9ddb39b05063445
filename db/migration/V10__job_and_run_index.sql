-- Jade's index of dbt Cloud jobs (= Airflow DAGs) and runs (= Airflow DAG runs) of every environment (docs/index.md).
-- The ids handed out here are the dbt Cloud job and run ids: stable, never changed, never reused.
-- Rows are written only by com.datacoves.jade.index (INSERT … WHERE NOT EXISTS … ON CONFLICT DO NOTHING, then UPDATE),
-- so concurrent writers never race on id assignment. List routes run one SQL statement on these tables.

CREATE TABLE job_index (
    id                    BIGSERIAL PRIMARY KEY,
    account_id            BIGINT       NOT NULL,
    project_id            BIGINT       NOT NULL,
    environment_id        BIGINT       NOT NULL,
    dag_id                VARCHAR(250) NOT NULL,
    description           TEXT,
    is_active             BOOLEAN      NOT NULL DEFAULT true,
    is_paused             BOOLEAN      NOT NULL DEFAULT false,
    schedule_interval     TEXT,
    timetable_description TEXT,
    next_dagrun           TIMESTAMPTZ,
    last_parsed_time      TIMESTAMPTZ,
    tags                  TEXT[]       NOT NULL DEFAULT '{}',
    execute_steps         TEXT[]       NOT NULL DEFAULT '{}',
    -- false while only DAG runs (not the DAG row) have been seen, or once the DAG row left Airflow
    present               BOOLEAN      NOT NULL DEFAULT false,
    indexed_at            TIMESTAMPTZ  NOT NULL DEFAULT now(),
    CONSTRAINT job_index_environment_dag_key UNIQUE (environment_id, dag_id)
);
CREATE INDEX job_index_account_idx ON job_index (account_id, id);
CREATE INDEX job_index_account_name_idx ON job_index (account_id, dag_id, id);

CREATE TABLE run_index (
    id               BIGSERIAL PRIMARY KEY,
    account_id       BIGINT       NOT NULL,
    project_id       BIGINT       NOT NULL,
    environment_id   BIGINT       NOT NULL,
    job_id           BIGINT       NOT NULL REFERENCES job_index (id),
    dag_id           VARCHAR(250) NOT NULL,
    -- Airflow's dag_run.id; null while a run triggered through Jade is not yet in Airflow
    dag_run_id       BIGINT,
    run_id           VARCHAR(250) NOT NULL,
    state            VARCHAR(50),
    status           SMALLINT     NOT NULL,
    run_type         VARCHAR(50),
    external_trigger BOOLEAN,
    queued_at        TIMESTAMPTZ,
    logical_date     TIMESTAMPTZ,
    started_at       TIMESTAMPTZ,
    finished_at      TIMESTAMPTZ,
    updated_at       TIMESTAMPTZ,
    created_at       TIMESTAMPTZ,
    CONSTRAINT run_index_environment_dag_run_key UNIQUE (environment_id, dag_id, run_id)
);
CREATE INDEX run_index_account_idx ON run_index (account_id, id);
CREATE INDEX run_index_account_created_idx ON run_index (account_id, created_at, id);
CREATE INDEX run_index_account_finished_idx ON run_index (account_id, finished_at, id);
CREATE INDEX run_index_job_created_idx ON run_index (job_id, created_at, id);
CREATE INDEX run_index_account_status_idx ON run_index (account_id, status, id);
CREATE INDEX run_index_project_status_idx ON run_index (project_id, status, finished_at);
CREATE INDEX run_index_environment_status_idx ON run_index (environment_id, status);

-- Per-environment refresh watermarks: the highest dag_run.id and dag_run.updated_at already indexed.
CREATE TABLE index_watermark (
    environment_id   BIGINT PRIMARY KEY,
    last_dag_run_id  BIGINT      NOT NULL DEFAULT 0,
    last_updated_at  TIMESTAMPTZ,
    refreshed_at     TIMESTAMPTZ NOT NULL DEFAULT now()
);
-- Checksum filler (docs/architecture.md, "Migrations"): GICCLFKHJ@
