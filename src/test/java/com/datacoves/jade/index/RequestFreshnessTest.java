package com.datacoves.jade.index;

import com.datacoves.jade.support.ApiTest;
import com.datacoves.jade.support.TestDatabases;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * When requests wait for the index (docs/index.md, "Staleness"): a list about an environment never indexed waits for
 * its first pass and shows its runs at once; a list about an environment whose pass is stuck (its {@code dag_run}
 * table locked, as by a long Airflow migration) answers at once with the runs as last indexed. The request timeout is
 * a minute, longer than the test client's 10 s read timeout, so a request that waited for the stuck pass would fail.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RequestFreshnessTest extends ApiTest {

    @Override
    protected Map<String, String> extraProperties() {
        return Map.of("jade.index.refresh-interval", "500ms", "jade.index.max-lag", "1s",
                "jade.index.request-timeout", "60s", "jade.datacoves.cache-seconds", "0",
                // an environment added later, reading prd456's Airflow database
                "jade.airflow.environments.new001.url", TestDatabases.server().jdbcUrl(databasePrefix + "airflow_prd456"),
                "jade.airflow.environments.new001.username", TestDatabases.server().user());
    }

    @Test
    void aStuckPassDoesNotHoldRequests() throws Exception {
        String runs = "/api/v2/accounts/1/runs?environment_id=1&limit=1";
        long indexed = total(get(runs));
        assertTrue(indexed > 0);
        try (Connection lock = database("airflow_dev123")) {
            lock.setAutoCommit(false);
            try (Statement s = lock.createStatement()) {
                s.execute("LOCK TABLE dag_run IN ACCESS EXCLUSIVE MODE");
            }
            awaitBehind(1);
            assertEquals(indexed, total(get(runs)), "answered at once, as last indexed");
            lock.rollback();
        }
    }

    @Test
    void aNewEnvironmentIsIndexedBeforeItsFirstList() throws Exception {
        execute("datacoves", "INSERT INTO projects_environment (id, project_id, name, slug, type, release_id, services, "
                + "created_at, updated_at) VALUES (50, 1, 'New', 'new001', 'prod', 1, "
                + "'{\"airflow\":{\"enabled\":true}}', now(), now())");
        long inAirflow;
        try (Connection c = database("airflow_prd456"); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM dag_run")) {
            rs.next();
            inAirflow = rs.getLong(1);
        }
        // the first list already shows every run: it waited for the environment's first pass
        assertEquals(inAirflow, total(get("/api/v2/accounts/1/runs?environment_id=50&limit=1")));
    }

    /** Waits until the environment's last successful pass is older than the max lag (its passes are stuck). */
    private void awaitBehind(long environmentId) throws Exception {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (System.nanoTime() < deadline) {
            try (Connection c = database("jade"); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                    "SELECT last_success_at < now() - interval '2 seconds' FROM index_environment "
                            + "WHERE environment_id = " + environmentId)) {
                if (rs.next() && rs.getBoolean(1)) {
                    return;
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("environment " + environmentId + " never fell behind");
    }
}
