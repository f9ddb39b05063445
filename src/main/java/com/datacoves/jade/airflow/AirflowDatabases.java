package com.datacoves.jade.airflow;

import com.datacoves.jade.config.DatabaseSettings;
import com.datacoves.jade.environments.EnvironmentRow;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.core.annotation.Nullable;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import javax.sql.DataSource;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One small, read-only, lazily created connection pool per environment's Airflow database.
 *
 * <p>A pool is created on first use and never fails at creation: an unreachable database only makes that
 * environment's queries fail after {@code connectTimeoutSeconds}, so other environments are unaffected. Pools are
 * keyed by slug and by the resolved settings, so a changed {@code airflow_config} gets a new pool.
 */
@Singleton
public class AirflowDatabases implements AutoCloseable {

    private final AirflowDatabaseResolver resolver;
    private final AirflowSettings settings;
    private final Map<String, Pool> pools = new ConcurrentHashMap<>();
    private volatile MeterRegistry meterRegistry;

    private record Pool(DatabaseSettings settings, HikariDataSource dataSource) {
    }

    public AirflowDatabases(AirflowDatabaseResolver resolver, AirflowSettings settings) {
        this.resolver = resolver;
        this.settings = settings;
    }

    /** Pools created from now on publish Hikari's metrics ({@code hikaricp_*}, pool {@code airflow-<slug>}) there. */
    @Inject
    public void setMeterRegistry(@Nullable MeterRegistry meterRegistry) {
        this.meterRegistry = meterRegistry;
    }

    /**
     * @return the pool of the environment's Airflow database, or empty when Jade has no Airflow database for it
     */
    public Optional<DataSource> forEnvironment(EnvironmentRow environment) {
        Optional<DatabaseSettings> resolved = resolver.resolve(environment);
        if (resolved.isEmpty()) {
            return Optional.empty();
        }
        DatabaseSettings db = resolved.get();
        Pool pool = pools.compute(environment.slug(), (slug, existing) -> {
            if (existing != null && existing.settings().equals(db)) {
                return existing;
            }
            if (existing != null) {
                existing.dataSource().close();
            }
            return new Pool(db, create(slug, db));
        });
        return Optional.of(pool.dataSource());
    }

    private HikariDataSource create(String slug, DatabaseSettings db) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("airflow-" + slug);
        config.setJdbcUrl(db.jdbcUrl());
        config.setUsername(db.username());
        config.setPassword(db.password());
        config.setMaximumPoolSize(Math.max(1, db.poolSize()));
        config.setMinimumIdle(0);
        config.setReadOnly(true);
        config.setAutoCommit(true);
        config.setInitializationFailTimeout(-1);
        long timeoutMs = settings.getConnectTimeoutSeconds() * 1000L;
        config.setConnectionTimeout(Math.max(250, timeoutMs));
        config.setValidationTimeout(Math.max(250, Math.min(timeoutMs, 2000)));
        config.addDataSourceProperty("connectTimeout", String.valueOf(settings.getConnectTimeoutSeconds()));
        config.addDataSourceProperty("socketTimeout", "60");
        config.addDataSourceProperty("ApplicationName", "jade");
        if (meterRegistry != null) {
            config.setMetricRegistry(meterRegistry);
        }
        return new HikariDataSource(config);
    }

    /** Closes every pool (on shutdown). */
    @PreDestroy
    @Override
    public void close() {
        pools.values().forEach(p -> p.dataSource().close());
        pools.clear();
    }
}
