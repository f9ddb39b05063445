-- The parts of Airflow 2.x's metadata schema that Jade reads. Demo and tests only: Jade never migrates a real Airflow
-- database. Columns follow Airflow 2.x (dag_run.execution_date; Airflow 3 renamed it logical_date).
CREATE TABLE IF NOT EXISTS dag (
    dag_id VARCHAR(250) PRIMARY KEY,
    root_dag_id VARCHAR(250),
    is_paused BOOLEAN DEFAULT false,
    is_subdag BOOLEAN DEFAULT false,
    is_active BOOLEAN DEFAULT true,
    last_parsed_time TIMESTAMPTZ,
    last_pickled TIMESTAMPTZ,
    last_expired TIMESTAMPTZ,
    scheduler_lock BOOLEAN,
    pickle_id INTEGER,
    fileloc VARCHAR(2000),
    processor_subdir VARCHAR(2000),
    owners VARCHAR(2000),
    description TEXT,
    default_view VARCHAR(25),
    schedule_interval TEXT,
    timetable_description VARCHAR(1000),
    max_active_tasks INTEGER NOT NULL DEFAULT 16,
    max_active_runs INTEGER DEFAULT 16,
    has_task_concurrency_limits BOOLEAN NOT NULL DEFAULT false,
    has_import_errors BOOLEAN DEFAULT false,
    next_dagrun TIMESTAMPTZ,
    next_dagrun_data_interval_start TIMESTAMPTZ,
    next_dagrun_data_interval_end TIMESTAMPTZ,
    next_dagrun_create_after TIMESTAMPTZ
);

CREATE TABLE IF NOT EXISTS dag_tag (
    name VARCHAR(100) NOT NULL,
    dag_id VARCHAR(250) NOT NULL REFERENCES dag (dag_id) ON DELETE CASCADE,
    PRIMARY KEY (name, dag_id)
);

CREATE TABLE IF NOT EXISTS dag_run (
    id SERIAL PRIMARY KEY,
    dag_id VARCHAR(250) NOT NULL,
    queued_at TIMESTAMPTZ,
    execution_date TIMESTAMPTZ NOT NULL,
    start_date TIMESTAMPTZ,
    end_date TIMESTAMPTZ,
    state VARCHAR(50),
    run_id VARCHAR(250) NOT NULL,
    creating_job_id INTEGER,
    external_trigger BOOLEAN,
    run_type VARCHAR(50) NOT NULL,
    conf BYTEA,
    data_interval_start TIMESTAMPTZ,
    data_interval_end TIMESTAMPTZ,
    last_scheduling_decision TIMESTAMPTZ,
    dag_hash VARCHAR(32),
    log_template_id INTEGER,
    updated_at TIMESTAMPTZ,
    clear_number INTEGER NOT NULL DEFAULT 0,
    CONSTRAINT dag_run_dag_id_execution_date_key UNIQUE (dag_id, execution_date),
    CONSTRAINT dag_run_dag_id_run_id_key UNIQUE (dag_id, run_id)
);
CREATE INDEX IF NOT EXISTS dag_id_state ON dag_run (dag_id, state);
CREATE INDEX IF NOT EXISTS idx_dag_run_dag_id ON dag_run (dag_id);

CREATE TABLE IF NOT EXISTS task_instance (
    task_id VARCHAR(250) NOT NULL,
    dag_id VARCHAR(250) NOT NULL,
    run_id VARCHAR(250) NOT NULL,
    map_index INTEGER NOT NULL DEFAULT -1,
    start_date TIMESTAMPTZ,
    end_date TIMESTAMPTZ,
    duration DOUBLE PRECISION,
    state VARCHAR(20),
    try_number INTEGER,
    max_tries INTEGER DEFAULT -1,
    hostname VARCHAR(1000),
    unixname VARCHAR(1000),
    job_id INTEGER,
    pool VARCHAR(256) NOT NULL DEFAULT 'default_pool',
    pool_slots INTEGER NOT NULL DEFAULT 1,
    queue VARCHAR(256),
    priority_weight INTEGER,
    operator VARCHAR(1000),
    queued_dttm TIMESTAMPTZ,
    queued_by_job_id INTEGER,
    pid INTEGER,
    updated_at TIMESTAMPTZ,
    PRIMARY KEY (dag_id, task_id, run_id, map_index)
);
CREATE INDEX IF NOT EXISTS ti_dag_run ON task_instance (dag_id, run_id);

-- Rendered template fields of a task (its bash_command, a pod's cmds and arguments…), written when the task starts.
CREATE TABLE IF NOT EXISTS rendered_task_instance_fields (
    dag_id VARCHAR(250) NOT NULL,
    task_id VARCHAR(250) NOT NULL,
    run_id VARCHAR(250) NOT NULL,
    map_index INTEGER NOT NULL DEFAULT -1,
    rendered_fields JSON NOT NULL,
    k8s_pod_yaml JSON,
    PRIMARY KEY (dag_id, task_id, run_id, map_index)
);
