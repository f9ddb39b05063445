package com.datacoves.jade.demo;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Random;

/**
 * Deterministic demo data for the embedded demo and the tests: a Datacoves database with 2 accounts, 3 projects and
 * 4 environments (3 with Airflow), and for each Airflow environment an Airflow 2.10 or 3.0 database with 5 DAGs (one paused,
 * one inactive; tags and schedules) and a few hundred DAG runs over the 30 days before {@code now}, in every state,
 * with their task instances. The same seed gives the same ids and rows every time.
 */
public final class DemoData {

    /** A demo environment: its Datacoves id and slug, and whether it has an Airflow database. */
    public record DemoEnvironment(long id, String slug, long projectId, long accountId, boolean airflow) {
    }

    /** The demo's environments, in id order. */
    public static final List<DemoEnvironment> ENVIRONMENTS = List.of(
            new DemoEnvironment(1, "dev123", 1, 1, true),
            new DemoEnvironment(2, "prd456", 1, 1, true),
            new DemoEnvironment(3, "tst789", 2, 1, false),
            new DemoEnvironment(4, "glx001", 3, 2, true));

    /** A demo DAG: id, schedule (Airflow's JSON-encoded {@code schedule_interval}), paused, active, tags, tasks. */
    record DemoDag(String dagId, String description, String schedule, String timetable, boolean paused,
                   boolean active, List<String> tags, List<String> tasks, Duration every) {
    }

    static final List<DemoDag> DAGS = List.of(
            new DemoDag("daily_dbt_run", "Builds and tests every dbt model", "\"0 6 * * *\"", "At 06:00",
                    false, true, List.of("dbt", "daily"), List.of("dbt_deps", "dbt_build", "upload_artifacts"),
                    Duration.ofDays(1)),
            new DemoDag("hourly_sources", "Loads sources and checks freshness", "\"0 */3 * * *\"", "Every 3 hours",
                    false, true, List.of("sources"), List.of("extract", "dbt_source_freshness"), Duration.ofHours(3)),
            new DemoDag("weekly_full_refresh", "Full refresh of incremental models", "\"0 2 * * 0\"",
                    "At 02:00, only on Sunday", true, true, List.of("dbt", "weekly"),
                    List.of("dbt_deps", "dbt_build_full_refresh"), Duration.ofDays(7)),
            new DemoDag("manual_backfill", "Backfills a date range on demand", "null", "Never, external triggers only",
                    false, true, List.of("manual"), List.of("dbt_run_backfill"), Duration.ofDays(5)),
            new DemoDag("legacy_pipeline", "Retired pipeline kept for history", "\"@daily\"", "At 00:00",
                    true, false, List.of("legacy"), List.of("run_legacy"), Duration.ofDays(4)));

    private DemoData() {
    }

    /** Creates the Datacoves tables if missing and fills them when empty. */
    public static void seedDatacoves(Connection c) throws SQLException {
        runScript(c, "/demo/datacoves-schema.sql");
        if (count(c, "users_account") > 0) {
            return;
        }
        try (Statement s = c.createStatement()) {
            s.execute("""
                    INSERT INTO users_account (id, name, slug, plan_id, developer_licenses, created_at, updated_at) VALUES
                      (1, 'Acme Analytics', 'acme', 1, 10, '2024-01-10T09:00:00Z', '2024-06-01T09:00:00Z'),
                      (2, 'Globex', 'globex', 2, 3, '2024-02-20T09:00:00Z', '2024-06-01T09:00:00Z');
                    INSERT INTO projects_repository (id, git_url, url, provider) VALUES
                      (1, 'git@github.com:acme/analytics.git', 'https://github.com/acme/analytics', 'github'),
                      (2, 'git@gitlab.com:acme/marketing.git', 'https://gitlab.com/acme/marketing', 'gitlab'),
                      (3, 'git@github.com:globex/data.git', 'https://github.com/globex/data', 'github');
                    INSERT INTO projects_release (id, name, dbt_version, airflow_version) VALUES
                      (1, '3.2.202406010000', '1.8.3', '2.9.2');
                    INSERT INTO projects_project (id, account_id, name, slug, release_branch, clone_strategy,
                                                  repository_id, created_at, updated_at) VALUES
                      (1, 1, 'Acme Analytics', 'acme-analytics', 'main', 'ssh_clone', 1, '2024-01-10T10:00:00Z', '2024-05-01T10:00:00Z'),
                      (2, 1, 'Acme Marketing', 'acme-marketing', 'main', 'http_clone', 2, '2024-01-12T10:00:00Z', '2024-05-01T10:00:00Z'),
                      (3, 2, 'Globex Data', 'globex-data', 'production', 'ssh_clone', 3, '2024-02-21T10:00:00Z', '2024-05-01T10:00:00Z');
                    INSERT INTO projects_environment (id, project_id, name, slug, type, release_id, release_profile,
                                                      dbt_home_path, services, created_at, updated_at) VALUES
                      (1, 1, 'Development', 'dev123', 'dev', 1, 'dbt-snowflake', 'transform',
                       '{"airflow":{"enabled":true,"valid":true},"code-server":{"enabled":true,"valid":true}}', '2024-01-10T11:00:00Z', '2024-05-01T11:00:00Z'),
                      (2, 1, 'Production', 'prd456', 'prod', 1, 'dbt-snowflake', 'transform',
                       '{"airflow":{"enabled":true,"valid":true},"code-server":{"enabled":false}}', '2024-01-11T11:00:00Z', '2024-05-01T11:00:00Z'),
                      (3, 2, 'Testing', 'tst789', 'test', 1, 'dbt-bigquery', '',
                       '{"airflow":{"enabled":false},"code-server":{"enabled":false}}', '2024-01-12T11:00:00Z', '2024-05-01T11:00:00Z'),
                      (4, 3, 'Production', 'glx001', 'prod', 1, 'dbt-redshift', 'dbt',
                       '{"airflow":{"enabled":true,"valid":true},"code-server":{"enabled":false}}', '2024-02-21T11:00:00Z', '2024-05-01T11:00:00Z');
                    SELECT setval('users_account_id_seq', 2);
                    SELECT setval('projects_repository_id_seq', 3);
                    SELECT setval('projects_release_id_seq', 1);
                    SELECT setval('projects_project_id_seq', 3);
                    SELECT setval('projects_environment_id_seq', 4);
                    """);
        }
    }

    /**
     * Creates the Airflow tables if missing and fills them when empty, supplying every NOT NULL column as Airflow
     * does. Both versions get the same DAGs and DAG runs (same {@code run_id}s, states and times); on Airflow 3
     * manual runs have no {@code logical_date} (their {@code run_after} is the trigger time), scheduled runs follow
     * Airflow 3's default cron timetable ({@code logical_date = run_after}, a zero-length data interval), and
     * {@code triggered_by} says who triggered.
     *
     * @param c       a connection to that environment's Airflow database
     * @param slug    the environment slug (seeds the random choices, so every environment differs but stays stable)
     * @param now     the end of the 30-day window of DAG runs, UTC
     * @param version the table shapes to create
     */
    public static void seedAirflow(Connection c, String slug, Instant now, DemoAirflow version) throws SQLException {
        if (!tableExists(c, "dag")) {
            runScript(c, version.script());
        }
        if (count(c, "dag") > 0) {
            return;
        }
        boolean v3 = version == DemoAirflow.V3_0;
        Random random = new Random(slug.hashCode());
        Instant end = now.truncatedTo(ChronoUnit.MINUTES);
        Instant start = end.minus(Duration.ofDays(30));
        boolean previousAutoCommit = c.getAutoCommit();
        c.setAutoCommit(false);
        try (PreparedStatement dag = c.prepareStatement(v3 ? """
                INSERT INTO dag (dag_id, is_paused, is_stale, last_parsed_time, fileloc, owners, description,
                                 relative_fileloc, timetable_summary, timetable_description, max_active_tasks,
                                 max_active_runs, max_consecutive_failed_dag_runs, has_task_concurrency_limits,
                                 next_dagrun, next_dagrun_data_interval_start, next_dagrun_data_interval_end,
                                 next_dagrun_create_after, bundle_name)
                VALUES (?, ?, NOT ?, ?, ?, 'airflow', ?, ?, ?, ?, 16, 1, 0, false, ?, ?, ?, ?, 'dags-folder')""" : """
                INSERT INTO dag (dag_id, is_paused, is_active, last_parsed_time, fileloc, owners, description,
                                 default_view, schedule_interval, timetable_description, max_active_tasks,
                                 max_active_runs, max_consecutive_failed_dag_runs, has_task_concurrency_limits,
                                 next_dagrun, next_dagrun_data_interval_start, next_dagrun_data_interval_end,
                                 next_dagrun_create_after)
                VALUES (?, ?, ?, ?, ?, 'airflow', ?, 'grid', ?, ?, 16, 1, 0, false, ?, ?, ?, ?)""");
             PreparedStatement tag = c.prepareStatement("INSERT INTO dag_tag (name, dag_id) VALUES (?, ?)");
             PreparedStatement run = c.prepareStatement(v3 ? """
                     INSERT INTO dag_run (dag_id, queued_at, logical_date, start_date, end_date, state, run_id,
                                          triggered_by, run_type, data_interval_start, data_interval_end,
                                          updated_at, run_after, conf)
                     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, '{}')""" : """
                     INSERT INTO dag_run (dag_id, queued_at, execution_date, start_date, end_date, state, run_id,
                                          external_trigger, run_type, data_interval_start, data_interval_end,
                                          updated_at, conf)
                     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL)""");
             PreparedStatement task = c.prepareStatement(v3 ? """
                     INSERT INTO task_instance (id, task_id, dag_id, run_id, start_date, end_date, duration, state,
                                                try_number, max_tries, operator, queued_dttm, updated_at, pool,
                                                pool_slots)
                     VALUES (gen_random_uuid(), ?, ?, ?, ?, ?, ?, ?, 1, 1, ?, ?, ?, 'default_pool', 1)""" : """
                     INSERT INTO task_instance (task_id, dag_id, run_id, start_date, end_date, duration, state,
                                                try_number, max_tries, operator, queued_dttm, updated_at, pool,
                                                pool_slots)
                     VALUES (?, ?, ?, ?, ?, ?, ?, 1, 1, ?, ?, ?, 'default_pool', 1)""");
             PreparedStatement rendered = c.prepareStatement("""
                     INSERT INTO rendered_task_instance_fields (dag_id, task_id, run_id, rendered_fields)
                     VALUES (?, ?, ?, CAST(? AS json))""")) {
            for (DemoDag d : DAGS) {
                boolean scheduled = !d.schedule().equals("null") && !d.paused() && d.active();
                Instant next = scheduled ? end.plus(d.every()) : null;
                dag.setString(1, d.dagId());
                dag.setBoolean(2, d.paused());
                dag.setBoolean(3, d.active());
                dag.setTimestamp(4, ts(end.minus(Duration.ofMinutes(2))));
                dag.setString(5, "/opt/airflow/dags/repo/orchestrate/dags/" + d.dagId() + ".py");
                dag.setString(6, d.description());
                int i = 7;
                if (v3) {
                    dag.setString(i++, "orchestrate/dags/" + d.dagId() + ".py");
                    dag.setString(i++, timetableSummary(d.schedule()));
                } else {
                    dag.setString(i++, d.schedule());
                }
                dag.setString(i++, d.timetable());
                dag.setTimestamp(i++, ts(next));
                dag.setTimestamp(i++, ts(next == null ? null : v3 ? next : next.minus(d.every())));
                dag.setTimestamp(i++, ts(next));
                dag.setTimestamp(i, ts(next == null ? null : v3 ? next : next.plus(d.every())));
                dag.addBatch();
                for (String t : d.tags()) {
                    tag.setString(1, t);
                    tag.setString(2, d.dagId());
                    tag.addBatch();
                }
            }
            dag.executeBatch();
            tag.executeBatch();
            for (DemoDag d : DAGS) {
                Instant logical = start.plus(Duration.ofMinutes(random.nextInt(60)));
                while (logical.isBefore(end)) {
                    boolean last = !logical.plus(d.every()).isBefore(end);
                    String state = stateFor(random, last, d);
                    boolean manual = d.schedule().equals("null") || random.nextInt(20) == 0;
                    String runType = manual ? "manual" : "scheduled";
                    String runId = runType + "__" + logical.toString().replace("Z", "+00:00");
                    Instant queued = logical.plus(Duration.ofSeconds(5 + random.nextInt(30)));
                    Instant started = state.equals("queued") ? null : queued.plus(Duration.ofSeconds(2 + random.nextInt(20)));
                    Instant finished = state.equals("success") || state.equals("failed")
                            ? started.plus(Duration.ofSeconds(60 + random.nextInt(1500))) : null;
                    Instant updated = finished != null ? finished : started != null ? started : queued;
                    run.setString(1, d.dagId());
                    run.setTimestamp(2, ts(queued));
                    run.setTimestamp(3, ts(v3 && manual ? null : logical));
                    run.setTimestamp(4, ts(started));
                    run.setTimestamp(5, ts(finished));
                    run.setString(6, state);
                    run.setString(7, runId);
                    if (v3) {
                        run.setString(8, manual ? (d.dagId().hashCode() % 2 == 0 ? "ui" : "rest_api") : "timetable");
                    } else {
                        run.setBoolean(8, manual);
                    }
                    run.setString(9, runType);
                    run.setTimestamp(10, ts(v3 ? (manual ? null : logical) : logical.minus(d.every())));
                    run.setTimestamp(11, ts(v3 && manual ? null : logical));
                    run.setTimestamp(12, ts(updated));
                    if (v3) {
                        run.setTimestamp(13, ts(logical));
                    }
                    run.addBatch();
                    addTasks(task, rendered, d, runId, state, started, finished);
                    logical = logical.plus(d.every());
                }
            }
            run.executeBatch();
            task.executeBatch();
            rendered.executeBatch();
            c.commit();
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(previousAutoCommit);
        }
    }

    /**
     * Airflow 3's {@code timetable_summary} for a demo DAG's Airflow 2 {@code schedule_interval}: the cron itself
     * (presets resolved to their cron, as Airflow's cron timetables do), {@code None} without a schedule.
     */
    private static String timetableSummary(String scheduleInterval) {
        if (scheduleInterval.equals("null")) {
            return "None";
        }
        String cron = scheduleInterval.substring(1, scheduleInterval.length() - 1);
        return switch (cron) {
            case "@daily" -> "0 0 * * *";
            case "@hourly" -> "0 * * * *";
            default -> cron;
        };
    }

    private static String stateFor(Random random, boolean last, DemoDag d) {
        if (last && d.active() && !d.paused()) {
            return d.dagId().equals("hourly_sources") ? "queued" : "running";
        }
        int roll = random.nextInt(100);
        return roll < 82 ? "success" : roll < 97 ? "failed" : roll < 99 ? "running" : "queued";
    }

    /**
     * The {@code bash_command} a demo task renders, as Datacoves' {@code DatacovesDbtOperator} does for dbt tasks
     * ({@code dbt-coves dbt -- <command>}); null for tasks that render none (Python tasks).
     */
    static String bashCommand(String taskId) {
        String dbt = switch (taskId) {
            case "dbt_deps" -> "deps";
            case "dbt_build" -> "build -s tag:daily";
            case "dbt_source_freshness" -> "source freshness";
            case "dbt_build_full_refresh" -> "build --full-refresh -s tag:weekly";
            case "dbt_run_backfill" -> "run -s tag:backfill";
            default -> null;
        };
        if (dbt != null) {
            return "dbt-coves dbt --project-dir /opt/airflow/dags/repo/transform -- " + dbt;
        }
        return taskId.equals("run_legacy") ? "python /opt/airflow/dags/repo/legacy/run.py" : null;
    }

    private static void addTasks(PreparedStatement task, PreparedStatement rendered, DemoDag d, String runId,
                                 String runState, Instant started, Instant finished) throws SQLException {
        int n = d.tasks().size();
        for (int i = 0; i < n; i++) {
            String state;
            Instant tStart = null;
            Instant tEnd = null;
            if (runState.equals("success")) {
                state = "success";
            } else if (runState.equals("failed")) {
                state = i == n - 1 ? "failed" : i == n - 2 && n > 2 ? "failed" : "success";
                if (i == n - 1 && n > 2) {
                    state = "upstream_failed";
                }
            } else if (runState.equals("running")) {
                state = i == 0 ? "success" : i == 1 ? "running" : null;
            } else {
                state = null;
            }
            if (started != null && state != null && !state.equals("upstream_failed")) {
                long span = finished == null ? 120 : Math.max(n, Duration.between(started, finished).toSeconds());
                tStart = started.plusSeconds(span * i / n);
                tEnd = state.equals("running") ? null : started.plusSeconds(span * (i + 1) / n);
            }
            task.setString(1, d.tasks().get(i));
            task.setString(2, d.dagId());
            task.setString(3, runId);
            task.setTimestamp(4, ts(tStart));
            task.setTimestamp(5, ts(tEnd));
            if (tStart != null && tEnd != null) {
                task.setDouble(6, Duration.between(tStart, tEnd).toMillis() / 1000.0);
            } else {
                task.setNull(6, java.sql.Types.DOUBLE);
            }
            task.setString(7, state);
            task.setString(8, d.tasks().get(i).startsWith("dbt") ? "DatacovesDbtOperator" : "PythonOperator");
            task.setTimestamp(9, ts(started));
            task.setTimestamp(10, ts(tEnd != null ? tEnd : started));
            task.addBatch();
            String command = bashCommand(d.tasks().get(i));
            if (tStart != null && command != null) {
                rendered.setString(1, d.dagId());
                rendered.setString(2, d.tasks().get(i));
                rendered.setString(3, runId);
                rendered.setString(4, "{\"bash_command\": \"" + command + "\", \"env\": null, \"cwd\": null}");
                rendered.addBatch();
            }
        }
    }

    /** Runs a semicolon-separated SQL script from the classpath (statements contain no semicolons inside). */
    static void runScript(Connection c, String resource) throws SQLException {
        String sql;
        try (InputStream in = DemoData.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + resource);
            }
            sql = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + resource, e);
        }
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private static boolean tableExists(Connection c, String table) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT to_regclass(?) IS NOT NULL")) {
            s.setString(1, table);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    private static long count(Connection c, String table) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static Timestamp ts(Instant instant) {
        return instant == null ? null : Timestamp.from(instant);
    }
}
