package com.datacoves.jade.storage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Runs Azurite's blob service (Microsoft's Azure Storage emulator, from {@code node_modules/.bin/azurite-blob} in the
 * project folder, installed by the build: see the install-azurite profile in pom.xml) on a free port of 127.0.0.1 for one test class,
 * storing in a temporary folder; stops it and removes the folder afterwards. Register with
 * {@code @RegisterExtension static}.
 */
final class AzuriteExtension implements BeforeAllCallback, AfterAllCallback {

    /** Azurite's well-known development account and key (published in Azurite's documentation). */
    static final String ACCOUNT = "devstoreaccount1";
    static final String KEY =
            "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private static final long START_TIMEOUT_MS = 30_000;

    private Process process;
    private Path location;
    private Path log;
    private int port;

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        Path project = Path.of(System.getProperty("jade.project.dir", System.getProperty("user.dir")));
        Path binary = project.resolve("node_modules/.bin/azurite-blob");
        if (!Files.isExecutable(binary)) {
            throw new IllegalStateException("Azurite is not installed (" + binary + " is missing): run "
                    + "./mvnw generate-test-resources (or: npm install --no-save azurite@3.35.0) in the project folder (needs Node.js 20)");
        }
        location = Files.createTempDirectory("azurite");
        log = location.resolve("azurite.log");
        port = FreePort.pick();
        process = new ProcessBuilder(binary.toString(), "--blobHost", "127.0.0.1", "--blobPort",
                String.valueOf(port), "--location", location.resolve("data").toString(), "--skipApiVersionCheck",
                "--silent")
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        waitForPort();
    }

    private void waitForPort() throws IOException, InterruptedException {
        long deadline = System.currentTimeMillis() + START_TIMEOUT_MS;
        while (System.currentTimeMillis() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Azurite exited with " + process.exitValue() + ": "
                        + Files.readString(log, StandardCharsets.UTF_8));
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                Thread.sleep(100);
            }
        }
        stop();
        throw new IllegalStateException("Azurite did not listen on port " + port + " within " + START_TIMEOUT_MS
                + " ms");
    }

    @Override
    public void afterAll(ExtensionContext context) throws IOException {
        stop();
        if (location != null) {
            try (Stream<Path> files = Files.walk(location)) {
                files.sorted(Comparator.reverseOrder()).forEach(AzuriteExtension::deleteQuietly);
            }
        }
    }

    private void stop() {
        if (process == null) {
            return;
        }
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process = null;
    }

    private static void deleteQuietly(Path path) {
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The blob endpoint, e.g. {@code http://127.0.0.1:41234/devstoreaccount1}. */
    String blobEndpoint() {
        return "http://127.0.0.1:" + port + "/" + ACCOUNT;
    }

    /** A connection string for the development account on this Azurite. */
    String connectionString() {
        return "DefaultEndpointsProtocol=http;AccountName=" + ACCOUNT + ";AccountKey=" + KEY + ";BlobEndpoint="
                + blobEndpoint() + ";";
    }
}
