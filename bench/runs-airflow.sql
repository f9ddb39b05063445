-- Fills one benchmark Airflow 2.10 database (schema: src/main/resources/demo/airflow-2.10.sql) in a few set-based
-- statements. psql variables: runs (DAG runs in this database), dags (DAGs), tis (latest runs given task instances).
-- Runs are one per minute ending now, spread round-robin over the DAGs, ids in time order; states: the latest 2
-- running, the 2 before queued, every 10th failed, the rest success; every 7th is a manual (external) trigger.
INSERT INTO dag (dag_id, is_paused, is_active, last_parsed_time, fileloc, owners, description, default_view,
                 schedule_interval, timetable_description, max_active_tasks, max_active_runs,
                 max_consecutive_failed_dag_runs, has_task_concurrency_limits, next_dagrun)
SELECT 'bench_dag_' || d, d = :dags - 1 AND :dags > 1, true, now(), '/opt/airflow/dags/bench_dag_' || d || '.py',
       'airflow', 'Benchmark DAG ' || d, 'grid', '"*/5 * * * *"', 'Every 5 minutes', 16, 16, 0, false, now()
FROM generate_series(0, :dags - 1) d;
INSERT INTO dag_tag (name, dag_id) SELECT 'bench', 'bench_dag_' || d FROM generate_series(0, :dags - 1) d;

INSERT INTO dag_run (dag_id, queued_at, execution_date, start_date, end_date, state, run_id, external_trigger,
                     run_type, data_interval_start, data_interval_end, updated_at, clear_number)
SELECT 'bench_dag_' || (g % :dags), t - interval '20 seconds', t,
       CASE WHEN st = 'queued' THEN NULL ELSE t END,
       CASE WHEN st IN ('running', 'queued') THEN NULL ELSE t + (30 + g % 600) * interval '1 second' END,
       st,
       CASE WHEN g % 7 = 0 THEN 'manual__' ELSE 'scheduled__' END
         || to_char(t AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"+00:00"'),
       g % 7 = 0, CASE WHEN g % 7 = 0 THEN 'manual' ELSE 'scheduled' END, t - interval '5 minutes', t,
       CASE WHEN st IN ('running', 'queued') THEN t ELSE t + (30 + g % 600) * interval '1 second' END, 0
FROM (SELECT g, date_trunc('minute', now()) - (:runs - g) * interval '1 minute' AS t,
             CASE WHEN g > :runs - 2 THEN 'running' WHEN g > :runs - 4 THEN 'queued'
                  WHEN g % 10 = 3 THEN 'failed' ELSE 'success' END AS st
      FROM generate_series(1, :runs) g) s
ORDER BY g;

INSERT INTO task_instance (task_id, dag_id, run_id, start_date, end_date, duration, state, try_number, max_tries,
                           operator, queued_dttm, updated_at, pool, pool_slots)
SELECT 'task_' || k, r.dag_id, r.run_id, r.start_date + k * interval '10 seconds',
       CASE WHEN r.end_date IS NULL THEN NULL ELSE r.start_date + (k + 1) * interval '10 seconds' END,
       CASE WHEN r.end_date IS NULL THEN NULL ELSE 10.0 END,
       CASE r.state WHEN 'success' THEN 'success'
                    WHEN 'failed' THEN CASE WHEN k < 2 THEN 'success' ELSE 'failed' END
                    WHEN 'running' THEN CASE WHEN k = 0 THEN 'success' WHEN k = 1 THEN 'running' END END,
       1, 1, 'BashOperator', r.queued_at, r.updated_at, 'default_pool', 1
FROM (SELECT * FROM dag_run ORDER BY id DESC LIMIT :tis) r CROSS JOIN generate_series(0, 2) k;
ANALYZE;
