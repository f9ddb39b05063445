package com.datacoves.jade.airflow;

import com.datacoves.jade.environments.EnvironmentRepository;
import com.datacoves.jade.environments.EnvironmentRow;
import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.HealthIndicator;
import io.micronaut.management.health.indicator.HealthResult;
import jakarta.inject.Singleton;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Reports each environment's Airflow database as UP or DOWN (in {@code details}, by slug). One unreachable Airflow
 * database does not make Jade unhealthy: the indicator is then {@code DEGRADED}, which still answers HTTP 200, because
 * every other environment keeps working.
 */
@Singleton
public class AirflowHealthIndicator implements HealthIndicator {

    /** Some Airflow databases are unreachable; Jade still serves. */
    public static final HealthStatus DEGRADED = new HealthStatus("DEGRADED",
            "some Airflow databases are unreachable", true, null);

    private final EnvironmentRepository environments;
    private final AirflowDatabases databases;

    public AirflowHealthIndicator(EnvironmentRepository environments, AirflowDatabases databases) {
        this.environments = environments;
        this.databases = databases;
    }

    @Override
    public Publisher<HealthResult> getResult() {
        return Mono.fromCallable(this::check);
    }

    private HealthResult check() {
        List<EnvironmentRow> all = environments.findAll();
        Map<String, CompletableFuture<String>> checks = new LinkedHashMap<>();
        for (EnvironmentRow env : all) {
            databases.forEnvironment(env).ifPresent(ds ->
                    checks.put(env.slug(), CompletableFuture.supplyAsync(() -> ping(ds))));
        }
        Map<String, Object> details = new LinkedHashMap<>();
        boolean anyDown = false;
        for (Map.Entry<String, CompletableFuture<String>> e : checks.entrySet()) {
            String status = e.getValue().join();
            anyDown |= !status.equals("UP");
            details.put(e.getKey(), status);
        }
        return HealthResult.builder("airflow", anyDown ? DEGRADED : HealthStatus.UP).details(details).build();
    }

    private static String ping(DataSource ds) {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.setQueryTimeout(3);
            s.execute("SELECT 1 FROM dag_run LIMIT 1");
            return "UP";
        } catch (Exception e) {
            return "DOWN";
        }
    }
}
