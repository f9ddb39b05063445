package com.datacoves.jade.demo;

import com.datacoves.jade.config.SettingException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code jade seed-demo} (hidden): creates and fills the demo databases ({@code <prefix>jade},
 * {@code <prefix>datacoves}, {@code <prefix>airflow_<slug>}) on the existing PostgreSQL server named by
 * {@code JADE_POSTGRES_URL} ({@code postgres://user:pass@host:port}, a user that may create databases), then exits.
 * Used by {@code docker-compose.yml}. Idempotent: filled databases are left as they are. Prints database names
 * only, never credentials.
 */
@Command(name = "seed-demo", hidden = true,
        description = "Create and fill the demo databases on the server named by JADE_POSTGRES_URL, then exit.")
public class SeedDemoCommand implements Callable<Integer> {

    @Option(names = "--prefix", description = "prefix of the database names (default demo_)")
    String prefix = "demo_";

    @Option(names = "--airflow", converter = DemoAirflow.Option.class,
            description = "table shapes of the Airflow databases: 2.10 (default) or 3.0")
    DemoAirflow airflow = DemoAirflow.V2_10;

    @Override
    public Integer call() throws Exception {
        String url = System.getenv(PostgresServer.EXTERNAL_URL_VARIABLE);
        if (url == null || url.isBlank()) {
            throw new SettingException(PostgresServer.EXTERNAL_URL_VARIABLE
                    + " is not set (postgres://user:pass@host:port of the server to seed)");
        }
        try (PostgresServer server = PostgresServer.start(null, 0)) {
            Map<String, Object> properties = DemoSetup.prepare(server, prefix, Instant.now(), airflow);
            properties.keySet().stream()
                    .filter(k -> k.endsWith(".url"))
                    .map(k -> String.valueOf(properties.get(k)))
                    .map(u -> u.substring(u.lastIndexOf('/') + 1))
                    .forEach(db -> System.out.println("seeded database " + db));
        }
        return 0;
    }
}
