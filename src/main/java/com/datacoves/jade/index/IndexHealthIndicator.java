package com.datacoves.jade.index;

import com.datacoves.jade.datacoves.EnvironmentRepository;
import com.datacoves.jade.datacoves.EnvironmentRow;
import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.HealthIndicator;
import io.micronaut.management.health.indicator.HealthResult;
import jakarta.inject.Singleton;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * {@code airflow} in {@code /health}: each indexed environment's Airflow database as {@code UP} (its last pass
 * succeeded) or {@code DOWN}, by slug; {@code DEGRADED} (still HTTP 200: every other environment keeps working) while
 * any is down. Read from the coordination table, so a health check queries no Airflow database
 * (docs/operations.md).
 */
@Singleton
public class IndexHealthIndicator implements HealthIndicator {

    /** Some Airflow databases are unreachable; Jade still serves. */
    public static final HealthStatus DEGRADED = new HealthStatus("DEGRADED",
            "some Airflow databases are unreachable", true, null);

    private final IndexStateRepository states;
    private final EnvironmentRepository environments;

    /** Reads the index states and the environments' slugs. */
    public IndexHealthIndicator(IndexStateRepository states, EnvironmentRepository environments) {
        this.states = states;
        this.environments = environments;
    }

    @Override
    public Publisher<HealthResult> getResult() {
        return Mono.fromCallable(() -> {
            Map<Long, String> slugs = environments.findAll().stream()
                    .collect(Collectors.toMap(EnvironmentRow::id, EnvironmentRow::slug, (a, b) -> a));
            Map<String, String> details = new TreeMap<>();
            boolean anyDown = false;
            for (IndexState s : states.all()) {
                boolean up = s.failures() == 0 && s.lastSuccessAt() != null;
                anyDown |= !up;
                details.put(slugs.getOrDefault(s.environmentId(), String.valueOf(s.environmentId())),
                        up ? "UP" : "DOWN");
            }
            return HealthResult.builder("airflow", anyDown ? DEGRADED : HealthStatus.UP).details(details).build();
        }).subscribeOn(Schedulers.boundedElastic());
    }
}
