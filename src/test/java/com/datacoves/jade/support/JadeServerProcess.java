package com.datacoves.jade.support;

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
 * {@code jade serve} (or {@code jade demo}) in its own JVM (the test classpath, only the given environment plus PATH and HOME), with
 * standard error kept in a file, for tests that stop the process with a signal.
 */
public final class JadeServerProcess implements AutoCloseable {

    /** The HTTP port. */
    public final int port;
    /** The management port ({@code /health}, {@code /prometheus}). */
    public final int managementPort;
    /** Where standard error goes. */
    public final Path stderr;
    private final Process process;

    private final Path stdout;

    private JadeServerProcess(Process process, int port, int managementPort, Path stderr, Path stdout) {
        this.process = process;
        this.port = port;
        this.managementPort = managementPort;
        this.stderr = stderr;
        this.stdout = stdout;
    }

    /** Starts the server and waits until {@code /api/v2/healthcheck} answers 200 (at most 120 s). */
    public static JadeServerProcess start(Map<String, String> env, List<String> jvmOptions) throws Exception {
        return launch(List.of("serve"), env, jvmOptions, freePort());
    }

    /**
     * Starts {@code jade demo} with its data in {@code dir} (embedded PostgreSQL on {@code postgresPort}) and waits
     * until it serves, as {@link #start}.
     */
    public static JadeServerProcess startDemo(Path dir, int postgresPort) throws Exception {
        int port = freePort();
        return launch(List.of("demo", "--dir", dir.toString(), "--port", String.valueOf(port), "--postgres-port",
                String.valueOf(postgresPort)), Map.of(), List.of(), port);
    }

    /** A port free at the time of asking. */
    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static JadeServerProcess launch(List<String> arguments, Map<String, String> env, List<String> jvmOptions,
                                            int port) throws Exception {
        Path err = Files.createTempFile("jade-serve", ".err");
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m"));
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), "com.datacoves.jade.Application"));
        command.addAll(arguments);
        // kept too: the test classpath's logback-test.xml logs to standard output
        Path out = Files.createTempFile("jade-serve", ".out");
        ProcessBuilder pb = new ProcessBuilder(command).redirectError(err.toFile()).redirectOutput(out.toFile());
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
        int managementPort = freePort();
        e.put("JADE_MANAGEMENT_PORT", String.valueOf(managementPort));
        Process process = pb.start();
        // a test JVM that ends (or is killed by a timeout) takes its servers with it
        Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly));
        JadeServerProcess server = new JadeServerProcess(process, port, managementPort, err, out);
        server.awaitHealthy();
        return server;
    }

    private void awaitHealthy() throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("jade exited " + process.exitValue() + ": " + Files.readString(stderr));
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
        throw new IllegalStateException("jade not healthy in 120 s: " + Files.readString(stderr));
    }

    /** An address on this server's management port. */
    public URI managementUri(String path) {
        return URI.create("http://127.0.0.1:" + managementPort + path);
    }

    /** An address on this server. */
    public URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    /** Sends SIGTERM (what Docker and Kubernetes send). */
    public void terminate() {
        process.destroy();
    }

    /** Waits for the exit; returns the exit code. */
    public int awaitExit(int seconds) throws InterruptedException {
        if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("jade did not stop within " + seconds + " s of SIGTERM");
        }
        return process.exitValue();
    }

    /** True while the process runs. */
    public boolean isAlive() {
        return process.isAlive();
    }

    /** Everything the process wrote on standard error. */
    public String errors() throws IOException {
        return Files.readString(stderr);
    }

    /** Everything the process wrote on standard output. */
    public String output() throws IOException {
        return Files.readString(stdout);
    }

    /** Sends SIGKILL: the process ends at once, as in a crash (no shutdown hooks). */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }
}
