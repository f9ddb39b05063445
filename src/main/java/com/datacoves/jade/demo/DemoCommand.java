package com.datacoves.jade.demo;

import com.datacoves.jade.auth.TokenService;
import com.datacoves.jade.cli.ServeCommand;
import com.datacoves.jade.config.JadeVariable;
import io.micronaut.context.ApplicationContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@code jade demo}: Jade on embedded PostgreSQL with deterministic demo data and local-folder storage, everything
 * under {@code ./.jade/} so that it survives a restart. Prints the URL, one API key per demo account and example
 * {@code curl} commands. It listens on 127.0.0.1 unless {@code --host} says otherwise, and its admin bearer token is
 * random (kept in {@code .jade/demo-admin-token}). Ctrl-C stops the server and the embedded PostgreSQL.
 * {@code --airflow 3.0} gives its Airflow databases Airflow 3.0's table shapes instead of 2.10's; that demo keeps its
 * own databases ({@code demo_af3_…}) and storage folder, so both can be tried from one {@code .jade}.
 */
@Command(name = "demo", description = "Run Jade on embedded PostgreSQL with demo data (no setup needed).")
public class DemoCommand implements Callable<Integer> {

    @Option(names = "--dir", description = "where the demo keeps its data (default: .jade in the project folder)")
    Path dir = defaultDir();

    @Option(names = "--port", description = "HTTP port (default: PORT or 4000)")
    Integer port;

    @Option(names = "--postgres-port", description = "port of the embedded PostgreSQL (default 54329)")
    int postgresPort = 54329;

    @Option(names = "--host", description = "interface to listen on (default 127.0.0.1: only this machine; "
            + "0.0.0.0 to let other machines reach the demo and its admin route)")
    String host = "127.0.0.1";

    @Option(names = "--airflow", converter = DemoAirflow.Option.class,
            description = "table shapes of the demo's Airflow databases: 2.10 (default, what Datacoves deploys) or 3.0")
    DemoAirflow airflow = DemoAirflow.V2_10;

    @Override
    public Integer call() throws Exception {
        int httpPort = port != null ? port : Integer.parseInt(JadeVariable.PORT.in(System.getenv()).orElse("4000"));
        PrintStream out = System.out;
        out.println("Starting embedded PostgreSQL (data in " + dir.resolve("postgres") + ") …");
        // stopped by the hook below only, after Jade's context has closed (PostgresServer#start)
        PostgresServer postgres = PostgresServer.start(dir.resolve("postgres").toAbsolutePath(), postgresPort,
                false);
        AtomicReference<ApplicationContext> started = new AtomicReference<>();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            ApplicationContext running = started.get();
            if (running != null && running.isRunning()) {
                running.close();
            }
            try {
                postgres.close();
            } catch (IOException ignored) {
                // the process is ending
            }
        }, "jade-demo-shutdown"));
        Map<String, Object> properties = new LinkedHashMap<>(DemoSetup.prepare(postgres,
                airflow == DemoAirflow.V2_10 ? "demo_" : "demo_af3_", Instant.now(), airflow));
        properties.put("micronaut.server.port", httpPort);
        properties.put("micronaut.server.host", host);
        properties.put("jade.storage.adapter", "local");
        properties.put("jade.storage.local.path", dir.resolve(airflow == DemoAirflow.V2_10 ? "storage" : "storage-af3")
                .toAbsolutePath().toString());
        String adminToken = adminToken();
        properties.put("jade.internal-bearer-token", adminToken);
        ApplicationContext context;
        try {
            context = ServeCommand.start(properties);
        } catch (RuntimeException e) {
            postgres.close();
            throw e;
        }
        started.set(context);
        Map<Long, String> keys = demoKeys(context.getBean(TokenService.class));
        int manifests = DemoManifests.upload(context, httpPort, keys.get(1L), dir);
        if (manifests > 0) {
            out.println("Uploaded a manifest for " + manifests + " successful demo DAG runs (their manifest.json artifact).");
        }
        printBanner(out, httpPort, keys, adminToken);
        Thread.currentThread().join();
        return 0;
    }

    /**
     * {@code .jade} in the project folder: {@code ./mvnw mn:run} runs the program inside {@code target/}, where
     * {@code mvn clean} would wipe the demo's data, so the folder above is used then.
     */
    static Path defaultDir() {
        Path cwd = Path.of("").toAbsolutePath();
        if (cwd.getFileName() != null && cwd.getFileName().toString().equals("target")
                && Files.exists(cwd.resolveSibling("pom.xml"))) {
            return cwd.getParent().resolve(".jade");
        }
        return cwd.resolve(".jade");
    }

    /** One key per demo account, kept in {@code .jade/demo-keys.properties} so that they survive restarts. */
    private Map<Long, String> demoKeys(TokenService tokens) throws IOException {
        Path file = dir.resolve("demo-keys.properties");
        Properties saved = new Properties();
        if (Files.exists(file)) {
            try (InputStream in = Files.newInputStream(file)) {
                saved.load(in);
            }
        }
        Map<Long, String> keys = new LinkedHashMap<>();
        for (long account : new long[]{1, 2}) {
            String key = saved.getProperty("account." + account);
            if (key == null || tokens.verify(key).isEmpty()) {
                key = tokens.create(account, "demo").token();
                saved.setProperty("account." + account, key);
            }
            keys.put(account, key);
        }
        try (OutputStream o = Files.newOutputStream(file)) {
            saved.store(o, "Jade demo API keys (local demo only)");
        }
        return keys;
    }

    /**
     * The demo's admin bearer token: random, made once and kept in {@code .jade/demo-admin-token} (owner-only where
     * the file system allows), so that nobody can mint keys with a token printed in the documentation.
     */
    private String adminToken() throws IOException {
        Path file = dir.resolve("demo-admin-token");
        if (Files.exists(file)) {
            String saved = Files.readString(file).strip();
            if (!saved.isEmpty()) {
                return saved;
            }
        }
        byte[] random = new byte[24];
        new java.security.SecureRandom().nextBytes(random);
        String token = "demo-" + java.util.HexFormat.of().formatHex(random);
        Files.createDirectories(dir);
        Files.writeString(file, token + "\n");
        try {
            Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException ignored) {
            // not a POSIX file system: the folder's own permissions apply
        }
        return token;
    }

    private static void printBanner(PrintStream out, int port, Map<Long, String> keys, String adminToken) {
        String base = "http://localhost:" + port;
        String key = keys.get(1L);
        out.println();
        out.println("Jade demo is running at " + base);
        out.println("  Swagger UI:  " + base + "/api/v2/swaggerui");
        out.println("  OpenAPI:     " + base + "/api/v2/openapi");
        out.println("  Health:      " + base + "/health");
        out.println("  API key of account 1 (Acme Analytics): " + key);
        out.println("  API key of account 2 (Globex):         " + keys.get(2L));
        out.println("  Admin bearer token (INTERNAL_BEARER_TOKEN): " + adminToken);
        out.println();
        out.println("Try:");
        out.println("  curl -H 'Authorization: Token " + key + "' " + base + "/api/v2/accounts/1/");
        out.println("  curl -H 'Authorization: Token " + key + "' '" + base + "/api/v2/accounts/1/runs/?limit=5&order_by=-id'");
        out.println("  curl -H 'Authorization: Bearer " + key + "' '" + base
                + "/api/v2/datacoves/manifests?environment_slug=dev123'");
        out.println();
        out.println("Press Ctrl-C to stop.");
    }
}
