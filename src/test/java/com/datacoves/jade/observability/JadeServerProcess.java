package com.datacoves.jade.observability;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code jade serve} in its own JVM (the test classpath, only the given environment plus PATH and HOME), with
 * standard error kept in a file, for tests that stop the process with a signal.
 */
final class JadeServerProcess implements AutoCloseable {

    final int port;
    final Path stderr;
    private final Process process;

    private JadeServerProcess(Process process, int port, Path stderr) {
        this.process = process;
        this.port = port;
        this.stderr = stderr;
    }

    /** Starts the server and waits until {@code /api/v2/healthcheck} answers 200 (at most 120 s). */
    static JadeServerProcess start(Map<String, String> env, List<String> jvmOptions) throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path err = Files.createTempFile("jade-serve", ".err");
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m"));
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), "com.datacoves.jade.Application", "serve"));
        ProcessBuilder pb = new ProcessBuilder(command).redirectError(err.toFile())
                .redirectOutput(ProcessBuilder.Redirect.DISCARD);
        Map<String, String> e = pb.environment();
        String path = e.get("PATH");
        String home = e.get("HOME");
        e.clear();
        e.put("PATH", path == null ? "/usr/bin:/bin" : path);
        if (home != null) {
            e.put("HOME", home);
        }
        e.putAll(env);
        e.put("PORT", String.valueOf(port));
        JadeServerProcess server = new JadeServerProcess(pb.start(), port, err);
        server.awaitHealthy();
        return server;
    }

    private void awaitHealthy() throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("jade serve exited " + process.exitValue() + ": " + Files.readString(stderr));
            }
            try {
                HttpResponse<Void> r = client.send(HttpRequest.newBuilder(uri("/api/v2/healthcheck"))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // still starting
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("jade serve not healthy in 120 s: " + Files.readString(stderr));
    }

    /** An address on this server. */
    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    /** Sends SIGTERM (what Docker and Kubernetes send). */
    void terminate() {
        process.destroy();
    }

    /** Waits for the exit; returns the exit code. */
    int awaitExit(int seconds) throws InterruptedException {
        if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("jade serve did not stop within " + seconds + " s of SIGTERM");
        }
        return process.exitValue();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** Everything the process wrote on standard error. */
    String errors() throws IOException {
        return Files.readString(stderr);
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }
}
