-- `jade import-elixir` (docs/migrating-from-elixir.md): the dbt Cloud ids the Elixir Jade handed out, so that clients
-- that stored them (BigEye, the Airflow dbt Cloud provider) keep reaching the same jobs and runs after the cutover.
--
-- The index (JobIndexRepository, RunIndexRepository) discovers DAGs and DAG runs by itself; when it inserts a job or
-- run that has a row here, it takes this id instead of the next sequence value (unless another row holds it already:
-- the import then moves that row off it). Rows are only ever added, by the import.

-- The Elixir `job_ids` rows: job id of (Datacoves environment, Airflow dag_id).
CREATE TABLE imported_job_id (
    id             BIGINT       PRIMARY KEY,
    environment_id BIGINT       NOT NULL,
    dag_id         VARCHAR(250) NOT NULL,
    imported_at    TIMESTAMPTZ  NOT NULL DEFAULT now(),
    CONSTRAINT imported_job_id_environment_dag_key UNIQUE (environment_id, dag_id)
);

-- The Elixir `job_run_ids` rows: run id of (Datacoves environment, Airflow dag_run.id).
CREATE TABLE imported_run_id (
    id             BIGINT      PRIMARY KEY,
    environment_id BIGINT      NOT NULL,
    dag_run_id     BIGINT      NOT NULL,
    imported_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
    CONSTRAINT imported_run_id_environment_dag_run_key UNIQUE (environment_id, dag_run_id)
);

-- Which Elixir `manifests` and `files` rows were carried, and the Jade row each became. Written in the same transaction
-- as that row, so an import interrupted at any point resumes where it stopped and a second import adds nothing.
CREATE TABLE elixir_import (
    source_table VARCHAR(20) NOT NULL,
    source_id    BIGINT      NOT NULL,
    target_id    BIGINT      NOT NULL,
    storage_key  VARCHAR(1024) NOT NULL,
    imported_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (source_table, source_id)
);

-- A job's id is rewritten (to the imported one) together with its runs' job_id in one transaction: the reference is
-- checked at commit then.
ALTER TABLE run_index ALTER CONSTRAINT run_index_job_id_fkey DEFERRABLE INITIALLY IMMEDIATE;
