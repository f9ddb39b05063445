package com.datacoves.jade.index;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The index's Prometheus metrics, per environment (docs/operations.md, "Metrics"):
 * {@code jade_index_pass_seconds{environment,outcome}} (passes this replica ran: count, sum, max),
 * {@code jade_index_rows_read_total{environment}} (DAG runs read from Airflow), and
 * {@code jade_index_lag_seconds{environment}} (time since the environment's last successful pass, on any replica;
 * read from the coordination table at each heartbeat). Without a meter registry nothing is recorded.
 */
@Singleton
public class IndexMetrics {

    private final MeterRegistry registry;
    private final MultiGauge lag;
    private final Map<Long, String> slugs = new java.util.concurrent.ConcurrentHashMap<>();

    /** @param registry Micronaut's registry, or null when metrics are off */
    public IndexMetrics(@Nullable MeterRegistry registry) {
        this.registry = registry;
        this.lag = registry == null ? null : MultiGauge.builder("jade.index.lag").baseUnit("seconds")
                .description("Seconds since the environment's last successful index pass").register(registry);
    }

    /** Records a successful pass of {@code slug}. */
    void passed(String slug, Duration took, int rowsRead) {
        if (registry == null) {
            return;
        }
        timer(slug, "success").record(took);
        Counter.builder("jade.index.rows.read").description("DAG runs read from Airflow by index passes")
                .tags("environment", slug).register(registry).increment(rowsRead);
    }

    /** Records a failed pass of {@code slug}. */
    void failed(String slug, Duration took) {
        if (registry != null) {
            timer(slug, "failure").record(took);
        }
    }

    /** Remembers the slug of an environment id, for the lag gauge. */
    void name(long environmentId, String slug) {
        slugs.put(environmentId, slug);
    }

    /** Publishes every environment's lag from the coordination table's states. */
    void lags(List<IndexState> states) {
        if (lag == null) {
            return;
        }
        Instant now = Instant.now();
        List<MultiGauge.Row<?>> rows = new ArrayList<>();
        for (IndexState s : states) {
            if (s.lastSuccessAt() != null) {
                String slug = slugs.getOrDefault(s.environmentId(), String.valueOf(s.environmentId()));
                double seconds = Duration.between(s.lastSuccessAt(), now).toMillis() / 1000.0;
                rows.add(MultiGauge.Row.of(Tags.of("environment", slug), seconds));
            }
        }
        lag.register(rows, true);
    }

    private Timer timer(String slug, String outcome) {
        return Timer.builder("jade.index.pass").description("Index refresh passes run by this replica")
                .tags("environment", slug, "outcome", outcome).register(registry);
    }
}
