package com.datacoves.jade.index;

import io.micronaut.core.annotation.Nullable;

import java.time.OffsetDateTime;
import java.util.List;

/**
 * One Airflow DAG as read from an environment's Airflow {@code dag} table (a dbt Cloud job).
 *
 * @param dagId                the DAG id (the job's name)
 * @param description          the DAG's description, null when none
 * @param active               false when Airflow no longer finds the DAG file ({@code is_active}/{@code is_stale})
 * @param paused               true when paused in Airflow
 * @param schedule             the raw {@code schedule_interval} text (JSON-encoded: {@code "\"0 6 * * *\""},
 *                             {@code "\"@daily\""} or {@code null}), null when absent
 * @param timetableDescription Airflow's human text of the schedule, null when absent
 * @param nextDagrun           logical date of the next scheduled run, UTC, null when none
 * @param lastParsedTime       when the scheduler last parsed the DAG file, UTC
 * @param tags                 the DAG's tags ({@code dag_tag}), sorted
 * @param executeSteps         task ids of the DAG's latest run, in execution order (the job's {@code execute_steps})
 */
public record DagRecord(String dagId, @Nullable String description, boolean active, boolean paused,
                        @Nullable String schedule, @Nullable String timetableDescription,
                        @Nullable OffsetDateTime nextDagrun, @Nullable OffsetDateTime lastParsedTime,
                        List<String> tags, List<String> executeSteps) {
}
