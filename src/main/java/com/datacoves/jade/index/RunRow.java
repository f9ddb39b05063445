package com.datacoves.jade.index;

import com.datacoves.jade.airflow.DagRunRow;
import io.micronaut.core.annotation.Nullable;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * A dbt Cloud run as Jade's {@code run_index} holds it: its stable ids and the Airflow DAG run's data as last read
 * (docs/index.md).
 *
 * @param id             the dbt Cloud run id
 * @param jobId          the dbt Cloud job id (job_definition_id) of the DAG
 * @param accountId      account of the environment
 * @param projectId      project of the environment
 * @param environmentId  Datacoves environment
 * @param dagRun         the Airflow DAG run's data
 * @param cancelledAt    when the run was cancelled through Jade (then it is status 30), else null
 * @param triggerCause   the {@code cause} of a run triggered through Jade, else null
 * @param triggerRequest the trigger fields of a run triggered through Jade, as JSON, else null
 */
public record RunRow(long id, long jobId, long accountId, long projectId, long environmentId, DagRunRow dagRun,
                     @Nullable OffsetDateTime cancelledAt, @Nullable String triggerCause,
                     @Nullable String triggerRequest) {

    /**
     * Columns {@link #read} expects from {@code run_index}, by position. Timestamps come as UTC wall times
     * ({@code AT TIME ZONE 'UTC'}, no alias so that an {@code ORDER BY finished_at} still names the indexed column):
     * pgjdbc turns a binary {@code timestamptz} into an {@code OffsetDateTime} through {@code ZoneOffset.getRules()},
     * which on Java 17 builds new {@code ZoneRules} each time — 16 % of the run list's allocations for 700
     * timestamps a page.
     */
    static final String COLUMNS = "id, job_id, account_id, project_id, environment_id, dag_id, dag_run_id, "
            + "run_id, state, run_type, external_trigger, " + utc("queued_at") + ", " + utc("logical_date") + ", "
            + utc("started_at") + ", " + utc("finished_at") + ", " + utc("updated_at") + ", " + utc("cancelled_at")
            + ", trigger_cause, trigger_request, " + utc("created_at");

    private static String utc(String column) {
        return column + " AT TIME ZONE 'UTC'";
    }

    /** Reads the current row of a result set selected with {@link #COLUMNS}. */
    static RunRow read(ResultSet rs) throws SQLException {
        long dagRunId = rs.getLong(7);
        Long key = rs.wasNull() ? null : dagRunId;
        OffsetDateTime queued = utc(rs, 12);
        OffsetDateTime logical = utc(rs, 13);
        OffsetDateTime created = utc(rs, 20);
        // run_index.created_at holds DagRunRow.createdAt(); keep it as run_after when neither of its sources is set
        OffsetDateTime runAfter = queued == null && logical == null ? created : null;
        DagRunRow d = new DagRunRow(key, rs.getString(6), rs.getString(8), rs.getString(9), rs.getString(10),
                bool(rs, 11), queued, logical, utc(rs, 14), utc(rs, 15), utc(rs, 16), runAfter);
        return new RunRow(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5), d,
                utc(rs, 17), rs.getString(18), rs.getString(19));
    }

    @Nullable
    private static OffsetDateTime utc(ResultSet rs, int column) throws SQLException {
        LocalDateTime t = rs.getObject(column, LocalDateTime.class);
        return t == null ? null : OffsetDateTime.of(t, ZoneOffset.UTC);
    }

    @Nullable
    private static Boolean bool(ResultSet rs, int column) throws SQLException {
        boolean b = rs.getBoolean(column);
        return rs.wasNull() ? null : b;
    }

    /** The dbt Cloud status code: 30 when cancelled through Jade, else that of the DAG run's state. */
    public int status() {
        return cancelledAt != null ? RunStatus.CANCELLED : RunStatus.of(dagRun.state());
    }
}
