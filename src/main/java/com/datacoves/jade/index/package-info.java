/**
 * Jade's index of dbt Cloud jobs and runs over Airflow (CONTRACT §1): where dbt Cloud's job meets Airflow's DAG and
 * dbt Cloud's run meets Airflow's DAG run.
 *
 * <p>Tables ({@code db/migration/V10__job_and_run_index.sql}): {@code job_index} (one row per (environment, dag_id),
 * its id is the dbt Cloud job id), {@code run_index} (one row per (environment, dag_id, run_id), its id is the dbt
 * Cloud run id; keyed by run_id so that a run triggered through Jade can get its id before Airflow has the row) and
 * {@code index_watermark}. {@link com.datacoves.jade.index.IndexRefresher} fills them from every environment's Airflow
 * database in the background and on demand; {@link com.datacoves.jade.index.AirflowReader} is the only reader of
 * Airflow's {@code dag}/{@code dag_run}; {@link com.datacoves.jade.index.IndexStore} the only writer of the index;
 * {@link com.datacoves.jade.index.IndexSql} builds the single-statement list queries the jobs and runs routes run.
 *
 * <p>Staleness: a new DAG run is listed at most {@code jade.index.refresh-interval} (2 s) plus one refresh pass after
 * Airflow commits it — under 5 s with a reachable Airflow database (see {@link com.datacoves.jade.index.IndexRefresher}).
 */
package com.datacoves.jade.index;
