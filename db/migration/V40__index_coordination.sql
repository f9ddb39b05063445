-- The run index refreshed by one replica at a time per environment, with every refresh position kept here so that a
-- replica that dies loses nothing and every replica answers the same (docs/index.md).

-- One row per environment whose Airflow database Jade reads: where the next pass starts, when it is due, who runs it.
CREATE TABLE index_environment (
    environment_id   BIGINT PRIMARY KEY,
    -- every Airflow dag_run.id at or below this was read once, except those still listed in hole_ids
    high_dag_run_id  BIGINT        NOT NULL DEFAULT 0,
    -- dag_run ids below high_dag_run_id not seen yet (a transaction that took its id earlier and commits later, or
    -- one that rolled back), re-read on every pass until found or older than jade.index.hole-horizon
    hole_ids         BIGINT[]      NOT NULL DEFAULT '{}',
    -- when each hole was first missed, milliseconds since the epoch (same order as hole_ids)
    hole_seen_ms     BIGINT[]      NOT NULL DEFAULT '{}',
    -- the full sweep in progress (dag_run ids above this are still to compare), NULL between sweeps
    sweep_after_id   BIGINT,
    -- SHA-256 of the DAGs last written (by any replica): a pass whose DAGs hash the same writes none
    dags_digest      VARCHAR(64),
    -- when the DAGs were last read (they are re-read every jade.index.dag-interval)
    dags_read_at     TIMESTAMPTZ,
    next_sweep_at    TIMESTAMPTZ   NOT NULL DEFAULT now(),
    next_pass_at     TIMESTAMPTZ   NOT NULL DEFAULT now(),
    -- the replica running a pass now, and until when its claim holds unless renewed
    lease_owner      VARCHAR(200),
    lease_until      TIMESTAMPTZ,
    last_pass_at     TIMESTAMPTZ,
    last_success_at  TIMESTAMPTZ,
    failures         INTEGER       NOT NULL DEFAULT 0,
    last_error       TEXT
);
CREATE INDEX index_environment_due_idx ON index_environment (next_pass_at);

-- The replicas that refresh the index, each renewing its row every second; an environment belongs to one live
-- replica (rendezvous hashing over this list), so each Airflow database is read by one replica at a time.
CREATE TABLE index_replica (
    replica_id   VARCHAR(200) PRIMARY KEY,
    started_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
    heartbeat_at TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- Carry the id watermark over and sweep every environment at once: the old refresher could miss changes for good.
INSERT INTO index_environment (environment_id, high_dag_run_id)
SELECT environment_id, last_dag_run_id FROM index_watermark;
DROP TABLE index_watermark;

-- A DAG run deleted in Airflow keeps its row (its id is never handed out again) but is no longer listed or counted.
ALTER TABLE run_index ADD COLUMN deleted_at TIMESTAMPTZ;
-- sweeps compare id ranges; uploads that name only a run_id (dbt-coves) find their DAG run here
CREATE INDEX run_index_environment_dag_run_idx ON run_index (environment_id, dag_run_id);
CREATE INDEX run_index_environment_run_id_idx ON run_index (environment_id, run_id);

-- Jobs: a stable creation time, and no column that moves on every DAG parse (last_parsed_time rewrote every job row
-- every 30 s). steps_dag_run_id: the DAG run whose task ids execute_steps holds.
ALTER TABLE job_index ADD COLUMN created_at TIMESTAMPTZ;
UPDATE job_index SET created_at = indexed_at;
ALTER TABLE job_index ALTER COLUMN created_at SET NOT NULL;
ALTER TABLE job_index ALTER COLUMN created_at SET DEFAULT now();
ALTER TABLE job_index DROP COLUMN last_parsed_time;
ALTER TABLE job_index ADD COLUMN steps_dag_run_id BIGINT;

-- run_count counts listed runs only: a deleted run leaves its group, one that reappears joins it again.
CREATE OR REPLACE FUNCTION run_count_track() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') AND OLD.deleted_at IS NULL THEN
        UPDATE run_count SET n = n - 1
        WHERE account_id = OLD.account_id AND project_id = OLD.project_id AND environment_id = OLD.environment_id
          AND job_id = OLD.job_id AND status = OLD.status;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') AND NEW.deleted_at IS NULL THEN
        INSERT INTO run_count (account_id, project_id, environment_id, job_id, status, n)
        VALUES (NEW.account_id, NEW.project_id, NEW.environment_id, NEW.job_id, NEW.status, 1)
        ON CONFLICT (account_id, project_id, environment_id, job_id, status) DO UPDATE SET n = run_count.n + 1;
    END IF;
    RETURN NULL;
END
$$;

DROP TRIGGER run_count_update ON run_index;
CREATE TRIGGER run_count_update
    AFTER UPDATE OF account_id, project_id, environment_id, job_id, status, deleted_at ON run_index
    FOR EACH ROW
    WHEN (OLD.account_id IS DISTINCT FROM NEW.account_id OR OLD.project_id IS DISTINCT FROM NEW.project_id
          OR OLD.environment_id IS DISTINCT FROM NEW.environment_id OR OLD.job_id IS DISTINCT FROM NEW.job_id
          OR OLD.status IS DISTINCT FROM NEW.status OR OLD.deleted_at IS DISTINCT FROM NEW.deleted_at)
    EXECUTE FUNCTION run_count_track();
