package com.datacoves.jade.airflow;

import io.micronaut.core.annotation.Nullable;

import java.time.OffsetDateTime;
import java.util.List;

/**
 * One task of a DAG run (Airflow's {@code task_instance}; a mapped task counts once, by its lowest map index).
 *
 * @param taskId      the task id
 * @param state       Airflow's task state ({@code success}, {@code failed}, {@code upstream_failed}, …), null when
 *                    not scheduled yet
 * @param startedAt   {@code start_date}, UTC
 * @param finishedAt  {@code end_date}, UTC
 * @param dbtCommands the dbt commands the task ran, read from its rendered template fields by {@link DbtCommands}
 *                    (e.g. {@code dbt build -s tag:daily}); empty when it runs no dbt or has not started
 */
public record TaskInstanceRow(String taskId, @Nullable String state, @Nullable OffsetDateTime startedAt,
                              @Nullable OffsetDateTime finishedAt, List<String> dbtCommands) {
}
