package com.datacoves.jade.support;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
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
import java.util.function.Function;

/**
 * Clients reading and uploading through real HTTP until stopped, for fault tests (a database or an object store going
 * away under load): readers cycle through GET paths, uploaders post environment files (dev123) under tags
 * {@code <prefix><n>}. Every answer is counted by status; {@link #failures()} collects what a fault must never cause —
 * a 5xx other than 503, a 503 without {@code Retry-After}, no answer at all.
 */
public final class MixedLoad {

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;
    private final String authorization;
    private final Function<String, String> contentOfTag;
    private final Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<String> acknowledged = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<String> refused = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final ExecutorService threads;

    /**
     * Starts the clients.
     *
     * @param base          the server, e.g. {@code http://127.0.0.1:41234}
     * @param authorization the {@code Authorization} header value
     * @param reads         GET paths the readers cycle through
     * @param readers       reading threads
     * @param uploaders     uploading threads
     * @param tagPrefix     prefix of the uploads' tags
     * @param contentOfTag  the JSON file uploaded under a tag
     */
    public MixedLoad(String base, String authorization, List<String> reads, int readers, int uploaders,
                     String tagPrefix, Function<String, String> contentOfTag) {
        this.base = base;
        this.authorization = authorization;
        this.contentOfTag = contentOfTag;
        this.threads = Executors.newFixedThreadPool(readers + uploaders);
        AtomicInteger counter = new AtomicInteger();
        for (int t = 0; t < readers + uploaders; t++) {
            boolean uploader = t < uploaders;
            threads.execute(() -> {
                int i = 0;
                while (running.get()) {
                    String what = uploader ? "upload " + tagPrefix + counter.getAndIncrement()
                            : reads.get(i++ % reads.size());
                    try {
                        HttpResponse<String> r;
                        if (uploader) {
                            String tag = what.substring("upload ".length());
                            r = client.send(upload(tag), HttpResponse.BodyHandlers.ofString());
                            (r.statusCode() == 201 ? acknowledged : refused).add(tag);
                        } else {
                            r = get(what);
                        }
                        statuses.computeIfAbsent(r.statusCode(), s -> new AtomicInteger()).incrementAndGet();
                        if (r.statusCode() >= 500 && r.statusCode() != 503) {
                            failures.add(r.statusCode() + " " + what + " " + r.body());
                        }
                        if (r.statusCode() == 503 && r.headers().firstValue("Retry-After").isEmpty()) {
                            failures.add("503 without Retry-After: " + what);
                        }
                    } catch (Exception e) {
                        failures.add("no answer to " + what + ": " + e);
                    }
                }
            });
        }
    }

    /** A GET with the load's credentials (60 s timeout). */
    public HttpResponse<String> get(String path) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", authorization)
                .timeout(Duration.ofSeconds(60)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    /** An upload of one file under {@code tag} to dev123 ({@code POST /api/v2/datacoves/environments/dev123/files}). */
    public HttpRequest upload(String tag) {
        String boundary = "----jade-mixed-load";
        String body = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"tag\"\r\n\r\n" + tag + "\r\n--"
                + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"run_results.json\"\r\n"
                + "Content-Type: application/json\r\n\r\n" + contentOfTag.apply(tag) + "\r\n--" + boundary + "--\r\n";
        return HttpRequest.newBuilder(URI.create(base + "/api/v2/datacoves/environments/dev123/files"))
                .header("Authorization", authorization)
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .timeout(Duration.ofSeconds(60))
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build();
    }

    /** Polls {@code path} until it answers 200 (at most 30 s); whether it did. */
    public boolean awaitOk(String path) throws Exception {
        for (int i = 0; i < 300; i++) {
            if (get(path).statusCode() == 200) {
                return true;
            }
            Thread.sleep(100);
        }
        return false;
    }

    /** Stops the clients and waits (at most 90 s) for their last requests. */
    public void stop() throws InterruptedException {
        running.set(false);
        threads.shutdown();
        if (!threads.awaitTermination(90, TimeUnit.SECONDS)) {
            throw new AssertionError("load threads did not stop");
        }
    }

    /** Answers counted by status. */
    public Map<Integer, AtomicInteger> statuses() {
        return statuses;
    }

    /** What must never happen (see the class comment), in order. */
    public List<String> failures() {
        return new ArrayList<>(failures);
    }

    /** Tags of uploads answered 201. */
    public List<String> acknowledged() {
        return new ArrayList<>(acknowledged);
    }

    /** Tags of uploads answered anything else. */
    public List<String> refused() {
        return new ArrayList<>(refused);
    }
}
