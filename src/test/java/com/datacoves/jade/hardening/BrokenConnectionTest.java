package com.datacoves.jade.hardening;

import com.datacoves.jade.support.JadeTest;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Reads survive a broken connection (docs/hardening.md, "Database restarts"): every connection Jade holds to its own
 * and to Datacoves' database is cut between two requests — as a PostgreSQL restart or failover does, while the
 * database stays reachable — and every read still answers 200, because the pool's broken connection is replaced and
 * the read run again on a fresh one instead of answering 503.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BrokenConnectionTest extends JadeTest {

    private static final List<String> READS = List.of("/api/v2/accounts/1/runs/?limit=5&order_by=-id",
            "/api/v2/accounts/1/jobs/", "/api/v2/accounts/1/", "/api/v2/accounts/1/projects/",
            "/api/v2/accounts/1/environments/", "/api/v2/datacoves/environments/dev123/files?tag=none");

    @Override
    protected Map<String, String> extraProperties() {
        return Map.of("jade.datacoves.cache-seconds", "0"); // every request reads Datacoves' database
    }

    @Test
    void everyReadAnswersAfterItsConnectionsWereCut() throws Exception {
        List<String> answers = new ArrayList<>();
        int cut = 0;
        for (int round = 0; round < 3; round++) { // each cut waits for the backends to end: 1–2 s
            for (String path : READS) {
                answered(path); // the pool's connections were used just now: it hands them out unchecked
                cut += cutJadeConnections();
                answers.add(path + " → " + answer(path));
            }
        }
        assertTrue(cut > 0, "connections were cut");
        assertEquals(List.of(), answers.stream().filter(a -> !a.endsWith("→ 200") && !a.endsWith("→ 404")).toList(),
                "every read answers as before the cut");
    }

    private int answered(String path) {
        HttpResponse<byte[]> r = exchange(HttpRequest.GET(path).header("Authorization", tokenHeader(1)));
        return r.getStatus().getCode();
    }

    /** The status, and for anything but 200 and 404 the body too (what failed, when this test fails). */
    private String answer(String path) {
        HttpResponse<byte[]> r = exchange(HttpRequest.GET(path).header("Authorization", tokenHeader(1)));
        int status = r.getStatus().getCode();
        if (status == 200 || status == 404) {
            return String.valueOf(status);
        }
        return status + " " + r.getBody(String.class).orElse("");
    }

    /**
     * Terminates every backend Jade holds to its own and Datacoves' database, and waits until they are gone (a backend
     * slow to exit on a loaded machine would otherwise break a connection during the next request's retry, which is
     * a second failure, not the one this test is about); the number terminated.
     */
    private int cutJadeConnections() throws Exception {
        try (Connection c = database("jade"); Statement s = c.createStatement()) {
            List<Integer> pids = new ArrayList<>();
            try (ResultSet rs = s.executeQuery("SELECT pid FROM pg_stat_activity WHERE datname IN ('" + databasePrefix
                    + "jade', '" + databasePrefix + "datacoves') AND pid <> pg_backend_pid() "
                    + "AND backend_type = 'client backend'")) {
                while (rs.next()) {
                    pids.add(rs.getInt(1));
                }
            }
            String list = pids.stream().map(String::valueOf).collect(java.util.stream.Collectors.joining(","));
            if (pids.isEmpty()) {
                return 0;
            }
            s.execute("SELECT pg_terminate_backend(pid) FROM unnest(ARRAY[" + list + "]) pid");
            for (int i = 0; i < 300; i++) {
                try (ResultSet rs = s.executeQuery(
                        "SELECT count(*) FROM pg_stat_activity WHERE pid IN (" + list + ")")) {
                    rs.next();
                    if (rs.getInt(1) == 0) {
                        return pids.size();
                    }
                }
                Thread.sleep(100);
            }
            throw new AssertionError("the terminated backends did not end within 30 s");
        }
    }
}
