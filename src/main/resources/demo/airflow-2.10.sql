-- Airflow 2.10 metadata tables that Jade reads, in the shape `airflow db migrate` gives them in PostgreSQL (the
-- version Datacoves deploys). Demo and tests only: Jade never creates or migrates a real Airflow database.
-- Airflow sets most defaults in Python, not in the database: whoever inserts rows supplies every NOT NULL column.
-- There is no index on dag_run.updated_at, nor on dag_run.run_id alone (docs/airflow.md).

CREATE TABLE dag (
    dag_id                           varchar(250) PRIMARY KEY,
    root_dag_id                      varchar(250),
    is_paused                        boolean,
    is_subdag                        boolean,
    is_active                        boolean,
    last_parsed_time                 timestamptz,
    last_pickled                     timestamptz,
    last_expired                     timestamptz,
    scheduler_lock                   boolean,
    pickle_id                        integer,
    fileloc                          varchar(2000),
    processor_subdir                 varchar(2000),
    owners                           varchar(2000),
    dag_display_name                 varchar(2000),
    description                      text,
    default_view                     varchar(25),
    schedule_interval                text,
    timetable_description            varchar(1000),
    dataset_expression               json,
    max_active_tasks                 integer NOT NULL,
    max_active_runs                  integer,
    max_consecutive_failed_dag_runs  integer NOT NULL,
    has_task_concurrency_limits      boolean NOT NULL,
    has_import_errors                boolean DEFAULT false,
    next_dagrun                      timestamptz,
    next_dagrun_data_interval_start  timestamptz,
    next_dagrun_data_interval_end    timestamptz,
    next_dagrun_create_after         timestamptz
);
CREATE INDEX idx_root_dag_id ON dag (root_dag_id);
CREATE INDEX idx_next_dagrun_create_after ON dag (next_dagrun_create_after);

CREATE TABLE dag_tag (
    name    varchar(100) NOT NULL,
    dag_id  varchar(250) NOT NULL,
    CONSTRAINT dag_tag_pkey PRIMARY KEY (name, dag_id),
    CONSTRAINT dag_tag_dag_id_fkey FOREIGN KEY (dag_id) REFERENCES dag (dag_id) ON DELETE CASCADE
);
CREATE INDEX idx_dag_tag_dag_id ON dag_tag (dag_id);

CREATE TABLE dag_run (
    id                        serial PRIMARY KEY,
    dag_id                    varchar(250) NOT NULL,
    queued_at                 timestamptz,
    execution_date            timestamptz NOT NULL,
    start_date                timestamptz,
    end_date                  timestamptz,
    state                     varchar(50),
    run_id                    varchar(250) NOT NULL,
    creating_job_id           integer,
    external_trigger          boolean,
    run_type                  varchar(50) NOT NULL,
    conf                      bytea,
    data_interval_start       timestamptz,
    data_interval_end         timestamptz,
    last_scheduling_decision  timestamptz,
    dag_hash                  varchar(32),
    log_template_id           integer,
    updated_at                timestamptz,
    clear_number              integer NOT NULL DEFAULT 0,
    CONSTRAINT dag_run_dag_id_execution_date_key UNIQUE (dag_id, execution_date),
    CONSTRAINT dag_run_dag_id_run_id_key UNIQUE (dag_id, run_id)
);
CREATE INDEX dag_id_state ON dag_run (dag_id, state);
CREATE INDEX idx_dag_run_dag_id ON dag_run (dag_id);
CREATE INDEX idx_dag_run_running_dags ON dag_run (state, dag_id) WHERE state = 'running';
CREATE INDEX idx_dag_run_queued_dags ON dag_run (state, dag_id) WHERE state = 'queued';

CREATE TABLE task_instance (
    task_id               varchar(250) NOT NULL,
    dag_id                varchar(250) NOT NULL,
    run_id                varchar(250) NOT NULL,
    map_index             integer NOT NULL DEFAULT -1,
    start_date            timestamptz,
    end_date              timestamptz,
    duration              double precision,
    state                 varchar(20),

    try_number            integer,
    max_tries             integer DEFAULT -1,
    hostname              varchar(1000),
    unixname              varchar(1000),
    job_id                integer,
    pool                  varchar(256) NOT NULL,
    pool_slots            integer NOT NULL,
    queue                 varchar(256),
    priority_weight       integer,
    operator              varchar(1000),
    custom_operator_name  varchar(1000),
    queued_dttm           timestamptz,
    queued_by_job_id      integer,
    pid                   integer,
    executor              varchar(1000),
    executor_config       bytea,
    updated_at            timestamptz,
    rendered_map_index    varchar(250),
    external_executor_id  varchar(250),
    trigger_id            integer,
    trigger_timeout       timestamp,
    next_method           varchar(1000),
    next_kwargs           json,
    task_display_name     varchar(2000),
    CONSTRAINT task_instance_pkey PRIMARY KEY (dag_id, task_id, run_id, map_index),
    CONSTRAINT task_instance_dag_run_fkey FOREIGN KEY (dag_id, run_id)
        REFERENCES dag_run (dag_id, run_id) ON DELETE CASCADE
);
CREATE INDEX ti_dag_state ON task_instance (dag_id, state);
CREATE INDEX ti_dag_run ON task_instance (dag_id, run_id);
CREATE INDEX ti_state ON task_instance (state);
CREATE INDEX ti_state_lkp ON task_instance (dag_id, task_id, run_id, state);
CREATE INDEX ti_pool ON task_instance (pool, state, priority_weight);
CREATE INDEX ti_job_id ON task_instance (job_id);
CREATE INDEX ti_trigger_id ON task_instance (trigger_id);

CREATE TABLE rendered_task_instance_fields (
    dag_id           varchar(250) NOT NULL,
    task_id          varchar(250) NOT NULL,
    run_id           varchar(250) NOT NULL,
    map_index        integer NOT NULL DEFAULT -1,
    rendered_fields  json NOT NULL,
    k8s_pod_yaml     json,
    CONSTRAINT rendered_task_instance_fields_pkey PRIMARY KEY (dag_id, task_id, run_id, map_index),
    CONSTRAINT rtif_ti_fkey FOREIGN KEY (dag_id, task_id, run_id, map_index)
        REFERENCES task_instance (dag_id, task_id, run_id, map_index) ON DELETE CASCADE
);
