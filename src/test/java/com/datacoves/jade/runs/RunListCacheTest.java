package com.datacoves.jade.runs;

import com.datacoves.jade.support.ApiTest;
import io.micronaut.http.HttpRequest;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The run-list micro-cache ({@link RunListCache}) with a TTL far longer than the test: repeated requests get the
 * same bytes, and a change written to the index by this instance still reaches the list at once, because the cache
 * is keyed by the index generation — the TTL only bounds changes written by other replicas.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RunListCacheTest extends ApiTest {

    @Override
    protected Map<String, String> extraProperties() {
        return Map.of("jade.lists.cache-millis", "600000");
    }

    @Test
    void repeatedListsShareBytesAndAnIndexChangeIsListedAtOnce() throws Exception {
        String runs = "/api/v2/accounts/1/runs/?environment_id=1&order_by=-id&limit=5";
        byte[] first = raw(runs);
        assertArrayEquals(first, raw(runs), "the same request within the TTL answers the same bytes");
        long before = total(get(runs));

        execute("airflow_dev123", """
                INSERT INTO dag_run (dag_id, queued_at, execution_date, state, run_id, external_trigger, run_type,
                                     updated_at)
                VALUES ('daily_dbt_run', now(), now(), 'queued', 'manual__cached', true, 'manual', now())""");
        long deadline = System.nanoTime() + 5_000_000_000L;
        long total = before;
        while (System.nanoTime() < deadline && total == before) {
            Thread.sleep(200);
            total = total(get(runs));
        }
        assertEquals(before + 1, total, "listed within 5 s although the cache TTL is 10 minutes");
        assertEquals("manual__cached", data(get(runs)).get(0).get("dag_run_run_id"));
    }

    private byte[] raw(String path) {
        return http.toBlocking().retrieve(HttpRequest.GET(path).header("Authorization", tokenHeader(1)), byte[].class);
    }
}
