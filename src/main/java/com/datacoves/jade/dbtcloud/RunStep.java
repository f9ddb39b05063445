package com.datacoves.jade.dbtcloud;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.soabase.recordbuilder.core.RecordBuilder;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;

/**
 * dbt Cloud {@code RunStep} (every spec field) = one Airflow task instance of the DAG run, with the
 * {@code RunStepResponse} timing fields. {@code index} counts from 1 in start order (start_date, nulls last, then
 * task_id); {@code name} is dbt Cloud's ``Invoke dbt with `<command>` `` for a task that ran dbt, else the task id
 * (docs/runs.md, "Run steps"); {@code status} is the dbt Cloud status of the task instance's Airflow state, mapped
 * as a DAG run's is (docs/runs.md, "Status"). Logs are not read from Airflow (empty strings, null paths).
 */
@Serdeable(naming = SnakeCaseStrategy.class)
@RecordBuilder
public record RunStep(long runId, long accountId, int index, int status, String statusHumanized, String name,
                      String logs, String debugLogs, @Nullable String logPath, @Nullable String debugLogPath,
                      @Nullable String startedAt, @Nullable String finishedAt, String duration,
                      String durationHumanized, String taskId, @Nullable String airflowState) {
}
