package com.datacoves.jade.airflow;

import io.micronaut.core.annotation.Nullable;

import java.time.OffsetDateTime;
import java.util.List;

/**
 * A row of Airflow's {@code dag} table with its tags, as a dbt Cloud job shows it.
 *
 * @param dagId                the DAG id
 * @param description          the DAG's description
 * @param active               Airflow 2 {@code is_active} / Airflow 3 {@code NOT is_stale}: the DAG file still exists
 * @param paused               {@code is_paused}
 * @param schedule             Airflow 2 {@code schedule_interval} (JSON text) or Airflow 3 {@code timetable_summary}
 *                             (as a JSON string)
 * @param timetableDescription Airflow's own words for the schedule
 * @param nextDagrun           the next scheduled logical date, UTC
 * @param tags                 {@code dag_tag} names, sorted
 */
public record DagRow(String dagId, @Nullable String description, boolean active, boolean paused,
                     @Nullable String schedule, @Nullable String timetableDescription,
                     @Nullable OffsetDateTime nextDagrun, List<String> tags) {
}
