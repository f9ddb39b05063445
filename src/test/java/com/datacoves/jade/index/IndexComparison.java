package com.datacoves.jade.index;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Compares one environment's rows of Jade's {@code run_index} with its Airflow {@code dag_run} table, row by row: every
 * DAG run listed with its {@code dag_run.id}, state and timestamps; nothing listed that Airflow no longer has.
 * Test support for the index's ground truth.
 */
final class IndexComparison {

    private IndexComparison() {
    }

    /** A run's identity in Airflow and what the index must say about it. */
    private record Row(long dagRunId, String dagId, String runId, String state, OffsetDateTime queuedAt,
                       OffsetDateTime logicalDate, OffsetDateTime startedAt, OffsetDateTime finishedAt,
                       OffsetDateTime updatedAt) {
    }

    /** The differences, one line each (at most 20 shown, then a count); empty when the index tells the truth. */
    static List<String> differences(Connection airflow, boolean airflow3, Connection jade, long environmentId)
            throws SQLException {
        Map<String, Row> truth = new HashMap<>();
        try (Statement s = airflow.createStatement(); ResultSet rs = s.executeQuery(
                "SELECT id, dag_id, run_id, state, queued_at, " + (airflow3 ? "logical_date" : "execution_date")
                        + ", start_date, end_date, updated_at FROM dag_run")) {
            while (rs.next()) {
                Row r = row(rs, 1);
                truth.put(r.dagId() + " " + r.runId(), r);
            }
        }
        List<String> out = new ArrayList<>();
        Map<String, Boolean> listed = new HashMap<>();
        try (PreparedStatement ps = jade.prepareStatement("""
                SELECT dag_run_id, dag_id, run_id, state, queued_at, logical_date, started_at, finished_at, updated_at,
                       (to_jsonb(r) ->> 'deleted_at') IS NOT NULL AS deleted
                FROM run_index r WHERE environment_id = ? AND dag_run_id IS NOT NULL""")) {
            ps.setLong(1, environmentId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Row indexed = row(rs, 1);
                    boolean deleted = rs.getBoolean(10);
                    String key = indexed.dagId() + " " + indexed.runId();
                    Row actual = truth.get(key);
                    if (deleted) {
                        if (actual != null) {
                            out.add("marked deleted but in Airflow: " + key);
                        }
                        continue;
                    }
                    listed.put(key, true);
                    if (actual == null) {
                        out.add("listed but deleted in Airflow: " + key);
                    } else if (!actual.equals(indexed)) {
                        out.add("differs: " + key + " Airflow " + actual + " index " + indexed);
                    }
                }
            }
        }
        for (String key : truth.keySet()) {
            if (!listed.containsKey(key)) {
                out.add("missing from the index: " + key + " " + truth.get(key).state());
            }
        }
        if (out.size() > 20) {
            int n = out.size();
            out = new ArrayList<>(out.subList(0, 20));
            out.add("… " + (n - 20) + " more");
        }
        return out;
    }

    /** The index's run id of each DAG run of the environment, by "dag_id run_id". */
    static Map<String, Long> ids(Connection jade, long environmentId) throws SQLException {
        Map<String, Long> ids = new HashMap<>();
        try (PreparedStatement ps = jade.prepareStatement(
                "SELECT dag_id, run_id, id FROM run_index WHERE environment_id = ?")) {
            ps.setLong(1, environmentId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ids.put(rs.getString(1) + " " + rs.getString(2), rs.getLong(3));
                }
            }
        }
        return ids;
    }

    private static Row row(ResultSet rs, int from) throws SQLException {
        int i = from;
        return new Row(rs.getLong(i++), rs.getString(i++), rs.getString(i++), rs.getString(i++), ts(rs, i++),
                ts(rs, i++), ts(rs, i++), ts(rs, i++), ts(rs, i));
    }

    private static OffsetDateTime ts(ResultSet rs, int column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.withOffsetSameInstant(java.time.ZoneOffset.UTC);
    }

    /** True when the two id maps agree on every key they share. */
    static List<String> changedIds(Map<String, Long> before, Map<String, Long> after) {
        List<String> changed = new ArrayList<>();
        before.forEach((k, id) -> {
            if (after.containsKey(k) && !Objects.equals(after.get(k), id)) {
                changed.add(k + ": " + id + " → " + after.get(k));
            }
        });
        return changed;
    }
}
