package com.datacoves.jade.runs;

import com.datacoves.jade.http.Durations;
import com.datacoves.jade.http.Timestamps;
import jakarta.inject.Singleton;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a DAG run's task instances from Airflow (the dbt Cloud run's steps), straight from the environment's Airflow
 * database so they are current. Mapped tasks (several {@code map_index}) count once: the lowest map index stands for
 * the task. Order: start_date (nulls last), then task_id; {@code index} counts from 1.
 */
@Singleton
public class TaskInstanceReader {

    /** The run steps of DAG run {@code (dagId, runId)} rendered for dbt Cloud run {@code r}. */
    public List<RunStep> steps(DataSource pool, RunRow r, Instant now) throws SQLException {
        String sql = """
                SELECT task_id, state, start_date, end_date FROM (
                  SELECT DISTINCT ON (task_id) task_id, state, start_date, end_date FROM task_instance
                  WHERE dag_id = ? AND run_id = ? ORDER BY task_id, map_index) t
                ORDER BY start_date NULLS LAST, task_id""";
        List<RunStep> out = new ArrayList<>();
        try (Connection c = pool.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setQueryTimeout(10);
            ps.setString(1, r.dagRun().dagId());
            ps.setString(2, r.dagRun().runId());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String state = rs.getString(2);
                    OffsetDateTime start = rs.getObject(3, OffsetDateTime.class);
                    OffsetDateTime end = rs.getObject(4, OffsetDateTime.class);
                    var d = Durations.between(start, end, now);
                    int status = RunStatus.of(state);
                    out.add(new RunStep(r.id(), r.accountId(), out.size() + 1, status, RunStatus.humanized(status),
                            rs.getString(1), "", "", null, null, Timestamps.iso(start), Timestamps.iso(end),
                            Durations.hms(d), Durations.humanized(d), rs.getString(1), state));
                }
            }
        }
        return out;
    }
}
