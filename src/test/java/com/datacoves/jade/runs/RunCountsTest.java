package com.datacoves.jade.runs;

import com.datacoves.jade.common.Page;
import com.datacoves.jade.common.PageRequest;
import com.datacoves.jade.datacoves.EnvironmentRepository;
import com.datacoves.jade.datacoves.EnvironmentRow;
import com.datacoves.jade.index.IndexScheduler;
import com.datacoves.jade.index.JobIndexRepository;
import com.datacoves.jade.index.JobRow;
import com.datacoves.jade.index.RunIndexRepository;
import com.datacoves.jade.index.RunQuery;
import com.datacoves.jade.index.RunRow;
import com.datacoves.jade.support.ApiTest;
import com.datacoves.jade.support.TestDatabases;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Run list totals: {@code run_count} (kept by the trigger of {@code V31__run_counts.sql}) answers totals
 * of grouping filters, {@code count(*)} the others; both equal a count of {@code run_index} for every filter kind,
 * stay right through every writer (refresher, trigger and cancel through run control), and page and total come from
 * one snapshot. The refresher writes a new run once and an unchanged run (or DAG) never.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RunCountsTest extends ApiTest {

    private static final String RUNS = "/api/v2/accounts/1/runs";

    @Inject
    RunIndexRepository runs;
    @Inject
    JobIndexRepository jobs;
    @Inject
    EnvironmentRepository environments;
    @Inject
    IndexScheduler scheduler;

    /**
     * No background passes: this class runs passes itself, and a background pass inserting the same new DAG runs at
     * the same moment would take (and waste) sequence values too. List requests still refresh as without background.
     */
    @Override
    protected Map<String, String> extraProperties() {
        return Map.of("jade.index.background", "false");
    }

    private long jadeLong(String sql, Object... args) throws Exception {
        try (Connection c = database("jade"); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private String jadeText(String sql) throws Exception {
        try (Connection c = database("jade"); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    private void jadeSql(String sql) throws Exception {
        try (Connection c = database("jade"); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private void airflowSql(String sql) throws Exception {
        execute("airflow_dev123", sql);
    }

    /** One refresh pass of dev123, as the background runs it. */
    private void refreshDev123() throws Exception {
        EnvironmentRow env = environments.findAll().stream().filter(e -> e.slug().equals("dev123")).findFirst()
                .orElseThrow();
        assertTrue(scheduler.refresh(env), "a pass of dev123 succeeded");
    }

    /** Every group's count equals its rows in run_index (groups down to 0 may stay with n = 0). */
    private void assertCountsMatchRunIndex(String when) throws Exception {
        long wrong = jadeLong("""
                SELECT count(*) FROM run_count c
                FULL JOIN (SELECT account_id, project_id, environment_id, job_id, status, count(*) AS n
                           FROM run_index WHERE deleted_at IS NULL GROUP BY 1, 2, 3, 4, 5) r
                  USING (account_id, project_id, environment_id, job_id, status)
                WHERE coalesce(c.n, 0) <> coalesce(r.n, 0)""");
        assertEquals(0, wrong, "run_count groups differing from run_index " + when);
    }

    private long firstJob() throws Exception {
        return jadeLong("SELECT min(job_id) FROM run_index WHERE account_id = 1 AND environment_id = 1");
    }

    @Test
    void totalsEqualACountOfRunIndexForEveryFilterKind() throws Exception {
        get(RUNS); // a list waits until the index is fresh: only then can run_index be the expectation
        long job = firstJob();
        long id = jadeLong("SELECT id FROM run_index WHERE account_id = 1 ORDER BY id OFFSET 10 LIMIT 1");
        OffsetDateTime from = TestDatabases.NOW.atOffset(java.time.ZoneOffset.UTC).minusDays(10);
        String range = from + "," + from.plusDays(3);
        // filter → the same condition on run_index (and whether the total may come from run_count)
        Map<String, Object[]> cases = new LinkedHashMap<>();
        cases.put("", new Object[] {"true", true});
        cases.put("job_definition_id=" + job, new Object[] {"job_id = " + job, true});
        cases.put("environment_id=2", new Object[] {"environment_id = 2", true});
        cases.put("project_id=1", new Object[] {"project_id = 1", true});
        cases.put("project_id=2", new Object[] {"project_id = 2", true});
        cases.put("project_id__in=1,2", new Object[] {"project_id IN (1, 2)", true});
        cases.put("status=10", new Object[] {"status = 10", true});
        cases.put("status=Error", new Object[] {"status = 20", true});
        cases.put("status__in=1,3,20", new Object[] {"status IN (1, 3, 20)", true});
        cases.put("job_definition_id=" + job + "&status=10", new Object[] {"job_id = " + job + " AND status = 10", true});
        cases.put("environment_id=1&status__in=10,20", new Object[] {"environment_id = 1 AND status IN (10, 20)", true});
        cases.put("created_at__range=" + range,
                new Object[] {"created_at BETWEEN '" + from + "' AND '" + from.plusDays(3) + "'", false});
        cases.put("finished_at__range=" + range + "&status=10",
                new Object[] {"finished_at BETWEEN '" + from + "' AND '" + from.plusDays(3) + "' AND status = 10", false});
        cases.put("pk=" + id, new Object[] {"id = " + id, false});
        cases.put("pk__in=" + id + "," + (id + 1), new Object[] {"id IN (" + id + ", " + (id + 1) + ")", false});
        cases.put("id__gt=" + id + "&job_definition_id=" + job, new Object[] {"id > " + id + " AND job_id = " + job, false});
        for (var e : cases.entrySet()) {
            String q = e.getKey();
            long expected = jadeLong("SELECT count(*) FROM run_index WHERE account_id = 1 AND " + e.getValue()[0]);
            // limit=1 (page full: the total is summed or counted), limit=100 (usually the whole list), past the end
            for (String page : List.of("limit=1", "limit=100", "offset=" + (expected + 3))) {
                Map<String, Object> body = get(RUNS + "?" + q + (q.isEmpty() ? "" : "&") + page);
                assertEquals(expected, total(body), q + " " + page);
            }
        }
        assertTrue(jadeLong("SELECT count(*) FROM run_index WHERE account_id = 1 AND status = 20") > 0, "demo has errors");
    }

    @Test
    void countsFollowNewRunsStatusChangesTriggersAndCancels() throws Exception {
        assertCountsMatchRunIndex("after the initial indexing");
        long job = jadeLong("SELECT id FROM job_index WHERE environment_id = 1 AND dag_id = 'daily_dbt_run'");
        String byJob = RUNS + "?job_definition_id=" + job + "&limit=1";
        long queuedBefore = total(get(byJob + "&status=1"));
        long successBefore = total(get(byJob + "&status=10"));

        insertManualDagRun("airflow_dev123", "daily_dbt_run", "manual__counts", "queued");
        refreshDev123();
        assertCountsMatchRunIndex("after a new DAG run");
        assertEquals(queuedBefore + 1, total(get(byJob + "&status=1")));

        airflowSql("UPDATE dag_run SET state = 'success', start_date = now(), end_date = now(), updated_at = now() "
                + "WHERE run_id = 'manual__counts'");
        refreshDev123();
        assertCountsMatchRunIndex("after a state change");
        assertEquals(queuedBefore, total(get(byJob + "&status=1")));
        assertEquals(successBefore + 1, total(get(byJob + "&status=10")));

        JobRow jobRow = jobs.find(1, job).orElseThrow();
        long triggered = runs.recordTriggered(jobRow, "manual__jade_counts", "counts test", "{}");
        assertCountsMatchRunIndex("after a trigger through Jade");
        assertEquals(queuedBefore + 1, total(get(byJob + "&status=1")));
        runs.markCancelled(runs.reload(triggered).orElseThrow());
        assertCountsMatchRunIndex("after a cancel through Jade");
        assertEquals(queuedBefore, total(get(byJob + "&status=1")));

        long finished = jadeLong("SELECT id FROM run_index WHERE run_id = 'manual__counts'");
        long cancelledBefore = total(get(byJob + "&status=30"));
        runs.markCancelled(runs.reload(finished).orElseThrow());
        refreshDev123(); // Airflow still says success: the run keeps status 30
        assertCountsMatchRunIndex("after cancelling a finished run and a refresh");
        assertEquals(cancelledBefore + 1, total(get(byJob + "&status=30")));
        assertEquals(successBefore, total(get(byJob + "&status=10")));
        assertEquals(30L, num(data(get(RUNS + "?pk=" + finished)).get(0), "status"));
    }

    @Test
    void aRefreshWritesANewRunOnceAndAnUnchangedRunNever() throws Exception {
        refreshDev123();
        // a test-side audit of every UPDATE of run_index rows (not part of Jade)
        jadeSql("""
                CREATE TABLE IF NOT EXISTS test_run_updates (run_id text, at timestamptz DEFAULT clock_timestamp());
                CREATE OR REPLACE FUNCTION test_log_run_update() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN INSERT INTO test_run_updates (run_id) VALUES (NEW.run_id); RETURN NULL; END $$;
                DROP TRIGGER IF EXISTS test_run_update ON run_index;
                CREATE TRIGGER test_run_update AFTER UPDATE ON run_index FOR EACH ROW
                  EXECUTE FUNCTION test_log_run_update()""");
        try {
            String versions = "SELECT string_agg(xmin::text, ',' ORDER BY id) FROM job_index";
            String before = jadeText(versions);
            refreshDev123();
            refreshDev123();
            assertEquals(0, jadeLong("SELECT count(*) FROM test_run_updates WHERE run_id NOT LIKE 'manual__%'"),
                    "passes over unchanged DAG runs (unfinished ones and those at the watermark included) write nothing");
            assertEquals(before, jadeText(versions), "nor do they rewrite unchanged DAGs");
            long sequence = jadeLong("SELECT last_value FROM run_index_id_seq");
            insertManualDagRun("airflow_dev123", "daily_dbt_run", "manual__once", "running");
            refreshDev123();
            refreshDev123();
            assertEquals(1, jadeLong("SELECT count(*) FROM run_index WHERE run_id = 'manual__once'"));
            assertEquals(0, jadeLong("SELECT count(*) FROM test_run_updates WHERE run_id = 'manual__once'"),
                    "a new run is inserted with its data, not inserted then updated");
            assertEquals(sequence + 1, jadeLong("SELECT last_value FROM run_index_id_seq"),
                    "one sequence value for the new run, none for the runs already indexed");
            assertEquals(sequence + 1, jadeLong("SELECT id FROM run_index WHERE run_id = 'manual__once'"));
            airflowSql("UPDATE dag_run SET state = 'failed', end_date = now(), updated_at = now() "
                    + "WHERE run_id = 'manual__once'");
            refreshDev123();
            refreshDev123();
            assertEquals(1, jadeLong("SELECT count(*) FROM test_run_updates WHERE run_id = 'manual__once'"),
                    "a changed run is written once");
            assertEquals(20L, num(data(get(RUNS + "?pk=" + jadeLong(
                    "SELECT id FROM run_index WHERE run_id = 'manual__once'"))).get(0), "status"));
        } finally {
            jadeSql("DROP TRIGGER IF EXISTS test_run_update ON run_index");
        }
    }

    @Test
    void pageAndTotalComeFromOneSnapshot() throws Exception {
        long job = firstJob();
        JobRow jobRow = jobs.find(1, job).orElseThrow();
        AtomicBoolean stop = new AtomicBoolean();
        AtomicReference<Exception> failed = new AtomicReference<>();
        // one writer: its runs commit in id order, so a snapshot holds exactly the job's runs up to its newest id
        Thread writer = new Thread(() -> {
            for (int i = 0; !stop.get() && i < 2000; i++) {
                try {
                    runs.recordTriggered(jobRow, "manual__snapshot_" + i, "snapshot test", "{}");
                } catch (Exception e) {
                    failed.set(e);
                    return;
                }
            }
        });
        List<long[]> seen = new ArrayList<>(); // newest id, total: counts path, then count(*) path
        writer.start();
        try {
            for (int i = 0; i < 150; i++) {
                PageRequest q = new PageRequest(1, 0, "id", true);
                RunQuery byJob = new RunQuery(1, List.of(job), List.of(), List.of(), List.of(), null, null, null, null,
                        List.of(), null);
                Page<RunRow> counted = runs.page(byJob, q);
                seen.add(new long[] {counted.items().get(0).id(), counted.total(), 0});
                RunQuery byJobAndId = new RunQuery(1, List.of(job), List.of(), List.of(), List.of(), null, null, null,
                        null, List.of(), 0L);
                Page<RunRow> scanned = runs.page(byJobAndId, q);
                seen.add(new long[] {scanned.items().get(0).id(), scanned.total(), 1});
            }
        } finally {
            stop.set(true);
            writer.join();
        }
        assertEquals(null, failed.get());
        long distinctTotals = seen.stream().mapToLong(s -> s[1]).distinct().count();
        assertTrue(distinctTotals > 5, "the writer ran during the reads (" + distinctTotals + " distinct totals)");
        for (long[] s : seen) {
            assertEquals(jadeLong("SELECT count(*) FROM run_index WHERE account_id = 1 AND job_id = ? AND id <= ?",
                    job, s[0]), s[1], (s[2] == 0 ? "run_count" : "count(*)") + " total of the page with newest id "
                    + s[0]);
        }
        assertFalse(seen.isEmpty());
        assertCountsMatchRunIndex("after concurrent triggers");
    }
}
