package com.datacoves.jade.index;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;

/**
 * Writes to a real Airflow 2.10 or 3.0 {@code dag_run} table the way Airflow's schedulers, webservers and users do,
 * at random from a seed: new runs (many at once), state changes, finished runs marked failed or successful, clears
 * back to queued, deletes, and transactions that take their id or stamp their {@code updated_at} and commit later.
 * Test support for the index's ground truth. Changes skip rows that a transaction left open holds, so the churn
 * never waits for itself.
 */
final class AirflowChurn {

    static final List<String> DAGS = List.of("churn_a", "churn_b", "churn_c");

    private final Callable<Connection> connect;
    private final boolean airflow3;
    private final Random random;
    private final List<Connection> open = new ArrayList<>();
    private int sequence;

    /**
     * @param connect  opens a connection to the Airflow database (autocommit on)
     * @param airflow3 true for the Airflow 3.0 table shapes
     */
    AirflowChurn(Callable<Connection> connect, boolean airflow3, long seed) {
        this.connect = connect;
        this.airflow3 = airflow3;
        this.random = new Random(seed);
    }

    /** Creates the DAGs, supplying every NOT NULL column as Airflow does. */
    void createDags() throws Exception {
        try (Connection c = connect.call(); PreparedStatement ps = c.prepareStatement(airflow3
                ? "INSERT INTO dag (dag_id, is_paused, is_stale, max_active_tasks, max_consecutive_failed_dag_runs, "
                + "has_task_concurrency_limits, timetable_summary) VALUES (?, false, false, 16, 0, false, '0 6 * * *')"
                : "INSERT INTO dag (dag_id, is_paused, is_active, max_active_tasks, max_consecutive_failed_dag_runs, "
                + "has_task_concurrency_limits, schedule_interval) VALUES (?, false, true, 16, 0, false, "
                + "'\"0 6 * * *\"')")) {
            for (String dag : DAGS) {
                ps.setString(1, dag);
                ps.executeUpdate();
            }
        }
    }

    /** Inserts {@code n} runs in one transaction, in random states. */
    void insert(int n) throws Exception {
        try (Connection c = connect.call()) {
            c.setAutoCommit(false);
            for (int i = 0; i < n; i++) {
                insertOne(c, pickState());
            }
            c.commit();
        }
    }

    /** Inserts one run in a transaction left open (it holds its id); {@link #commitLate()} commits it. */
    void insertLate() throws Exception {
        Connection c = connect.call();
        c.setAutoCommit(false);
        insertOne(c, "queued");
        open.add(c);
    }

    /** Changes one run's state with {@code updated_at} stamped now, in a transaction left open. */
    void updateLate() throws Exception {
        Connection c = connect.call();
        c.setAutoCommit(false);
        try (Statement s = c.createStatement()) {
            s.executeUpdate("UPDATE dag_run SET state = 'failed', end_date = now(), updated_at = now() "
                    + "WHERE id = (SELECT id FROM dag_run WHERE state = 'success' ORDER BY random() LIMIT 1 "
                    + "FOR UPDATE SKIP LOCKED)");
        }
        open.add(c);
    }

    /** Commits every transaction left open, newest first (so ids and stamps commit out of order). */
    void commitLate() throws SQLException {
        for (int i = open.size() - 1; i >= 0; i--) {
            try (Connection c = open.get(i)) {
                c.commit();
            }
        }
        open.clear();
    }

    /** One random change: advance, finish, mark failed/success, clear, delete. */
    void step() throws Exception {
        int roll = random.nextInt(100);
        String sql;
        if (roll < 30) {
            sql = "UPDATE dag_run SET state = CASE WHEN state = 'queued' THEN 'running' ELSE 'success' END, "
                    + "start_date = COALESCE(start_date, now()), "
                    + "end_date = CASE WHEN state = 'running' THEN now() END, updated_at = now() "
                    + "WHERE id IN (SELECT id FROM dag_run WHERE state IN ('queued', 'running') ORDER BY random() LIMIT 3 FOR UPDATE SKIP LOCKED)";
        } else if (roll < 50) {
            sql = "UPDATE dag_run SET state = 'failed', end_date = now(), updated_at = now() "
                    + "WHERE id IN (SELECT id FROM dag_run WHERE state = 'success' ORDER BY random() LIMIT 2 "
                    + "FOR UPDATE SKIP LOCKED)";
        } else if (roll < 60) {
            sql = "UPDATE dag_run SET state = 'success', updated_at = now() "
                    + "WHERE id IN (SELECT id FROM dag_run WHERE state = 'failed' ORDER BY random() LIMIT 2 "
                    + "FOR UPDATE SKIP LOCKED)";
        } else if (roll < 72) {
            // Airflow's "Clear": back to queued, dates reset, clear_number + 1
            sql = "UPDATE dag_run SET state = 'queued', queued_at = now(), start_date = NULL, end_date = NULL, "
                    + "clear_number = clear_number + 1, updated_at = now() "
                    + "WHERE id IN (SELECT id FROM dag_run WHERE state IN ('success', 'failed') ORDER BY random() "
                    + "LIMIT 2 FOR UPDATE SKIP LOCKED)";
        } else if (roll < 80) {
            sql = "DELETE FROM dag_run WHERE id IN (SELECT id FROM dag_run ORDER BY random() LIMIT 2 FOR UPDATE SKIP LOCKED)";
        } else {
            insert(1 + random.nextInt(40));
            return;
        }
        try (Connection c = connect.call(); Statement s = c.createStatement()) {
            s.executeUpdate(sql);
        }
    }

    /** Marks {@code n} successful runs failed in one statement (more than several batches of changes at once). */
    void markManyFailed(int n) throws Exception {
        try (Connection c = connect.call(); Statement s = c.createStatement()) {
            s.executeUpdate("UPDATE dag_run SET state = 'failed', end_date = now(), updated_at = now() "
                    + "WHERE id IN (SELECT id FROM dag_run WHERE state = 'success' ORDER BY id LIMIT " + n
                    + " FOR UPDATE SKIP LOCKED)");
        }
    }

    /** How many runs the table has. */
    long count() throws Exception {
        try (Connection c = connect.call(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM dag_run")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private String pickState() {
        int roll = random.nextInt(100);
        return roll < 60 ? "success" : roll < 75 ? "failed" : roll < 88 ? "running" : "queued";
    }

    private void insertOne(Connection c, String state) throws SQLException {
        String dag = DAGS.get(random.nextInt(DAGS.size()));
        boolean manual = random.nextInt(4) == 0;
        String runId = (manual ? "manual__" : "scheduled__") + "churn-" + (++sequence) + "-" + random.nextInt(1_000_000);
        OffsetDateTime logical = Instant.parse("2026-01-01T00:00:00Z").plusSeconds(sequence * 3600L
                + random.nextInt(3600)).atOffset(ZoneOffset.UTC);
        boolean started = !state.equals("queued");
        boolean finished = state.equals("success") || state.equals("failed");
        String sql = airflow3
                ? "INSERT INTO dag_run (dag_id, queued_at, logical_date, start_date, end_date, state, run_id, run_type, "
                + "triggered_by, run_after, updated_at) VALUES (?, now(), ?, "
                + (started ? "now()" : "NULL") + ", " + (finished ? "now()" : "NULL") + ", ?, ?, ?, ?, ?, now())"
                : "INSERT INTO dag_run (dag_id, queued_at, execution_date, start_date, end_date, state, run_id, run_type, "
                + "external_trigger, updated_at) VALUES (?, now(), ?, "
                + (started ? "now()" : "NULL") + ", " + (finished ? "now()" : "NULL") + ", ?, ?, ?, ?, now())";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            int i = 1;
            ps.setString(i++, dag);
            // Airflow 3 gives manual runs no logical date
            ps.setObject(i++, airflow3 && manual ? null : logical);
            ps.setString(i++, state);
            ps.setString(i++, runId);
            ps.setString(i++, manual ? "manual" : "scheduled");
            if (airflow3) {
                ps.setString(i++, manual ? "rest_api" : "timetable");
                ps.setObject(i, logical);
            } else {
                ps.setBoolean(i, manual);
            }
            ps.executeUpdate();
        }
    }
}
