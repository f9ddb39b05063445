package com.datacoves.jade.demo;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Creates and fills the demo databases on a {@link PostgresServer} and returns the properties that point Jade at
 * them: {@code <prefix>jade} (Jade's own, migrated by Flyway at start), {@code <prefix>datacoves}, and
 * {@code <prefix>airflow_<slug>} for each Airflow environment, configured as explicit Airflow databases.
 */
public final class DemoSetup {

    private DemoSetup() {
    }

    /**
     * @param server the PostgreSQL server
     * @param prefix prefix of the database names (the demo uses {@code demo_}, tests a unique one per run)
     * @param now    the end of the demo's 30 days of DAG runs, UTC (only used when the databases are empty)
     * @param airflow the table shapes of the Airflow databases (only used when they are created)
     * @return Micronaut properties for the jade, datacoves and Airflow databases
     */
    public static Map<String, Object> prepare(PostgresServer server, String prefix, Instant now, DemoAirflow airflow)
            throws SQLException {
        Map<String, Object> p = new LinkedHashMap<>();
        server.createDatabase(prefix + "jade");
        server.createDatabase(prefix + "datacoves");
        try (Connection c = server.connect(prefix + "datacoves")) {
            DemoData.seedDatacoves(c);
        }
        putDatabase(p, "datasources.default.", server, prefix + "jade");
        putDatabase(p, "datasources.datacoves.", server, prefix + "datacoves");
        for (DemoData.DemoEnvironment env : DemoData.ENVIRONMENTS) {
            if (!env.airflow()) {
                continue;
            }
            String db = prefix + "airflow_" + env.slug();
            server.createDatabase(db);
            try (Connection c = server.connect(db)) {
                DemoData.seedAirflow(c, env.slug(), now, airflow);
            }
            String key = "jade.airflow.environments." + env.slug() + ".";
            p.put(key + "url", server.jdbcUrl(db));
            p.put(key + "username", server.user());
            if (server.password() != null) {
                p.put(key + "password", server.password());
            }
        }
        return p;
    }

    private static void putDatabase(Map<String, Object> p, String key, PostgresServer server, String db) {
        p.put(key + "url", server.jdbcUrl(db));
        p.put(key + "username", server.user());
        if (server.password() != null) {
            p.put(key + "password", server.password());
        }
    }
}
