package com.datacoves.jade.index;

import com.datacoves.jade.support.ApiTest;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.sql.Connection;
import java.sql.Statement;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * List requests do not wait for refresh passes while the background keeps the index fresh, and do wait (at most the
 * request timeout) once the background is behind by more than {@code jade.index.max-lag}. A background pass is held
 * up by locking dev123's {@code dag_run} table (as a long Airflow migration or a stuck database would).
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RequestFreshnessTest extends ApiTest {

    @Override
    protected Map<String, String> extraProperties() {
        return Map.of("jade.index.refresh-interval", "1s", "jade.index.max-lag", "5s",
                "jade.index.request-timeout", "2s");
    }

    private static long millisOf(Runnable r) {
        long t = System.nanoTime();
        r.run();
        return (System.nanoTime() - t) / 1_000_000;
    }

    @Test
    void requestsWaitOnlyWhenTheBackgroundIsBehind() throws Exception {
        String runs = "/api/v2/accounts/1/runs?environment_id=1&limit=1";
        assertTrue(total(get(runs)) > 0);
        try (Connection lock = database("airflow_dev123")) {
            lock.setAutoCommit(false);
            try (Statement s = lock.createStatement()) {
                s.execute("LOCK TABLE dag_run IN ACCESS EXCLUSIVE MODE");
            }
            long locked = System.nanoTime();
            // older than the refresh interval (the old rule made this request wait for the stuck pass), within max-lag
            Thread.sleep(1500);
            long fresh = millisOf(() -> get(runs));
            assertTrue(fresh < 1000, "no wait while the last pass is within max-lag: " + fresh + " ms");
            // every background pass of dev123 is stuck now: past max-lag a request waits for one (at most 2 s)
            long sinceLock = (System.nanoTime() - locked) / 1_000_000;
            Thread.sleep(Math.max(0, 6000 - sinceLock));
            long behind = millisOf(() -> get(runs));
            assertTrue(behind >= 1800, "a request waits once the background is behind: " + behind + " ms");
            lock.rollback();
        }
        long deadline = System.nanoTime() + 10_000_000_000L;
        long after = Long.MAX_VALUE;
        while (System.nanoTime() < deadline && after >= 1000) {
            after = millisOf(() -> get(runs));
        }
        assertTrue(after < 1000, "no wait once the background caught up: " + after + " ms");
        assertEquals("", ((Map<?, ?>) get(runs).get("status")).get("developer_message"));
    }
}
