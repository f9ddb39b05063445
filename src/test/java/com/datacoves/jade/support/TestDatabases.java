package com.datacoves.jade.support;

import com.datacoves.jade.demo.DemoAirflow;
import com.datacoves.jade.demo.DemoSetup;
import com.datacoves.jade.demo.PostgresServer;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One real PostgreSQL server per test JVM (embedded binaries, or {@code JADE_POSTGRES_URL}), and a fresh set of
 * demo databases (jade, datacoves, one Airflow per Airflow environment) for each call of {@link #fresh()}.
 */
public final class TestDatabases {

    private static final AtomicInteger COUNTER = new AtomicInteger();
    private static PostgresServer server;

    /** The same instant for every test run's demo data, so tests can reason about dates. */
    public static final Instant NOW = Instant.parse("2026-11-20T12:00:00Z");

    private TestDatabases() {
    }

    /** The shared server, started on first use and stopped when the JVM exits. */
    public static synchronized PostgresServer server() {
        if (server == null) {
            try {
                server = PostgresServer.start(null, 0);
            } catch (Exception e) {
                throw new IllegalStateException("cannot start embedded PostgreSQL (set "
                        + PostgresServer.EXTERNAL_URL_VARIABLE + " to use an existing server)", e);
            }
            PostgresServer s = server;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    s.close();
                } catch (Exception ignored) {
                    // JVM is ending
                }
            }));
        }
        return server;
    }

    /**
     * A {@code postgres://user:password@host:port/database} URL of a database on the shared server, with the server's
     * own credentials (what Jade's {@code DB_URL}-style variables take).
     */
    public static String postgresUrl(String database) {
        PostgresServer s = server();
        String credentials = s.user() + (s.password() == null ? "" : ":" + s.password());
        return s.jdbcUrl(database).replace("jdbc:postgresql://", "postgres://" + credentials + "@");
    }

    /** {@link #fresh(DemoAirflow)} with Airflow 2.10's table shapes (what Datacoves deploys). */
    public static Map<String, Object> fresh() {
        return fresh(DemoAirflow.V2_10);
    }

    /**
     * Creates new, filled demo databases with a unique prefix.
     *
     * @param airflow the table shapes of the Airflow databases
     * @return Micronaut properties pointing Jade at them (plus local storage in a temp folder)
     */
    public static Map<String, Object> fresh(DemoAirflow airflow) {
        String prefix = "t" + ProcessHandle.current().pid() + "_" + COUNTER.incrementAndGet() + "_";
        try {
            Map<String, Object> p = new HashMap<>(DemoSetup.prepare(server(), prefix, NOW, airflow));
            p.put("jade.test.database-prefix", prefix);
            p.put("jade.storage.adapter", "local");
            p.put("jade.storage.local.path",
                    java.nio.file.Files.createTempDirectory("jade-storage").toString());
            p.put("jade.internal-bearer-token", "test-internal-token");
            return p;
        } catch (Exception e) {
            throw new IllegalStateException("cannot prepare test databases", e);
        }
    }
}
