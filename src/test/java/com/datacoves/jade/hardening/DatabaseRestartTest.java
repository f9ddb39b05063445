package com.datacoves.jade.hardening;

import com.datacoves.jade.demo.DemoAirflow;
import com.datacoves.jade.demo.DemoSetup;
import com.datacoves.jade.demo.PostgresServer;
import com.datacoves.jade.support.JadeTest;
import com.datacoves.jade.support.TestDatabases;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Jade's PostgreSQL restarted under a mixed load of reads and uploads: no request answers 500 (what cannot be served
 * while the database is away is a 503 with {@code Retry-After}), Jade recovers by itself, and every upload it
 * acknowledged (201) is readable afterwards. Runs on an embedded PostgreSQL of its own (skipped when the tests use an
 * external server, which a test cannot restart).
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
        String auth = tokenHeader(1);
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        String base = "http://127.0.0.1:" + server.getPort();
        List<String> reads = List.of("/api/v2/accounts/1/runs/?limit=20&order_by=-id", "/api/v2/accounts/1/jobs/",
                "/api/v2/accounts/1/", "/api/v2/accounts/1/projects/", "/api/v2/accounts/1/environments/",
                "/api/v2/datacoves/environments/dev123/files?tag=restart-0");
        Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
        ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<String> acknowledged = new ConcurrentLinkedQueue<>();
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicInteger uploadCounter = new AtomicInteger();
        ExecutorService load = Executors.newFixedThreadPool(6);
        for (int t = 0; t < 6; t++) {
            int thread = t;
            load.execute(() -> {
                int i = 0;
                while (running.get()) {
                    try {
                        HttpResponse<String> r;
                        String what;
                        if (thread == 0) {
                            String tag = "restart-" + uploadCounter.getAndIncrement();
                            what = "upload " + tag;
                            r = client.send(upload(base, auth, tag), HttpResponse.BodyHandlers.ofString());
                            if (r.statusCode() == 201) {
                                acknowledged.add(tag);
                            }
                        } else {
                            what = reads.get(i++ % reads.size());
                            r = client.send(HttpRequest.newBuilder(URI.create(base + what)).header("Authorization", auth)
                                    .timeout(Duration.ofSeconds(60)).GET().build(), HttpResponse.BodyHandlers.ofString());
                        }
                        statuses.computeIfAbsent(r.statusCode(), s -> new AtomicInteger()).incrementAndGet();
                        if (r.statusCode() >= 500 && r.statusCode() != 503) {
                            failures.add(r.statusCode() + " " + what + " " + r.body());
                        }
                        if (r.statusCode() == 503 && r.headers().firstValue("Retry-After").isEmpty()) {
                            failures.add("503 without Retry-After: " + what);
                        }
                    } catch (Exception e) {
                        failures.add("no answer: " + e);
                    }
                }
            });
        }
        Thread.sleep(2000);
        postgres.close();                      // fast shutdown: connections are cut
        Thread.sleep(3000);
        postgres = PostgresServer.start(dataDirectory, port);
        // recovered: reads answer 200 again, by themselves
        boolean recovered = false;
        for (int i = 0; i < 300 && !recovered; i++) {
            HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(base + reads.get(0)))
                    .header("Authorization", auth).GET().build(), HttpResponse.BodyHandlers.ofString());
            recovered = r.statusCode() == 200;
            if (!recovered) {
                Thread.sleep(100);
            }
        }
        Thread.sleep(1000);
        running.set(false);
        load.shutdown();
        assertTrue(load.awaitTermination(90, TimeUnit.SECONDS));
        System.out.println("DatabaseRestartTest statuses: " + statuses + ", acknowledged uploads: " + acknowledged.size());
        assertTrue(recovered, "Jade answers again after the restart: " + statuses);
        assertEquals(List.of(), new ArrayList<>(failures), "statuses: " + statuses);
        assertTrue(acknowledged.size() > 0, "some uploads were acknowledged");
        for (String tag : acknowledged) {
            HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(base
                    + "/api/v2/datacoves/environments/dev123/files?tag=" + tag)).header("Authorization", auth).GET()
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, r.statusCode(), "acknowledged upload " + tag + " readable: " + r.body());
        }
    }

    private static HttpRequest upload(String base, String auth, String tag) {
        String boundary = "----jade-restart";
        String body = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"tag\"\r\n\r\n" + tag + "\r\n--"
                + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"run_results.json\"\r\n"
                + "Content-Type: application/json\r\n\r\n{\"results\": []}\r\n--" + boundary + "--\r\n";
        return HttpRequest.newBuilder(URI.create(base + "/api/v2/datacoves/environments/dev123/files"))
                .header("Authorization", auth).header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .timeout(Duration.ofSeconds(60))
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build();
    }
}
