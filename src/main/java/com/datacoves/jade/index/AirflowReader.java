package com.datacoves.jade.index;

import jakarta.inject.Singleton;

import javax.sql.DataSource;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * The only reader of Airflow's {@code dag} and {@code dag_run} tables (read-only, one environment's pool at a time).
 * Every query is bounded (by id watermark, by a LIMIT or by primary/unique key) so a refresh never scans a whole
 * {@code dag_run} table. Airflow 2 and 3 column differences are resolved through {@link AirflowSchema}.
 */
@Singleton
public class AirflowReader {

    /** Most DAG runs read by one query of a refresh pass. */
    public static final int BATCH = 2000;
    private static final int QUERY_TIMEOUT_SECONDS = 10;

    private final AirflowSchemas schemas;

    public AirflowReader(AirflowSchemas schemas) {
        this.schemas = schemas;
    }

    /** Every DAG with its tags and the task ids of its latest run (the job's {@code execute_steps}). */
    public List<DagRecord> dags(DataSource pool) throws SQLException {
        AirflowSchema s = schemas.of(pool);
        String sql = """
                SELECT d.dag_id, d.description, %s AS active, COALESCE(d.is_paused, false) AS paused,
                       %s AS schedule, %s AS timetable, d.next_dagrun, d.last_parsed_time,
                       ARRAY(SELECT t.name FROM dag_tag t WHERE t.dag_id = d.dag_id ORDER BY t.name) AS tags,
                       ARRAY(SELECT ti.task_id FROM task_instance ti
                             WHERE ti.dag_id = d.dag_id
                               AND ti.run_id = (SELECT r.run_id FROM dag_run r WHERE r.dag_id = d.dag_id
                                                ORDER BY r.id DESC LIMIT 1)
                             GROUP BY ti.task_id ORDER BY min(ti.start_date) NULLS LAST, ti.task_id) AS steps
                FROM dag d ORDER BY d.dag_id""".formatted(s.dagActive(), s.schedule(), s.timetableDescription());
        List<DagRecord> out = new ArrayList<>();
        try (Connection c = pool.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setQueryTimeout(QUERY_TIMEOUT_SECONDS);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new DagRecord(rs.getString(1), rs.getString(2), rs.getBoolean(3), rs.getBoolean(4),
                            rs.getString(5), rs.getString(6), rs.getObject(7, OffsetDateTime.class),
                            rs.getObject(8, OffsetDateTime.class), strings(rs.getArray(9)), strings(rs.getArray(10))));
                }
            }
        }
        return out;
    }

    /** Up to {@link #BATCH} DAG runs with {@code dag_run.id > afterId}, by id. */
    public List<DagRunRecord> runsAfter(DataSource pool, long afterId) throws SQLException {
        return query(pool, "r.id > ? ORDER BY r.id LIMIT " + BATCH, afterId);
    }

    /**
     * Up to {@link #BATCH} DAG runs changed at or after {@code since} ({@code dag_run.updated_at}), oldest change
     * first; empty when Airflow has no {@code updated_at} column.
     */
    public List<DagRunRecord> runsChangedSince(DataSource pool, OffsetDateTime since) throws SQLException {
        if (!schemas.of(pool).hasRunUpdatedAt()) {
            return List.of();
        }
        return query(pool, "r.updated_at >= ? ORDER BY r.updated_at LIMIT " + BATCH, since);
    }

    /** The DAG runs with these {@code dag_run.id}s (re-reading unfinished runs). */
    public List<DagRunRecord> runsById(DataSource pool, Collection<Long> ids) throws SQLException {
        if (ids.isEmpty()) {
            return List.of();
        }
        return query(pool, "r.id = ANY(?)", (Object) ids.toArray(new Long[0]));
    }

    /** The DAG run {@code (dag_id, run_id)}, the key Airflow itself guarantees unique. */
    public Optional<DagRunRecord> run(DataSource pool, String dagId, String runId) throws SQLException {
        return query(pool, "r.dag_id = ? AND r.run_id = ?", dagId, runId).stream().findFirst();
    }

    private List<DagRunRecord> query(DataSource pool, String where, Object... args) throws SQLException {
        AirflowSchema s = schemas.of(pool);
        String sql = "SELECT r.id, r.dag_id, r.run_id, r.state, r.run_type, %s, %s, %s, r.start_date, r.end_date, %s FROM dag_run r WHERE "
                .formatted(s.externalTrigger(), s.queuedAt(), s.logicalDate(), s.runUpdatedAt()) + where;
        List<DagRunRecord> out = new ArrayList<>();
        try (Connection c = pool.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setQueryTimeout(QUERY_TIMEOUT_SECONDS);
            for (int i = 0; i < args.length; i++) {
                if (args[i] instanceof Long[] array) {
                    ps.setArray(i + 1, c.createArrayOf("bigint", array));
                } else {
                    ps.setObject(i + 1, args[i]);
                }
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new DagRunRecord(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getString(5), (Boolean) rs.getObject(6), rs.getObject(7, OffsetDateTime.class),
                            rs.getObject(8, OffsetDateTime.class), rs.getObject(9, OffsetDateTime.class),
                            rs.getObject(10, OffsetDateTime.class), rs.getObject(11, OffsetDateTime.class)));
                }
            }
        }
        return out;
    }

    private static List<String> strings(Array array) throws SQLException {
        return array == null ? List.of() : Arrays.stream((Object[]) array.getArray()).map(String::valueOf).toList();
    }
}
