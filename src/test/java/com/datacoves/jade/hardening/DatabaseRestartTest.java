package com.datacoves.jade.hardening;

import com.datacoves.jade.demo.DemoAirflow;
import com.datacoves.jade.demo.DemoSetup;
import com.datacoves.jade.demo.PostgresServer;
import com.datacoves.jade.support.JadeTest;
import com.datacoves.jade.support.MixedLoad;
import com.datacoves.jade.support.TestDatabases;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Jade's PostgreSQL restarted (fast shutdown, 3 s away) and killed (SIGKILL, 10 s away, crash recovery) under a mixed
 * load of reads and uploads: no request answers 500 (what cannot be served while the database is away is a 503 with
 * {@code Retry-After}), Jade recovers by itself, every upload it acknowledged (201) is readable afterwards, and a
 * refused one left no row. Runs on an embedded PostgreSQL of its own (skipped when the tests use an external server,
 * which a test cannot restart or kill).
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DatabaseRestartTest extends JadeTest {

    private static Path dataDirectory;
    private static int port;
    private static PostgresServer postgres;

    @Inject
    EmbeddedServer server;

    @Override
    protected Map<String, String> extraProperties() {
        Assumptions.assumeTrue(System.getenv(PostgresServer.EXTERNAL_URL_VARIABLE) == null,
                "needs an embedded PostgreSQL it can restart");
        try {
            dataDirectory = Files.createTempDirectory("jade-restart-pg");
            postgres = PostgresServer.start(dataDirectory, 0);
            port = postgres.port();
            Map<String, String> p = new HashMap<>();
            DemoSetup.prepare(postgres, "restart_", TestDatabases.NOW, DemoAirflow.V2_10).forEach((k, v) -> p.put(k, String.valueOf(v)));
            p.put("jade.test.database-prefix", "restart_");
            return p;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @AfterAll
    void stopPostgres() throws Exception {
        if (postgres != null) {
            postgres.close();
        }
    }

    @Test
    @Timeout(240)
    void aRestartedDatabaseGivesNo500AndLosesNoAcknowledgedUpload() throws Exception {
        underLoad("restart-", () -> {
            postgres.close();                      // fast shutdown: connections are cut
            Thread.sleep(3000);
        });
    }

    @Test
    @Timeout(240)
    void aKilledDatabaseGivesNo500AndLosesNoAcknowledgedUpload() throws Exception {
        underLoad("kill-", () -> {
            long postmaster = Long.parseLong(Files.readAllLines(dataDirectory.resolve("postmaster.pid")).get(0).trim());
            ProcessHandle.of(postmaster).orElseThrow().destroyForcibly(); // SIGKILL: no shutdown, crash recovery next
            Thread.sleep(10_000);                  // down for 10 s; its backends end when they see the postmaster gone
            postgres.close();                      // only releases the embedded server's lock: pg_ctl finds it dead
        });
    }

    /** Something that takes the database away; the database is started again after it. */
    private interface Outage {
        void run() throws Exception;
    }

    /**
     * Runs the outage under a mixed load of reads and uploads (tags with this prefix), starts the database again, and
     * checks: no answer 5xx other than 503 with {@code Retry-After}, Jade answers reads again by itself, every
     * acknowledged upload is readable, and there is one row per acknowledged upload and none for a refused one.
     */
    private void underLoad(String tagPrefix, Outage outage) throws Exception {
        List<String> reads = List.of("/api/v2/accounts/1/runs/?limit=20&order_by=-id", "/api/v2/accounts/1/jobs/",
                "/api/v2/accounts/1/", "/api/v2/accounts/1/projects/", "/api/v2/accounts/1/environments/",
                "/api/v2/datacoves/environments/dev123/files?tag=" + tagPrefix + "0");
        MixedLoad load = new MixedLoad("http://127.0.0.1:" + server.getPort(), tokenHeader(1), reads, 5, 1,
                tagPrefix, tag -> "{\"results\": []}");
        Thread.sleep(2000);
        outage.run();
        postgres = PostgresServer.start(dataDirectory, port);
        boolean recovered = load.awaitOk(reads.get(0)); // reads answer 200 again, by themselves
        Thread.sleep(1000);
        load.stop();
        System.out.println("DatabaseRestartTest " + tagPrefix + " statuses: " + load.statuses()
                + ", acknowledged uploads: " + load.acknowledged().size());
        assertTrue(recovered, "Jade answers again after the outage: " + load.statuses());
        assertEquals(List.of(), load.failures(), "statuses: " + load.statuses());
        assertTrue(load.acknowledged().size() > 0, "some uploads were acknowledged");
        for (String tag : load.acknowledged()) {
            HttpResponse<String> r = load.get("/api/v2/datacoves/environments/dev123/files?tag=" + tag);
            assertEquals(200, r.statusCode(), "acknowledged upload " + tag + " readable: " + r.body());
        }
        try (java.sql.Connection c = postgres.connect("restart_jade"); java.sql.Statement s = c.createStatement();
             java.sql.ResultSet rs = s.executeQuery(
                     "SELECT count(*) FROM environment_files WHERE tag LIKE '" + tagPrefix + "%'")) {
            rs.next();
            assertEquals(load.acknowledged().size(), rs.getInt(1), "one row per acknowledged upload, none for the "
                    + load.refused().size() + " refused");
        }
    }
}
