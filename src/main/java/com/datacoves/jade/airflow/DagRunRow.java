package com.datacoves.jade.airflow;

import io.micronaut.core.annotation.Nullable;

import java.time.OffsetDateTime;

/**
 * An Airflow DAG run (a row of {@code dag_run}), in Airflow's terms (docs/glossary.md: the three run ids).
 *
 * @param dagRunId        Airflow's integer key {@code dag_run.id}; null only for a run Jade triggered that Airflow
 *                        has not stored yet
 * @param dagId           the DAG
 * @param airflowRunId    Airflow's {@code run_id}, unique per DAG, e.g. {@code scheduled__2024-01-01T06:00:00+00:00}
 * @param state           {@code queued}, {@code running}, {@code success}, {@code failed} (or null)
 * @param runType         {@code scheduled}, {@code manual}, {@code backfill}, {@code dataset_triggered} /
 *                        {@code asset_triggered}
 * @param externalTrigger started from outside the schedule (see {@link AirflowSchema#externalTrigger()})
 * @param queuedAt        when it was last queued, UTC
 * @param logicalDate     Airflow 2 {@code execution_date} / Airflow 3 {@code logical_date} (nullable there), UTC
 * @param startedAt       {@code start_date}, UTC
 * @param finishedAt      {@code end_date}, UTC
 * @param updatedAt       {@code updated_at} (Airflow ≥ 2.6), UTC
 * @param runAfter        Airflow 3 {@code run_after}, UTC; null on Airflow 2
 */
public record DagRunRow(@Nullable Long dagRunId, String dagId, String airflowRunId, @Nullable String state,
                        @Nullable String runType, @Nullable Boolean externalTrigger,
                        @Nullable OffsetDateTime queuedAt, @Nullable OffsetDateTime logicalDate,
                        @Nullable OffsetDateTime startedAt, @Nullable OffsetDateTime finishedAt,
                        @Nullable OffsetDateTime updatedAt, @Nullable OffsetDateTime runAfter) {

    /**
     * When the run entered the queue, as dbt Cloud's {@code created_at}: {@code queued_at}, else the logical date,
     * else Airflow 3's {@code run_after} (docs/runs.md, "Timestamps").
     */
    @Nullable
    public OffsetDateTime createdAt() {
        return queuedAt != null ? queuedAt : logicalDate != null ? logicalDate : runAfter;
    }
}
