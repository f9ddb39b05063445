package com.datacoves.jade.storage;

import com.datacoves.jade.support.JadeTest;
import com.datacoves.jade.support.MixedLoad;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The object store (a real S3 server, S3Proxy, behind a {@link TcpRelay}) goes away for a few seconds and comes back
 * while clients read a stored file, list runs and upload files: no answer is a 5xx other than 503 with
 * {@code Retry-After}, Jade recovers by itself, every acknowledged (201) upload is readable afterwards with the JSON
 * sent, and a refused upload left no row behind (docs/hardening.md, "Object store outages").
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class S3OutageUnderLoadTest extends JadeTest {

    private RelayedS3Proxy store;

    @Inject
    EmbeddedServer server;

    @Override
    protected Map<String, String> extraProperties() {
        try {
            store = new RelayedS3Proxy();
            return store.properties("jade-outage-load");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @AfterAll
    void stopServers() throws IOException {
        store.close();
    }

    @Test
    @Timeout(180)
    void anOutageUnderLoadGivesNo500AndLosesNoAcknowledgedUpload() throws Exception {
        // readers fetch the first upload's file (read back from the store) and a run list (database only)
        String first = "/api/v2/datacoves/environments/dev123/files?tag=load-0";
        MixedLoad load = new MixedLoad("http://127.0.0.1:" + server.getPort(), tokenHeader(1),
                List.of(first, "/api/v2/accounts/1/runs/?limit=20&order_by=-id"), 4, 2, "load-",
                S3OutageUnderLoadTest::content);
        Thread.sleep(1500);
        store.cut();                        // every connection to the store cut, new ones refused
        Thread.sleep(4000);
        store.restore();
        boolean recovered = load.awaitOk(first);
        Thread.sleep(1000);
        load.stop();
        System.out.println("S3OutageUnderLoadTest statuses: " + load.statuses() + ", acknowledged uploads: "
                + load.acknowledged().size() + ", refused: " + load.refused().size());
        assertTrue(recovered, "Jade reads from the store again by itself: " + load.statuses());
        assertEquals(List.of(), load.failures(), "statuses: " + load.statuses());
        assertTrue(load.statuses().containsKey(503), "the outage was seen: " + load.statuses());
        assertTrue(load.acknowledged().size() > 0, "uploads were acknowledged: " + load.statuses());
        for (String tag : load.acknowledged()) {
            HttpResponse<String> r = load.get("/api/v2/datacoves/environments/dev123/files?tag=" + tag);
            assertEquals(200, r.statusCode(), "acknowledged upload " + tag + " readable: " + r.body());
            assertTrue(r.body().contains("\"contents\":" + content(tag)), "the JSON sent for " + tag + ": " + r.body());
        }
        try (Connection c = database("jade"); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM environment_files WHERE tag LIKE 'load-%'")) {
            rs.next();
            assertEquals(load.acknowledged().size(), rs.getInt(1), "one row per acknowledged upload, none for the "
                    + load.refused().size() + " refused");
        }
    }

    /** The JSON uploaded under a tag, compact, so that a file answer's {@code "contents":} shows it as sent. */
    private static String content(String tag) {
        return "{\"results\":[],\"tag\":\"" + tag + "\"}";
    }
}
