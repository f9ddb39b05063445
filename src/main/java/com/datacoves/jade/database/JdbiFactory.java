package com.datacoves.jade.database;

import io.micronaut.context.annotation.Factory;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.SqlStatements;
import org.jdbi.v3.postgres.PostgresPlugin;

import javax.sql.DataSource;

/**
 * The {@link Jdbi} instances through which all of Jade's code reaches its databases (docs/architecture.md, "Data
 * access"): {@code jade} over Jade's own read-write pool (Micronaut datasource {@code default}) and {@code datacoves}
 * over Datacoves' read-only pool. Each environment's Airflow database gets its own from
 * {@code airflow.AirflowDatabases}, built with {@link #create}.
 */
@Factory
public class JdbiFactory {

    /** Jade's own database (read-write; schema migrated by Flyway from {@code db/migration}). */
    @Singleton
    @Named("jade")
    Jdbi jade(@Named("default") DataSource dataSource) {
        return create(dataSource);
    }

    /** Datacoves' database (read-only). */
    @Singleton
    @Named("datacoves")
    Jdbi datacoves(@Named("datacoves") DataSource dataSource) {
        return create(dataSource);
    }

    /**
     * A Jdbi over a pool, with PostgreSQL's types (arrays of bigint, text, timestamptz; java.time values) installed,
     * whose callbacks that only read are run once more on a fresh connection when theirs broke ({@link ReadRetry}).
     *
     * @param dataSource a pool whose connections Jdbi borrows per handle and returns when the handle closes
     */
    public static Jdbi create(DataSource dataSource) {
        Jdbi jdbi = Jdbi.create(dataSource);
        jdbi.installPlugin(new NoLargeObjects());
        ReadRetry.install(jdbi);
        return jdbi;
    }

    /**
     * PostgreSQL's plugin (its argument and column types, arrays, java.time) without its per-handle step: opening a
     * handle on a connection it has not seen asks the server for the large-object functions, so a connection that
     * broke while idle in the pool (a restart, a failover) failed as the handle opened — before any callback ran,
     * where {@link ReadRetry} cannot retry it — and the read answered 503. Jade uses no large objects and registers no
     * custom PostgreSQL types (the rest of that step), so opening a handle now sends nothing; a broken connection
     * fails in the callback's first statement, which is retried.
     */
    private static final class NoLargeObjects extends PostgresPlugin {
        @Override
        public Handle customizeHandle(Handle handle) {
            return handle;
        }
    }

    /**
     * {@link #create} with a statement timeout for every query (a database that hangs fails the query instead of
     * holding a thread).
     *
     * @param timeoutSeconds seconds a statement may run
     */
    public static Jdbi create(DataSource dataSource, int timeoutSeconds) {
        Jdbi jdbi = create(dataSource);
        jdbi.getConfig(SqlStatements.class).setQueryTimeout(timeoutSeconds);
        return jdbi;
    }
}
