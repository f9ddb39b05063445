package com.datacoves.jade.storage;

import com.datacoves.jade.support.JadeTest;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.gaul.s3proxy.junit.S3ProxyJunitCore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
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
 * The object store (a real S3 server, S3Proxy, behind a {@link TcpRelay}) goes away for a few seconds and comes back
 * while clients read stored files, list runs and upload files: no answer is a 5xx other than 503 with
 * {@code Retry-After}, Jade recovers by itself, every acknowledged (201) upload is readable afterwards with the bytes
 * sent, and a refused upload left no row behind.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class S3OutageUnderLoadTest extends JadeTest {

    private S3ProxyJunitCore s3;
    private TcpRelay relay;

    @Inject
    EmbeddedServer server;

    @Override
    protected Map<String, String> extraProperties() {
        try {
            s3 = new S3ProxyJunitCore.Builder().withBlobStoreProvider("filesystem")
                    .withCredentials(S3ProxyServer.ACCESS_KEY, S3ProxyServer.SECRET_KEY).build();
            s3.beforeEach();
            int port;
            try (ServerSocket free = new ServerSocket(0)) {
                port = free.getLocalPort();
            }
            relay = new TcpRelay(port, s3.getUri().getPort());
            relay.start();
            return Map.of("jade.storage.adapter", "s3", "jade.storage.s3.bucket", "jade-outage-load",
                    "jade.storage.s3.region", "us-east-1", "jade.storage.s3.access-key", S3ProxyServer.ACCESS_KEY,
                    "jade.storage.s3.secret-key", S3ProxyServer.SECRET_KEY,
                    "jade.storage.s3.endpoint", "http://127.0.0.1:" + port, "jade.storage.create-bucket", "true");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @AfterAll
    void stopServers() throws IOException {
        relay.close();
        s3.afterEach();
    }

    @Test
    @Timeout(180)
    void anOutageUnderLoadGivesNo500AndLosesNoAcknowledgedUpload() throws Exception {
        String auth = tokenHeader(1);
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        String base = "http://127.0.0.1:" + server.getPort();
        assertEquals(201, client.send(upload(base, auth, "load-seed"), HttpResponse.BodyHandlers.ofString())
                .statusCode());
        List<String> reads = List.of("/api/v2/datacoves/environments/dev123/files?tag=load-seed",
                "/api/v2/accounts/1/runs/?limit=20&order_by=-id");
        Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
        ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<String> acknowledged = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<String> refused = new ConcurrentLinkedQueue<>();
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicInteger uploads = new AtomicInteger();
        ExecutorService load = Executors.newFixedThreadPool(6);
        for (int t = 0; t < 6; t++) {
            boolean uploader = t < 2;
            load.execute(() -> {
                int i = 0;
                while (running.get()) {
                    try {
                        HttpResponse<String> r;
                        String what;
                        if (uploader) {
                            String tag = "load-" + uploads.getAndIncrement();
                            what = "upload " + tag;
                            r = client.send(upload(base, auth, tag), HttpResponse.BodyHandlers.ofString());
                            (r.statusCode() == 201 ? acknowledged : refused).add(tag);
                        } else {
                            what = reads.get(i++ % reads.size());
                            r = client.send(HttpRequest.newBuilder(URI.create(base + what)).header("Authorization", auth)
                                    .timeout(Duration.ofSeconds(60)).GET().build(), HttpResponse.BodyHandlers.ofString());
                            if (r.statusCode() == 200 && what.contains("load-seed") && !r.body().contains(stored("load-seed"))) {
                                failures.add("wrong bytes for load-seed: " + r.body());
                            }
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
        Thread.sleep(1500);
        relay.stop();                       // every connection to the store cut, new ones refused
        Thread.sleep(4000);
        relay.start();
        boolean recovered = false;
        for (int i = 0; i < 300 && !recovered; i++) {
            recovered = client.send(HttpRequest.newBuilder(URI.create(base + reads.get(0))).header("Authorization", auth)
                    .GET().build(), HttpResponse.BodyHandlers.ofString()).statusCode() == 200;
            if (!recovered) {
                Thread.sleep(100);
            }
        }
        Thread.sleep(1000);
        running.set(false);
        load.shutdown();
        assertTrue(load.awaitTermination(90, TimeUnit.SECONDS));
        System.out.println("S3OutageUnderLoadTest statuses: " + statuses + ", acknowledged uploads: "
                + acknowledged.size() + ", refused: " + refused.size());
        assertTrue(recovered, "Jade reads from the store again by itself: " + statuses);
        assertEquals(List.of(), new ArrayList<>(failures), "statuses: " + statuses);
        assertTrue(statuses.containsKey(503), "the outage was seen: " + statuses);
        assertTrue(acknowledged.size() > 0, "uploads were acknowledged: " + statuses);
        for (String tag : acknowledged) {
            HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(base
                    + "/api/v2/datacoves/environments/dev123/files?tag=" + tag)).header("Authorization", auth).GET()
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, r.statusCode(), "acknowledged upload " + tag + " readable: " + r.body());
            assertTrue(r.body().contains(stored(tag)), "the JSON sent for " + tag + ": " + r.body());
        }
        try (Connection c = database("jade"); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM environment_files WHERE tag LIKE 'load-%'")) {
            rs.next();
            assertEquals(acknowledged.size() + 1, rs.getInt(1), "one row per acknowledged upload, none for the "
                    + refused.size() + " refused");
        }
    }

    private static String content(String tag) {
        return "{\"results\":[],\"tag\":\"" + tag + "\"}";
    }

    /** How the file's JSON comes back in a file answer (read from the store): {@code "contents": <the JSON sent>}. */
    private static String stored(String tag) {
        return "\"contents\":" + content(tag);
    }

    private static HttpRequest upload(String base, String auth, String tag) {
        String boundary = "----jade-s3-outage";
        String body = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"tag\"\r\n\r\n" + tag + "\r\n--"
                + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"run_results.json\"\r\n"
                + "Content-Type: application/json\r\n\r\n" + content(tag) + "\r\n--" + boundary + "--\r\n";
        return HttpRequest.newBuilder(URI.create(base + "/api/v2/datacoves/environments/dev123/files"))
                .header("Authorization", auth).header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .timeout(Duration.ofSeconds(60))
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build();
    }
}
