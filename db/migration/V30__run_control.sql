-- Starting and stopping runs through Jade (docs/trigger.md).
-- api_tokens.allow_trigger: the explicit permission to trigger, rerun and cancel runs (default: read-only keys).
ALTER TABLE api_tokens ADD COLUMN allow_trigger BOOLEAN NOT NULL DEFAULT false;

-- run_index: columns written only by the run-control routes (com.datacoves.jade.runs.RunControlStore); the index
-- refresher never overwrites them. cancelled_at marks a run cancelled through Jade (it then reports status 30 even
-- though Airflow shows the DAG run as failed); trigger_* keep what the dbt Cloud trigger request asked for.
ALTER TABLE run_index ADD COLUMN cancelled_at    TIMESTAMPTZ;
ALTER TABLE run_index ADD COLUMN trigger_cause   TEXT;
ALTER TABLE run_index ADD COLUMN trigger_request JSONB;
-- Checksum filler (docs/architecture.md, "Migrations"): KCOENIBHJ@
