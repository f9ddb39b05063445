package com.datacoves.jade.index;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;

import java.time.Duration;
import java.time.Instant;
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
    private final Map<Long, String> slugs = new java.util.concurrent.ConcurrentHashMap<>();
    /** Each environment's last successful pass, as last read; the lag gauges read it when scraped. */
    private final Map<String, Instant> lastSuccess = new java.util.concurrent.ConcurrentHashMap<>();

    /** @param registry Micronaut's registry, or null when metrics are off */
    public IndexMetrics(@Nullable MeterRegistry registry) {
        this.registry = registry;
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

    /** Takes every environment's last successful pass from the coordination table's states (a gauge per slug). */
    void lags(List<IndexState> states) {
        if (registry == null) {
            return;
        }
        for (IndexState s : states) {
            if (s.lastSuccessAt() != null) {
                String slug = slugs.getOrDefault(s.environmentId(), String.valueOf(s.environmentId()));
                if (lastSuccess.put(slug, s.lastSuccessAt()) == null) {
                    Gauge.builder("jade.index.lag", lastSuccess, m -> {
                                Instant at = m.get(slug);
                                return at == null ? Double.NaN : Duration.between(at, Instant.now()).toMillis() / 1000.0;
                            }).baseUnit("seconds").description("Seconds since the environment's last successful index pass")
                            .tags("environment", slug).register(registry);
                }
            }
        }
    }

    private Timer timer(String slug, String outcome) {
        return Timer.builder("jade.index.pass").description("Index refresh passes run by this replica")
                .tags("environment", slug, "outcome", outcome).register(registry);
    }
}
