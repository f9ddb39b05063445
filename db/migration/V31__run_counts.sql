-- Run counts and list indexes for run lists at scale (docs/runs.md, docs/benchmarks.md "bench/runs.sh").
--
-- Numbered 31, not 11: V20, V21 and V30 are deployed, and Flyway (outOfOrder off, validate-on-migrate on) refuses to
-- start on a database whose applied versions are above a new pending one.
--
-- 1. run_count: how many runs each (account, project, environment, job, status) group has, so that a run list's
--    pagination.total_count is a sum over a few hundred rows instead of a count over up to millions of run_index rows
--    (measured at 1,000,000 runs: count(*) OVER () 4.8 s, a plain count(*) 255 ms, this table < 1 ms).
--    It is kept by a row-level trigger on run_index, so every writer keeps it right without knowing about it
--    (index.IndexStore, the refresher; runs.RunControlStore, which inserts triggered runs and sets status 30 on cancel)
--    and the count changes in the same transaction as the row: a REPEATABLE READ reader sees page and total from one
--    snapshot (index.IndexSql). Groups whose count falls to 0 are kept (harmless, and no delete/insert race).
--    Only filters on these five columns can be answered here; others (ranges, pk, id__gt) count run_index.

CREATE TABLE run_count (
    account_id     BIGINT   NOT NULL,
    project_id     BIGINT   NOT NULL,
    environment_id BIGINT   NOT NULL,
    job_id         BIGINT   NOT NULL,
    status         SMALLINT NOT NULL,
    n              BIGINT   NOT NULL,
    PRIMARY KEY (account_id, project_id, environment_id, job_id, status)
) WITH (
    -- every indexed DAG run updates one of these few rows: leave room on each page for HOT updates and vacuum often
    fillfactor = 50,
    autovacuum_vacuum_scale_factor = 0,
    autovacuum_vacuum_threshold = 10000
);

CREATE FUNCTION run_count_track() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        UPDATE run_count SET n = n - 1
        WHERE account_id = OLD.account_id AND project_id = OLD.project_id AND environment_id = OLD.environment_id
          AND job_id = OLD.job_id AND status = OLD.status;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        INSERT INTO run_count (account_id, project_id, environment_id, job_id, status, n)
        VALUES (NEW.account_id, NEW.project_id, NEW.environment_id, NEW.job_id, NEW.status, 1)
        ON CONFLICT (account_id, project_id, environment_id, job_id, status) DO UPDATE SET n = run_count.n + 1;
    END IF;
    RETURN NULL;
END
$$;

CREATE FUNCTION run_count_clear() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM run_count;
    RETURN NULL;
END
$$;

-- No writer may change run_index between the back-fill below and the triggers taking over (e.g. an older replica
-- still running during a rolling deploy): hold off writes, not reads, until this migration commits.
LOCK TABLE run_index IN SHARE ROW EXCLUSIVE MODE;

CREATE TRIGGER run_count_insert_delete AFTER INSERT OR DELETE ON run_index
    FOR EACH ROW EXECUTE FUNCTION run_count_track();
-- only updates that move a run to another group (in practice: a status change) touch the counts
CREATE TRIGGER run_count_update AFTER UPDATE OF account_id, project_id, environment_id, job_id, status ON run_index
    FOR EACH ROW
    WHEN (OLD.account_id IS DISTINCT FROM NEW.account_id OR OLD.project_id IS DISTINCT FROM NEW.project_id
          OR OLD.environment_id IS DISTINCT FROM NEW.environment_id OR OLD.job_id IS DISTINCT FROM NEW.job_id
          OR OLD.status IS DISTINCT FROM NEW.status)
    EXECUTE FUNCTION run_count_track();
CREATE TRIGGER run_count_truncate AFTER TRUNCATE ON run_index
    FOR EACH STATEMENT EXECUTE FUNCTION run_count_clear();

INSERT INTO run_count (account_id, project_id, environment_id, job_id, status, n)
SELECT account_id, project_id, environment_id, job_id, status, count(*)
FROM run_index GROUP BY account_id, project_id, environment_id, job_id, status;

-- 2. Indexes for the pages clients ask for, so that a page is an index range scan of about `limit` entries.
--    ListQuery.sqlOrder orders `col DESC NULLS LAST, id DESC` (and `col ASC NULLS LAST, id ASC`): a backward scan of an
--    ascending index yields DESC NULLS FIRST, so descending orders on a nullable column need their own index.
--    Clients: the Airflow dbt Cloud provider (job_definition_id, order_by -created_at or -id, limit 1), dbt-cloud-cli
--    (pages by id, optionally job and status), BigEye-like monitors (job, status, order_by -finished_at), dashboards
--    listing the newest runs of an account (-created_at, -finished_at). The ascending (account_id, created_at, id),
--    (account_id, finished_at, id), (account_id, id) and (account_id, status, id) indexes of V10 stay.

-- job + newest first (the provider's "latest run of the job"; RunControlStore.latestOfJob): replaces the ascending one
DROP INDEX run_index_job_created_idx;
CREATE INDEX run_index_job_created_desc_idx ON run_index (job_id, created_at DESC NULLS LAST, id DESC);
-- job + order by id, either direction (dbt-cloud-cli pages, ArtifactFinder's newest run of a job)
CREATE INDEX run_index_job_id_idx ON run_index (job_id, id);
-- job + status + newest finished first (BigEye-like monitors)
CREATE INDEX run_index_job_status_finished_idx ON run_index (job_id, status, finished_at DESC NULLS LAST, id DESC);
-- account + newest created / finished first
CREATE INDEX run_index_account_created_desc_idx ON run_index (account_id, created_at DESC NULLS LAST, id DESC);
CREATE INDEX run_index_account_finished_desc_idx ON run_index (account_id, finished_at DESC NULLS LAST, id DESC);

-- (project_id, status, finished_at) served RunRepository.latestSuccess (status 10, newest finished first) only with a
-- sort of the ties; this partial index holds just the successful runs in that order (also project + status=10 lists).
DROP INDEX run_index_project_status_idx;
CREATE INDEX run_index_project_success_idx ON run_index (project_id, finished_at DESC NULLS LAST, id DESC)
    WHERE status = 10;

-- (environment_id, status) served only IndexStore.unfinishedDagRunIds (status IN (1, 2, 3)): a partial index holds
-- just the few unfinished runs instead of every run.
DROP INDEX run_index_environment_status_idx;
CREATE INDEX run_index_unfinished_idx ON run_index (environment_id) WHERE status IN (1, 2, 3);
-- Checksum filler (docs/architecture.md, "Migrations"): NK@OO@EHJ@
