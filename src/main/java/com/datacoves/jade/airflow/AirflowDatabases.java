package com.datacoves.jade.airflow;

import com.datacoves.jade.config.DatabaseSettings;
import com.datacoves.jade.database.JdbiFactory;
import com.datacoves.jade.datacoves.EnvironmentRow;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * One small, read-only, lazily created connection pool per environment's Airflow database (docs/airflow.md).
 *
 * <p>A pool is created on first use and never fails at creation: an unreachable database only makes that
 * environment's queries fail after {@code connectTimeoutSeconds}, so other environments are unaffected. Pools are
 * keyed by slug and by the resolved settings, so a changed {@code airflow_config} gets a new pool. A pool opens
 * connections only when used ({@code minimumIdle 0}; an unused connection closes after {@link #IDLE_TIMEOUT}), every statement has a
 * {@value #STATEMENT_TIMEOUT_SECONDS} s timeout, and all pools share one housekeeping thread, so a thousand
 * environments cost neither a thousand threads nor a thousand open connections on a replica that does not refresh
 * them.
 */
@Singleton
public class AirflowDatabases implements AutoCloseable {

    private final AirflowDatabaseResolver resolver;
    private final AirflowSettings settings;
    /** Seconds any statement on an Airflow database may run. */
    public static final int STATEMENT_TIMEOUT_SECONDS = 10;
    /**
     * How long a pooled connection may stay unused before it closes (HikariCP checks every 30 s, so it closes within
     * this plus 30 s). Far above the refresh interval, so the replica refreshing an environment keeps its connection.
     */
    public static final java.time.Duration IDLE_TIMEOUT = java.time.Duration.ofSeconds(60);

    private final Map<String, Pool> pools = new ConcurrentHashMap<>();
    private final ScheduledExecutorService housekeeping = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "jade-airflow-pools");
        t.setDaemon(true);
        return t;
    });

    private record Pool(DatabaseSettings settings, HikariDataSource dataSource, AirflowDatabase database) {
    }

    public AirflowDatabases(AirflowDatabaseResolver resolver, AirflowSettings settings) {
        this.resolver = resolver;
        this.settings = settings;
    }

    /**
     * @return the environment's Airflow database, or empty when Jade has no Airflow database for it
     */
    public Optional<AirflowDatabase> forEnvironment(EnvironmentRow environment) {
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
            HikariDataSource dataSource = create(slug, db);
            return new Pool(db, dataSource, new AirflowDatabase(slug,
                    JdbiFactory.create(dataSource, STATEMENT_TIMEOUT_SECONDS)));
        });
        return Optional.of(pool.database());
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
        // an idle connection closes after IDLE_TIMEOUT: the replica that refreshes the environment keeps its one
        // connection (a pass every few seconds; reconnecting per pass would cost a backend start each time), and a
        // replica that no longer does closes its own soon after ownership moved.
        config.setIdleTimeout(IDLE_TIMEOUT.toMillis());
        config.setScheduledExecutor(housekeeping);
        long timeoutMs = settings.getConnectTimeoutSeconds() * 1000L;
        config.setConnectionTimeout(Math.max(250, timeoutMs));
        config.setValidationTimeout(Math.max(250, Math.min(timeoutMs, 2000)));
        config.addDataSourceProperty("connectTimeout", String.valueOf(settings.getConnectTimeoutSeconds()));
        config.addDataSourceProperty("socketTimeout", "60");
        config.addDataSourceProperty("ApplicationName", "jade");
        return new HikariDataSource(config);
    }

    /** Closes every pool (on shutdown). */
    @PreDestroy
    @Override
    public void close() {
        pools.values().forEach(p -> p.dataSource().close());
        pools.clear();
        housekeeping.shutdownNow();
    }
}
