package com.datacoves.jade.airflow;

import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.Query;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * Reads Airflow's {@code dag_run} table (read-only). Every query is bounded by the primary key, by Airflow's own
 * unique key {@code (dag_id, run_id)}, by the partial indexes on queued and running runs, or by a LIMIT: none scans
 * the table, whatever its size (docs/index.md, "What a pass reads"; Airflow has no index on {@code updated_at}).
 */
@Singleton
public class DagRunRepository {

    /**
     * What one refresh pass asks for, in one statement (docs/index.md).
     *
     * @param highDagRunId  read runs with {@code dag_run.id} above this ("added"), in id order
     * @param batch         at most this many added runs
     * @param recheckIds    re-read these {@code dag_run.id}s (holes, runs Jade has as unfinished)
     * @param activeLimit   at most this many runs per active state (queued, running), newest first
     * @param recentFloor   the "changed" part looks at ids above this only (a primary-key range)
     * @param changedSince  the "changed" part: {@code updated_at} at or after this; null to skip the part
     * @param sweepAfterId  the sweep: runs with ids above this, in id order; null when no sweep is in progress
     * @param sweepBatch    at most this many swept runs
     */
    public record ChangeRequest(long highDagRunId, int batch, Collection<Long> recheckIds, int activeLimit,
                                long recentFloor, @Nullable OffsetDateTime changedSince,
                                @Nullable Long sweepAfterId, int sweepBatch) {
    }

    /**
     * The answer, by part; a run may be in several parts.
     *
     * @param newest    the run with the highest id, if the table has any
     * @param added     runs above {@code highDagRunId}, by id, at most {@code batch}
     * @param rechecked the re-read ids that still exist
     * @param active    queued and running runs
     * @param changed   recent runs updated since {@code changedSince}
     * @param swept     the sweep page, by id, at most {@code sweepBatch}
     */
    public record Changes(Optional<DagRunRow> newest, List<DagRunRow> added, List<DagRunRow> rechecked,
                          List<DagRunRow> active, List<DagRunRow> changed, List<DagRunRow> swept) {
    }

    /**
     * The SQL text and arguments of a pass's request: one {@code UNION ALL} of bounded parts, each row tagged with
     * its part ({@code m} newest, {@code n} added, {@code r} rechecked, {@code a} active, {@code c} changed,
     * {@code s} swept) in its first column.
     *
     * @param sql  the statement
     * @param args its positional arguments
     */
    public record Statement(String sql, List<Object> args) {
    }

    /** Builds the statement {@link #changes} runs (public for the query-plan test). */
    public static Statement changeStatement(AirflowSchema s, ChangeRequest q) {
        String cols = columns(s);
        List<String> parts = new ArrayList<>();
        List<Object> args = new ArrayList<>();
        parts.add("(SELECT 'm' AS part, " + cols + " FROM dag_run r ORDER BY r.id DESC LIMIT 1)");
        parts.add("(SELECT 'n', " + cols + " FROM dag_run r WHERE r.id > ? ORDER BY r.id LIMIT ?)");
        args.add(q.highDagRunId());
        args.add(q.batch());
        if (!q.recheckIds().isEmpty()) {
            parts.add("(SELECT 'r', " + cols + " FROM dag_run r WHERE r.id = ANY(?))");
            args.add(q.recheckIds().toArray(new Long[0]));
        }
        for (String state : List.of("queued", "running")) {
            // one part per state: each is served by Airflow's partial index on that state
            parts.add("(SELECT 'a', " + cols + " FROM dag_run r WHERE r.state = '" + state
                    + "' ORDER BY r.id DESC LIMIT ?)");
            args.add(q.activeLimit());
        }
        if (q.changedSince() != null && s.hasRunUpdatedAt()) {
            parts.add("(SELECT 'c', " + cols + " FROM dag_run r WHERE r.id > ? AND r.updated_at >= ?)");
            args.add(q.recentFloor());
            args.add(q.changedSince());
        }
        if (q.sweepAfterId() != null) {
            parts.add("(SELECT 's', " + cols + " FROM dag_run r WHERE r.id > ? ORDER BY r.id LIMIT ?)");
            args.add(q.sweepAfterId());
            args.add(q.sweepBatch());
        }
        return new Statement(String.join("\nUNION ALL\n", parts), args);
    }

    /** Reads every part of a pass's request in one statement (one round trip, one snapshot). */
    public Changes changes(AirflowDatabase db, ChangeRequest q) {
        Statement statement = changeStatement(db.schema(), q);
        String sql = statement.sql();
        List<Object> args = statement.args();
        List<DagRunRow> added = new ArrayList<>();
        List<DagRunRow> rechecked = new ArrayList<>();
        List<DagRunRow> active = new ArrayList<>();
        List<DagRunRow> changed = new ArrayList<>();
        List<DagRunRow> swept = new ArrayList<>();
        DagRunRow[] newest = {null};
        db.jdbi().useHandle(h -> {
            Query query = h.createQuery(sql);
            for (int i = 0; i < args.size(); i++) {
                query.bind(i, args.get(i));
            }
            query.map((rs, ctx) -> {
                DagRunRow row = read(rs, 2);
                switch (rs.getString(1)) {
                    case "m" -> newest[0] = row;
                    case "n" -> added.add(row);
                    case "r" -> rechecked.add(row);
                    case "a" -> active.add(row);
                    case "c" -> changed.add(row);
                    default -> swept.add(row);
                }
                return row;
            }).forEach(row -> { });
        });
        return new Changes(Optional.ofNullable(newest[0]), added, rechecked, active, changed, swept);
    }

    /** Up to {@code limit} runs with {@code dag_run.id > afterId}, by id. */
    public List<DagRunRow> after(AirflowDatabase db, long afterId, int limit) {
        String sql = "SELECT " + columns(db.schema()) + " FROM dag_run r WHERE r.id > ? ORDER BY r.id LIMIT ?";
        return db.jdbi().withHandle(h -> h.createQuery(sql).bind(0, afterId).bind(1, limit).map(ROW).list());
    }

    /** The run {@code (dagId, airflowRunId)}: Airflow's own unique key. */
    public Optional<DagRunRow> find(AirflowDatabase db, String dagId, String airflowRunId) {
        String sql = "SELECT " + columns(db.schema()) + " FROM dag_run r WHERE r.dag_id = ? AND r.run_id = ?";
        return db.jdbi().withHandle(h -> h.createQuery(sql).bind(0, dagId).bind(1, airflowRunId).map(ROW).findOne());
    }

    private static final RowMapper<DagRunRow> ROW = (rs, ctx) -> read(rs, 1);

    private static String columns(AirflowSchema s) {
        return "r.id, r.dag_id, r.run_id, r.state, r.run_type, %s, %s, %s, r.start_date, r.end_date, %s, %s"
                .formatted(s.externalTrigger(), s.queuedAt(), s.logicalDate(), s.runUpdatedAt(), s.runAfter());
    }

    private static DagRunRow read(java.sql.ResultSet rs, int from) throws java.sql.SQLException {
        int i = from;
        long id = rs.getLong(i++);
        String dagId = rs.getString(i++);
        String runId = rs.getString(i++);
        String state = rs.getString(i++);
        String runType = rs.getString(i++);
        boolean external = rs.getBoolean(i);
        Boolean externalTrigger = rs.wasNull() ? null : external;
        i++;
        return new DagRunRow(id, dagId, runId, state, runType, externalTrigger,
                rs.getObject(i++, OffsetDateTime.class), rs.getObject(i++, OffsetDateTime.class),
                rs.getObject(i++, OffsetDateTime.class), rs.getObject(i++, OffsetDateTime.class),
                rs.getObject(i++, OffsetDateTime.class), rs.getObject(i, OffsetDateTime.class));
    }
}
