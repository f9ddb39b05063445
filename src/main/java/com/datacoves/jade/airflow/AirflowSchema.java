package com.datacoves.jade.airflow;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashSet;
import java.util.Set;

/**
 * Which Airflow metadata schema an environment's database has, detected once per pool from PostgreSQL's catalog
 * ({@code pg_attribute} of the {@code dag} and {@code dag_run} tables the connection's search path finds; docs/airflow.md,
 * "Airflow 2 and 3"). The catalog is read directly because {@code information_schema.columns} costs about 10 ms per
 * call on a server holding many schemas, paid again by every replica that opens a pool.
 *
 * <p>Airflow 2.x is the baseline: {@code dag_run.execution_date}, {@code dag.schedule_interval},
 * {@code dag.is_active}, {@code dag_run.external_trigger}. Airflow 3 renamed {@code execution_date} to
 * {@code logical_date} (now nullable) and added {@code run_after} (never null) and {@code triggered_by}, replaced
 * {@code schedule_interval} by {@code timetable_summary}, replaced {@code is_active} by {@code is_stale} and dropped
 * {@code external_trigger}. Each accessor returns the SQL expression to read (on aliases {@code r} for
 * {@code dag_run}, {@code d} for {@code dag}), or a typed {@code NULL} when the column is absent, so one query text
 * works for both.
 *
 * @param columns the {@code table.column} names present in {@code dag} and {@code dag_run}
 */
public record AirflowSchema(Set<String> columns) {

    /** Who triggers a DAG run from outside its schedule in Airflow 3 ({@code dag_run.triggered_by}). */
    private static final String EXTERNAL_TRIGGERERS = "'cli', 'operator', 'rest_api', 'ui', 'test'";

    /**
     * Reads the columns of the {@code dag} and {@code dag_run} tables the connection's search path resolves (as every
     * later query names them).
     *
     * @throws SQLException when there is no {@code dag_run} table with an {@code id}, or the database fails
     */
    public static AirflowSchema detect(Connection c) throws SQLException {
        Set<String> cols = new HashSet<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("""
                SELECT t.name, a.attname FROM (VALUES ('dag'), ('dag_run')) t(name)
                JOIN pg_attribute a ON a.attrelid = to_regclass(t.name)
                WHERE a.attnum > 0 AND NOT a.attisdropped""")) {
            while (rs.next()) {
                cols.add(rs.getString(1) + "." + rs.getString(2));
            }
        }
        if (!cols.contains("dag_run.id")) {
            throw new SQLException("no Airflow dag_run table in schema " + c.getSchema());
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
        return has("dag_run.execution_date") ? "r.execution_date"
                : has("dag_run.logical_date") ? "r.logical_date" : "NULL::timestamptz";
    }

    /** Airflow 3's {@code run_after} (when the run may start; never null), else NULL. */
    public String runAfter() {
        return has("dag_run.run_after") ? "r.run_after" : "NULL::timestamptz";
    }

    /** True when {@code dag_run.updated_at} exists (Airflow ≥ 2.6). */
    public boolean hasRunUpdatedAt() {
        return has("dag_run.updated_at");
    }

    /** {@code dag_run.updated_at} or NULL. */
    public String runUpdatedAt() {
        return hasRunUpdatedAt() ? "r.updated_at" : "NULL::timestamptz";
    }

    /**
     * Whether the run was started from outside its schedule: {@code dag_run.external_trigger} (Airflow 2); in Airflow
     * 3, {@code triggered_by} is a person or a client (CLI, UI, REST API, an operator, a test), falling back to
     * {@code run_type = 'manual'} when {@code triggered_by} is empty. Asset-triggered, scheduled and backfill runs are
     * not external, as Airflow 2 recorded them.
     */
    public String externalTrigger() {
        if (has("dag_run.external_trigger")) {
            return "r.external_trigger";
        }
        if (has("dag_run.triggered_by")) {
            return "COALESCE(r.triggered_by IN (" + EXTERNAL_TRIGGERERS + "), r.run_type = 'manual')";
        }
        return "(r.run_type = 'manual')";
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
