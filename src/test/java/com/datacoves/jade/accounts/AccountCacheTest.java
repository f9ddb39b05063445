package com.datacoves.jade.accounts;

import com.datacoves.jade.support.ApiTest;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The Datacoves account cache ({@code jade.datacoves.cache-seconds}): a change in the Datacoves database reaches the
 * dbt Cloud account routes within the TTL, including an account that disappears (404 afterwards).
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AccountCacheTest extends ApiTest {

    @Override
    protected Map<String, String> extraProperties() {
        return Map.of("jade.datacoves.cache-seconds", "2");
    }

    @Test
    void aRenameIsSeenWithinTheTtlAndADeletedAccountBecomes404() throws Exception {
        keyFor(1);
        assertEquals("Acme Analytics", object(get("/api/v2/accounts/1/")).get("name"));
        datacoves("UPDATE users_account SET name = 'Acme Renamed' WHERE id = 1");
        long deadline = System.nanoTime() + 10_000_000_000L;
        String name = null;
        while (System.nanoTime() < deadline && !"Acme Renamed".equals(name)) {
            Thread.sleep(200);
            name = (String) object(get("/api/v2/accounts/1/")).get("name");
        }
        assertEquals("Acme Renamed", name, "the rename must be served within the 2 s TTL (+ one reload)");

        datacoves("DELETE FROM users_account WHERE id = 1");
        int status = 200;
        deadline = System.nanoTime() + 10_000_000_000L;
        while (System.nanoTime() < deadline && status != 404) {
            Thread.sleep(200);
            status = statusOf("/api/v2/accounts/1/");
        }
        assertEquals(404, status);
        assertEquals(0L, total(get("/api/v3/accounts/")));
    }

    private int statusOf(String path) {
        try {
            return http.toBlocking().exchange(HttpRequest.GET(path).header("Authorization", tokenHeader(1)))
                    .getStatus().getCode();
        } catch (HttpClientResponseException e) {
            return e.getStatus().getCode();
        }
    }

    private void datacoves(String sql) throws Exception {
        // the demo schema's foreign keys are not the point here
        execute("datacoves", "SET session_replication_role = replica", sql);
    }
}
