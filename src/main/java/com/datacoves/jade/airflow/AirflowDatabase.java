package com.datacoves.jade.airflow;

import org.jdbi.v3.core.Jdbi;

/**
 * One environment's Airflow metadata database as Jade reads it (read-only): its pool, wrapped in a {@link Jdbi}, and
 * its {@link AirflowSchema}, detected on first use and kept for the pool's life.
 */
public final class AirflowDatabase {

    private final String environmentSlug;
    private final Jdbi jdbi;
    private volatile AirflowSchema schema;

    /**
     * @param environmentSlug the Datacoves environment whose Airflow this is (for messages)
     * @param jdbi            over the environment's pool
     */
    public AirflowDatabase(String environmentSlug, Jdbi jdbi) {
        this.environmentSlug = environmentSlug;
        this.jdbi = jdbi;
    }

    /** The Datacoves environment slug. */
    public String environmentSlug() {
        return environmentSlug;
    }

    /** Handles on the database. */
    public Jdbi jdbi() {
        return jdbi;
    }

    /**
     * The database's Airflow schema, detected on the first call.
     *
     * @throws org.jdbi.v3.core.JdbiException when the database cannot be reached or has no {@code dag_run} table
     *                                        (nothing is remembered then)
     */
    public AirflowSchema schema() {
        AirflowSchema known = schema;
        if (known == null) {
            known = jdbi.withHandle(h -> {
                try {
                    return AirflowSchema.detect(h.getConnection());
                } catch (java.sql.SQLException e) {
                    throw new org.jdbi.v3.core.ConnectionException(e);
                }
            });
            schema = known;
        }
        return known;
    }
}
