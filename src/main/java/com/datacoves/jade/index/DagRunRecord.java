package com.datacoves.jade.index;

import io.micronaut.core.annotation.Nullable;

import java.time.OffsetDateTime;

/**
 * One Airflow DAG run (a dbt Cloud run), as read from Airflow's {@code dag_run} or from Jade's {@code run_index}.
 * All times UTC.
 *
 * @param dagRunId        Airflow's {@code dag_run.id}, null for a run Jade knows of before Airflow does
 * @param dagId           the DAG (job)
 * @param runId           Airflow's {@code run_id}, e.g. {@code scheduled__2026-11-20T06:00:00+00:00}
 * @param state           Airflow's state ({@code queued}, {@code running}, {@code success}, {@code failed}, …)
 * @param runType         {@code scheduled}, {@code manual}, {@code backfill}, {@code dataset_triggered}, …
 * @param externalTrigger true when triggered from outside the scheduler (UI, API, CLI)
 * @param queuedAt        when the run was queued
 * @param logicalDate     {@code execution_date} (Airflow 2) or {@code logical_date} (Airflow 3)
 * @param startedAt       {@code start_date}
 * @param finishedAt      {@code end_date}
 * @param updatedAt       {@code updated_at} when Airflow has it
 */
public record DagRunRecord(@Nullable Long dagRunId, String dagId, String runId, @Nullable String state,
                           @Nullable String runType, @Nullable Boolean externalTrigger,
                           @Nullable OffsetDateTime queuedAt, @Nullable OffsetDateTime logicalDate,
                           @Nullable OffsetDateTime startedAt, @Nullable OffsetDateTime finishedAt,
                           @Nullable OffsetDateTime updatedAt) {

    /** dbt Cloud {@code created_at}: when queued, else the logical date. */
    @Nullable
    public OffsetDateTime createdAt() {
        return queuedAt != null ? queuedAt : logicalDate;
    }
}
