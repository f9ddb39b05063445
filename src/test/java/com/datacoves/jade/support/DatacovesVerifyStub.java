package com.datacoves.jade.support;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A real HTTP server on 127.0.0.1 (ephemeral port) that answers like Datacoves' token check
 * ({@code GET /api/datacoves/verify/} with {@code Authorization: Token <key>}):
 * <ul>
 *   <li>a token added with {@link #token(String, String)} → 200 with that JSON text;</li>
 *   <li>any other token, or no {@code Token} header → 401 {@code {"detail":"Invalid token."}} with
 *       {@code WWW-Authenticate: Token}, as Datacoves (Django REST framework with knox token authentication) answers
 *       (override the status with {@link #unknownStatus(int)}, e.g. 404);</li>
 *   <li>other methods → 405.</li>
 * </ul>
 * A {@link Mode} makes it misbehave for every request. It counts requests and keeps the last Authorization header
 * and method, so tests can check caching, single-flight and what was sent. Close it to stop it.
 */
public final class DatacovesVerifyStub implements AutoCloseable {

    /** The path Datacoves serves its token check on. */
    public static final String PATH = "/api/datacoves/verify/";

    /** How every request is answered. */
    public enum Mode {
        /** Known tokens 200 with their JSON, others 401 (or {@link #unknownStatus(int)}). */
        NORMAL,
        /** Sleeps {@link #slowFor(Duration)} (default 30 s) before answering as NORMAL: longer than a client timeout. */
        SLOW,
        /** 500 with an HTML body, as Django answers an unhandled error. */
        ERROR_500,
        /** 200 with a body that is not JSON. */
        MALFORMED,
        /** 200 with a JSON body larger than 64 KiB (about 200 KiB), sent without a Content-Length (chunked). */
        OVERSIZED
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "datacoves-verify-stub");
        t.setDaemon(true);
        return t;
    });
    private final Map<String, String> answers = new ConcurrentHashMap<>();
    private final AtomicInteger requests = new AtomicInteger();
    private final AtomicReference<String> lastAuthorization = new AtomicReference<>();
    private final AtomicReference<String> lastMethod = new AtomicReference<>();
    private volatile Mode mode = Mode.NORMAL;
    private volatile int unknownStatus = 401;
    private volatile Duration slowFor = Duration.ofSeconds(30);
    private volatile CountDownLatch gate = new CountDownLatch(0);

    /**
     * Starts the server.
     *
     * @throws IOException when no port can be bound
     */
    public DatacovesVerifyStub() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(executor);
        server.createContext(PATH, this::handle);
        server.start();
    }

    /** The verify URL to configure Jade with, e.g. {@code http://127.0.0.1:41234/api/datacoves/verify/}. */
    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + PATH;
    }

    /**
     * Makes a token known.
     *
     * @param token    the key as sent after {@code Token }
     * @param jsonBody the 200 body, e.g. {@code {"permissions":[],"account_ids":[1],…}}
     * @return this stub
     */
    public DatacovesVerifyStub token(String token, String jsonBody) {
        answers.put(token, jsonBody);
        return this;
    }

    /** Forgets a token (as if revoked in Datacoves); later requests with it get the unknown answer. */
    public DatacovesVerifyStub revoke(String token) {
        answers.remove(token);
        return this;
    }

    /** Sets how every following request is answered. */
    public DatacovesVerifyStub mode(Mode mode) {
        this.mode = mode;
        return this;
    }

    /** The status for an unknown token (default 401, Datacoves' answer; 404 as some test doubles answer). */
    public DatacovesVerifyStub unknownStatus(int status) {
        this.unknownStatus = status;
        return this;
    }

    /** How long {@link Mode#SLOW} sleeps before answering. */
    public DatacovesVerifyStub slowFor(Duration duration) {
        this.slowFor = duration;
        return this;
    }

    /**
     * Holds every following request (after counting it) until {@link #release()} — at most 30 s — so that a test
     * can have several callers wait on one request.
     */
    public DatacovesVerifyStub hold() {
        this.gate = new CountDownLatch(1);
        return this;
    }

    /** Lets held requests be answered. */
    public DatacovesVerifyStub release() {
        gate.countDown();
        return this;
    }

    /**
     * Stops the server for good, so that connections are refused (Datacoves down). Held and slow requests are cut.
     */
    public void down() {
        gate.countDown();
        server.stop(0);
        executor.shutdownNow();
    }

    /** Requests received so far (counted on arrival, before any hold or sleep). */
    public int requests() {
        return requests.get();
    }

    /** The Authorization header of the last request, or null. */
    public String lastAuthorization() {
        return lastAuthorization.get();
    }

    /** The method of the last request, or null. */
    public String lastMethod() {
        return lastMethod.get();
    }

    /** Stops the server. */
    @Override
    public void close() {
        down();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            requests.incrementAndGet();
            String authorization = exchange.getRequestHeaders().getFirst("Authorization");
            lastAuthorization.set(authorization);
            lastMethod.set(exchange.getRequestMethod());
            try {
                if (!gate.await(30, TimeUnit.SECONDS)) {
                    return;
                }
                if (mode == Mode.SLOW) {
                    Thread.sleep(slowFor.toMillis());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (!exchange.getRequestMethod().equals("GET")) {
                send(exchange, 405, "application/json", "{\"detail\":\"Method not allowed.\"}");
                return;
            }
            switch (mode) {
                case ERROR_500 -> send(exchange, 500, "text/html", "<h1>Server Error (500)</h1>");
                case MALFORMED -> send(exchange, 200, "application/json", "{\"account_ids\":[1,");
                case OVERSIZED -> sendOversized(exchange);
                default -> {
                    String token = authorization != null && authorization.startsWith("Token ")
                            ? authorization.substring("Token ".length()) : null;
                    String answer = token == null ? null : answers.get(token);
                    if (answer != null) {
                        send(exchange, 200, "application/json", answer);
                    } else {
                        exchange.getResponseHeaders().set("WWW-Authenticate", "Token");
                        send(exchange, unknownStatus, "application/json", "{\"detail\":\"Invalid token.\"}");
                    }
                }
            }
        }
    }

    private static void send(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static void sendOversized(HttpExchange exchange) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, 0); // chunked: the client cannot tell the size up front
        try (OutputStream out = exchange.getResponseBody()) {
            out.write("{\"permissions\":[".getBytes(StandardCharsets.UTF_8));
            byte[] item = "\"acme:analytics:prod|workbench:airflow|write\",".getBytes(StandardCharsets.UTF_8);
            for (int written = 0; written < 200 * 1024; written += item.length) {
                out.write(item);
            }
            out.write("\"x\"],\"account_ids\":[1],\"accounts\":[\"acme\"],\"project_ids\":[],\"projects\":[],"
                    .getBytes(StandardCharsets.UTF_8));
            out.write("\"environment_ids\":[],\"environments\":[]}".getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            // the client hung up once it had read enough: expected
        }
    }
}
