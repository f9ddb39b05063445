/**
 * Jade's index of dbt Cloud jobs and runs over Airflow (CONTRACT §1): where dbt Cloud's job meets Airflow's DAG and
 * dbt Cloud's run meets Airflow's DAG run.
 *
 * <p>Tables ({@code db/migration/V10__job_and_run_index.sql}, {@code V31__run_counts.sql}): {@code job_index} (one
 * row per (environment, dag_id), its id is the dbt Cloud job id), {@code run_index} (one row per (environment, dag_id, run_id), its id is the dbt
 * Cloud run id; keyed by run_id so that a run triggered through Jade can get its id before Airflow has the row) and
 * {@code index_watermark}. {@link com.datacoves.jade.index.IndexRefresher} fills them from every environment's Airflow
 * database in the background and on demand; {@link com.datacoves.jade.index.AirflowReader} is the only reader of
 * Airflow's {@code dag}/{@code dag_run}; {@link com.datacoves.jade.index.IndexStore} writes what Airflow says, and
 * {@code runs.RunControlStore} writes what Jade itself did (a run triggered through Jade, recorded before Airflow has
 * it; a cancellation), with the same conflict rules so that a DAG run keeps one id;
 * {@link com.datacoves.jade.index.IndexSql} builds the list queries (page and total, one snapshot) the jobs and runs
 * routes run.
 *
 * <p>Staleness: a new DAG run is listed about {@code jade.index.refresh-interval} (2 s) after Airflow commits it, at
 * worst {@code jade.index.max-lag} (4 s) plus one refresh pass — under 5 s with a reachable Airflow database (see
 * {@link com.datacoves.jade.index.IndexRefresher}). {@code run_count} ({@code V31__run_counts.sql}, kept by a trigger
 * on {@code run_index}) holds the run counts per (account, project, environment, job, status) that list totals use.
 */
package com.datacoves.jade.index;
