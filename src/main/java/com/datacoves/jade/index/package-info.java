/**
 * Jade's index of dbt Cloud jobs and runs over Airflow: where dbt Cloud's job meets Airflow's DAG and dbt Cloud's run
 * meets Airflow's DAG run (docs/index.md).
 *
 * <p>Tables: {@code job_index} (one row per (environment, dag_id); its id is the dbt Cloud job id), {@code run_index}
 * (one row per (environment, dag_id, run_id); its id is the dbt Cloud run id), {@code run_count} (list totals, kept by
 * a trigger), and the coordination tables {@code index_environment} and {@code index_replica}.
 * {@link com.datacoves.jade.index.IndexScheduler} runs refresh passes ({@link com.datacoves.jade.index.IndexPass}) on
 * one replica at a time per environment; {@link com.datacoves.jade.index.JobIndexRepository} and
 * {@link com.datacoves.jade.index.RunIndexRepository} are the only code that reads or writes the index tables,
 * {@link com.datacoves.jade.index.IndexStateRepository} the coordination tables.
 */
package com.datacoves.jade.index;
