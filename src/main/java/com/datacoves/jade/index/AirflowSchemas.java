package com.datacoves.jade.index;

import jakarta.inject.Singleton;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * Detects the {@link AirflowSchema} of each Airflow pool once, on first use, and remembers it for the pool's life
 * (a pool is replaced when an environment's Airflow settings change, so the detection follows).
 */
@Singleton
public class AirflowSchemas {

    private final Map<DataSource, AirflowSchema> cache = Collections.synchronizedMap(new WeakHashMap<>());

    /**
     * @return the schema of the database behind {@code pool}
     * @throws SQLException when the database cannot be reached (nothing is cached then)
     */
    public AirflowSchema of(DataSource pool) throws SQLException {
        AirflowSchema known = cache.get(pool);
        if (known != null) {
            return known;
        }
        try (Connection c = pool.getConnection()) {
            AirflowSchema detected = AirflowSchema.detect(c);
            cache.put(pool, detected);
            return detected;
        }
    }
}
