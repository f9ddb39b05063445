package com.datacoves.jade.index;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashSet;
import java.util.Set;

/**
 * Which Airflow metadata schema an environment's database has, detected once per pool from
 * {@code information_schema.columns} (see {@link AirflowSchemas}).
 *
 * <p>Airflow 2.x is the baseline: {@code dag_run.execution_date}, {@code dag.schedule_interval},
 * {@code dag.is_active}, {@code dag_run.external_trigger}. Airflow 3 renamed {@code execution_date} to
 * {@code logical_date}, replaced {@code schedule_interval} by {@code timetable_summary}, replaced
 * {@code is_active} by {@code is_stale} and dropped {@code external_trigger}. Each accessor returns the SQL
 * expression to read, or {@code NULL} when the column is absent, so one query text works for both.
 *
 * @param columns the {@code table.column} names present in {@code dag} and {@code dag_run}
 */
public record AirflowSchema(Set<String> columns) {

    /** Reads the columns of {@code dag} and {@code dag_run} in the connection's current schema. */
    public static AirflowSchema detect(Connection c) throws SQLException {
        Set<String> cols = new HashSet<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("""
                SELECT table_name, column_name FROM information_schema.columns
                WHERE table_schema = current_schema() AND table_name IN ('dag', 'dag_run')""")) {
            while (rs.next()) {
                cols.add(rs.getString(1) + "." + rs.getString(2));
            }
        }
        return new AirflowSchema(Set.copyOf(cols));
    }

    private boolean has(String column) {
        return columns.contains(column);
    }

    /** True for Airflow 3 ({@code dag_run.logical_date} instead of {@code execution_date}). */
    public boolean airflow3() {
        return has("dag_run.logical_date") && !has("dag_run.execution_date");
    }

    /** The logical date of a DAG run: {@code execution_date} (Airflow 2) or {@code logical_date} (Airflow 3). */
    public String logicalDate() {
        return has("dag_run.execution_date") ? "r.execution_date" : has("dag_run.logical_date") ? "r.logical_date" : "NULL";
    }

    /** True when {@code dag_run.updated_at} exists (Airflow ≥ 2.6), the change watermark. */
    public boolean hasRunUpdatedAt() {
        return has("dag_run.updated_at");
    }

    /** {@code dag_run.updated_at} or NULL. */
    public String runUpdatedAt() {
        return hasRunUpdatedAt() ? "r.updated_at" : "NULL::timestamptz";
    }

    /** {@code dag_run.external_trigger} (Airflow 2) or, in Airflow 3, whether the run is not scheduled. */
    public String externalTrigger() {
        return has("dag_run.external_trigger") ? "r.external_trigger" : "(r.run_type <> 'scheduled')";
    }

    /** {@code dag_run.queued_at} or NULL. */
    public String queuedAt() {
        return has("dag_run.queued_at") ? "r.queued_at" : "NULL::timestamptz";
    }

    /** Whether the DAG is active: {@code is_active} (Airflow 2) or {@code NOT is_stale} (Airflow 3). */
    public String dagActive() {
        return has("dag.is_active") ? "COALESCE(d.is_active, true)"
                : has("dag.is_stale") ? "NOT COALESCE(d.is_stale, false)" : "true";
    }

    /** The schedule: {@code schedule_interval} (Airflow 2, JSON-encoded) or {@code timetable_summary} (Airflow 3). */
    public String schedule() {
        return has("dag.schedule_interval") ? "d.schedule_interval"
                : has("dag.timetable_summary") ? "to_json(d.timetable_summary)::text" : "NULL";
    }

    /** {@code dag.timetable_description} or NULL. */
    public String timetableDescription() {
        return has("dag.timetable_description") ? "d.timetable_description" : "NULL";
    }
}
