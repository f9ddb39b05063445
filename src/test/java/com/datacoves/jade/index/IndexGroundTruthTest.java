package com.datacoves.jade.index;

import com.datacoves.jade.support.ApiTest;
import com.datacoves.jade.support.JadeServerProcess;
import com.datacoves.jade.support.TestDatabases;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The index tells the truth (docs/index.md): two Jade instances on one database follow an Airflow 2.10 and an Airflow
 * 3.0 database (the real table shapes) through random churn — inserts of many runs at once, state changes, finished
 * runs marked failed (more than several batches between two passes) or successful, clears back to queued, deletes,
 * transactions that take their id or stamp their change and commit later — and one instance is killed mid-way. Then
 * the index is compared row by row with Airflow: every DAG run listed with its state and timestamps, nothing listed
 * that Airflow no longer has, and every id unchanged.
 *
 * <p>Small batches (50 runs, 3 pages a pass), a short recent window and a 4 s sweep make every path of a pass and
 * its limits happen within seconds.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IndexGroundTruthTest extends ApiTest {

    /** Environments added to the demo so that each instance surely owns some (all read glx001's Airflow). */
    private static final List<String> EXTRA = List.of("gtx01", "gtx02", "gtx03", "gtx04", "gtx05", "gtx06", "gtx07",
            "gtx08", "gtx09");

    private static final Map<String, String> INDEX = Map.ofEntries(
            Map.entry("jade.index.refresh-interval", "500ms"), Map.entry("jade.index.batch-size", "50"),
            Map.entry("jade.index.max-pages-per-pass", "3"), Map.entry("jade.index.recent-runs", "150"),
            Map.entry("jade.index.sweep-interval", "4s"), Map.entry("jade.index.sweep-batch", "200"),
            Map.entry("jade.index.late-commit-window", "20s"), Map.entry("jade.index.lease", "3s"),
            Map.entry("jade.index.hole-horizon", "2m"));

    private JadeServerProcess other;

    @Inject
    MeterRegistry registry;

    @Override
    protected Map<String, String> extraProperties() {
        Map<String, String> p = new HashMap<>(INDEX);
        try {
            create("af2", "/demo/airflow-2.10.sql");
            create("af3", "/demo/airflow-3.0.sql");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        // dev123 reads an Airflow 2.10 database, prd456 an Airflow 3.0 one, both empty at first
        p.put("jade.airflow.environments.dev123.url", TestDatabases.server().jdbcUrl(databasePrefix + "af2"));
        p.put("jade.airflow.environments.prd456.url", TestDatabases.server().jdbcUrl(databasePrefix + "af3"));
        for (int i = 0; i < EXTRA.size(); i++) {
            String slug = EXTRA.get(i);
            try {
                execute("datacoves", "INSERT INTO projects_environment (id, project_id, name, slug, type, release_id, "
                        + "services, created_at, updated_at) VALUES (" + (101 + i) + ", 3, 'Extra " + i + "', '" + slug
                        + "', 'prod', 1, '{\"airflow\":{\"enabled\":true}}', now(), now())");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            p.put("jade.airflow.environments." + slug + ".url",
                    TestDatabases.server().jdbcUrl(databasePrefix + "airflow_glx001"));
            p.put("jade.airflow.environments." + slug + ".username", TestDatabases.server().user());
        }
        return p;
    }

    private void create(String name, String schema) throws Exception {
        TestDatabases.server().createDatabase(databasePrefix + name);
        String ddl;
        try (InputStream in = getClass().getResourceAsStream(schema)) {
            ddl = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        execute(name, ddl);
    }

    /** A second Jade, in its own JVM, on the same databases. */
    private JadeServerProcess startOther() throws Exception {
        Map<String, String> env = new HashMap<>();
        env.put("DB_URL", TestDatabases.postgresUrl(databasePrefix + "jade"));
        env.put("DATACOVES_DB_URL", TestDatabases.postgresUrl(databasePrefix + "datacoves"));
        env.put("JADE_AIRFLOW_ENVIRONMENTS_DEV123_URL", TestDatabases.postgresUrl(databasePrefix + "af2"));
        env.put("JADE_AIRFLOW_ENVIRONMENTS_PRD456_URL", TestDatabases.postgresUrl(databasePrefix + "af3"));
        env.put("JADE_AIRFLOW_ENVIRONMENTS_GLX001_URL", TestDatabases.postgresUrl(databasePrefix + "airflow_glx001"));
        for (String slug : EXTRA) {
            env.put("JADE_AIRFLOW_ENVIRONMENTS_" + slug.toUpperCase(java.util.Locale.ROOT) + "_URL",
                    TestDatabases.postgresUrl(databasePrefix + "airflow_glx001"));
        }
        env.put("STORAGE_ADAPTER", "local");
        env.put("LOCAL_STORAGE_PATH", java.nio.file.Files.createTempDirectory("jade-other").toString());
        env.put("JADE_LOG_LEVEL", "INFO");
        return JadeServerProcess.start(env, INDEX.entrySet().stream().map(e -> "-D" + e.getKey() + "=" + e.getValue())
                .toList());
    }

    @AfterAll
    void stopOther() {
        if (other != null) {
            other.close();
        }
    }

    @Test
    @Timeout(240)
    void twoInstancesFollowChurnOnAirflow2And3AndLoseNothingWhenOneDies() throws Exception {
        other = startOther();
        AirflowChurn af2 = new AirflowChurn(() -> database("af2"), false, 2);
        AirflowChurn af3 = new AirflowChurn(() -> database("af3"), true, 3);
        for (AirflowChurn churn : List.of(af2, af3)) {
            churn.createDags();
            churn.insert(400);
        }
        assertConverges(30);
        Map<String, Long> idsBefore = allIds();

        // passes each instance ran during the churn, from its pass counter (a lease is only held while a pass runs:
        // sampling lease owners can miss an instance whose passes are short)
        double minePassesBefore = passes(), otherPassesBefore = passesOf(other);
        long end = System.nanoTime() + 12_000_000_000L;
        boolean killed = false;
        double otherPasses = 0;
        for (int round = 0; System.nanoTime() < end; round++) {
            for (AirflowChurn churn : List.of(af2, af3)) {
                churn.step();
                if (round % 25 == 0) {
                    churn.insertLate();
                    churn.updateLate();
                }
                if (round == 40) {
                    churn.markManyFailed(300);
                    churn.insert(180);
                }
                if (round % 25 == 20) {
                    churn.commitLate();
                }
            }
            if (!killed && System.nanoTime() > end - 6_000_000_000L) {
                otherPasses = passesOf(other) - otherPassesBefore;
                other.kill(); // mid-pass or between passes: its claims lapse and the other instance takes over
                killed = true;
            }
            Thread.sleep(30);
        }
        af2.commitLate();
        af3.commitLate();
        assertTrue(otherPasses > 0, "the killed instance ran passes during the churn before it was killed");
        assertTrue(passes() > minePassesBefore, "this instance ran passes during the churn");

        assertConverges(30);
        List<String> changed = IndexComparison.changedIds(idsBefore, allIds());
        assertEquals(List.of(), changed, "ids never change");
        assertEquals(af2.count() + af3.count(), total(get("/api/v2/accounts/1/runs?environment_id=1&limit=1"))
                + total(get("/api/v2/accounts/1/runs?environment_id=2&limit=1")), "the run lists count Airflow's runs");
    }

    /** Waits until both environments' index rows equal Airflow's; fails with the differences after the timeout. */
    private void assertConverges(int seconds) throws Exception {
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        List<String> differences;
        while (true) {
            differences = differences();
            if (differences.isEmpty() || System.nanoTime() > deadline) {
                break;
            }
            Thread.sleep(250);
        }
        assertEquals(List.of(), differences, "the index equals Airflow within " + seconds + " s; index states: "
                + states() + "\nthe other instance's log:\n" + (other == null ? "" : other.errors() + other.output()));
    }

    private List<String> differences() throws Exception {
        try (Connection jade = database("jade"); Connection a2 = database("af2"); Connection a3 = database("af3")) {
            List<String> out = new java.util.ArrayList<>();
            IndexComparison.differences(a2, false, jade, 1).forEach(d -> out.add("dev123 " + d));
            IndexComparison.differences(a3, true, jade, 2).forEach(d -> out.add("prd456 " + d));
            return out;
        }
    }

    private Map<String, Long> allIds() throws Exception {
        try (Connection jade = database("jade")) {
            Map<String, Long> ids = new HashMap<>();
            IndexComparison.ids(jade, 1).forEach((k, v) -> ids.put("1 " + k, v));
            IndexComparison.ids(jade, 2).forEach((k, v) -> ids.put("2 " + k, v));
            return ids;
        }
    }

    /** How many index passes a Jade instance ran, from its Prometheus metrics. */
    private static double passesOf(JadeServerProcess jade) throws Exception {
        String text = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                jade.managementUri("/prometheus")).build(), java.net.http.HttpResponse.BodyHandlers.ofString()).body();
        return text.lines().filter(l -> l.startsWith("jade_index_pass_seconds_count{"))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }

    private String states() throws Exception {
        StringBuilder out = new StringBuilder();
        try (Connection jade = database("jade"); Statement s = jade.createStatement(); ResultSet rs = s.executeQuery(
                "SELECT environment_id, high_dag_run_id, cardinality(hole_ids), sweep_after_id, next_sweep_at, "
                        + "last_success_at, failures, last_error, lease_owner FROM index_environment")) {
            while (rs.next()) {
                for (int i = 1; i <= 9; i++) {
                    out.append(i == 1 ? "\n" : " ").append(rs.getString(i));
                }
            }
        }
        return out.toString();
    }

    /** How many index passes this (in-JVM) instance ran, from its pass timer. */
    private double passes() {
        return registry.find("jade.index.pass").timers().stream().mapToDouble(Timer::count).sum();
    }
}
