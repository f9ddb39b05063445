package com.datacoves.jade.index;

import io.micronaut.core.annotation.Nullable;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;

/**
 * A row of Jade's {@code job_index}: one Airflow DAG of one environment = one dbt Cloud job, with the DAG's fields as
 * last read from Airflow (docs/index.md).
 *
 * @param id                   the dbt Cloud job id (stable, never reused)
 * @param accountId            account of the environment
 * @param projectId            project of the environment
 * @param environmentId        Datacoves environment
 * @param dagId                Airflow DAG id (the job's name)
 * @param description          DAG description
 * @param active               the DAG file still exists (Airflow 2 {@code is_active}, Airflow 3 {@code NOT is_stale})
 * @param paused               Airflow {@code is_paused}
 * @param schedule             Airflow 2 {@code schedule_interval} (JSON text) or Airflow 3 {@code timetable_summary}
 * @param timetableDescription Airflow's description of the schedule
 * @param nextDagrun           next scheduled logical date, UTC
 * @param tags                 DAG tags
 * @param executeSteps         the dbt commands (else task ids) of the DAG's newest started run, in the order they ran
 * @param present              false when the DAG row is not (or no longer) in Airflow
 * @param createdAt            when Jade first saw the DAG, UTC (Airflow keeps no creation time)
 * @param updatedAt            when a field above last changed, UTC
 */
public record JobRow(long id, long accountId, long projectId, long environmentId, String dagId,
                     @Nullable String description, boolean active, boolean paused, @Nullable String schedule,
                     @Nullable String timetableDescription, @Nullable OffsetDateTime nextDagrun, List<String> tags,
                     List<String> executeSteps, boolean present, OffsetDateTime createdAt,
                     OffsetDateTime updatedAt) {

    /** The columns {@link #read} expects, for {@code job_index}. */
    static final String COLUMNS = "id, account_id, project_id, environment_id, dag_id, description, is_active, "
            + "is_paused, schedule_interval, timetable_description, next_dagrun, tags, execute_steps, present, "
            + "created_at, indexed_at";

    /** Reads the current row of a result set selected with {@link #COLUMNS}. */
    static JobRow read(ResultSet rs) throws SQLException {
        return new JobRow(rs.getLong("id"), rs.getLong("account_id"), rs.getLong("project_id"),
                rs.getLong("environment_id"), rs.getString("dag_id"), rs.getString("description"),
                rs.getBoolean("is_active"), rs.getBoolean("is_paused"), rs.getString("schedule_interval"),
                rs.getString("timetable_description"), rs.getObject("next_dagrun", OffsetDateTime.class),
                strings(rs.getArray("tags")), strings(rs.getArray("execute_steps")), rs.getBoolean("present"),
                rs.getObject("created_at", OffsetDateTime.class), rs.getObject("indexed_at", OffsetDateTime.class));
    }

    /** dbt Cloud state: 1 active, 2 deleted (DAG inactive or gone from Airflow). */
    public int state() {
        return present && active ? 1 : 2;
    }

    private static List<String> strings(java.sql.Array a) throws SQLException {
        return a == null ? List.of() : Arrays.stream((Object[]) a.getArray()).map(String::valueOf).toList();
    }
}
