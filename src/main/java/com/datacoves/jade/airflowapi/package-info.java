/**
 * Jade's client of each Datacoves environment's Airflow stable REST API (v1), used to start and stop DAG runs:
 * {@link com.datacoves.jade.airflowapi.AirflowApiResolver} finds the API of an environment,
 * {@link com.datacoves.jade.airflowapi.AirflowApiClient} calls it. Reads never go through here: they use the Airflow
 * database (package {@code airflow}).
 */
package com.datacoves.jade.airflowapi;
