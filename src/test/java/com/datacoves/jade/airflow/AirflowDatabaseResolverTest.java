package com.datacoves.jade.airflow;

import com.datacoves.jade.config.DatabaseSettings;
import io.micronaut.json.JsonMapper;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Which database an environment's decrypted {@code airflow_config} names (docs/airflow.md): Datacoves' in-cluster
 * database, an external one by fields or by {@code db.connection}, with the per-environment {@code db.sslmode}.
 */
class AirflowDatabaseResolverTest {

    private static AirflowDatabaseResolver resolver(boolean ssl) {
        AirflowSettings settings = new AirflowSettings();
        settings.setSsl(ssl);
        return new AirflowDatabaseResolver(settings, List.of(), new AirflowConfigDecryptor(JsonMapper.createDefault()));
    }

    private static DatabaseSettings resolve(boolean ssl, Map<String, Object> db) {
        return resolver(ssl).fromConfig("prd456", Map.of("db", db)).orElseThrow();
    }

    @Test
    void inClusterDatabase() {
        DatabaseSettings d = resolve(false, Map.of());
        assertEquals("jdbc:postgresql://prd456-airflow-postgresql.dcw-prd456.svc.cluster.local:5432/postgres", d.jdbcUrl());
        assertEquals("postgres", d.username());
        assertEquals("jdbc:postgresql://prd456-airflow-postgresql.dcw-prd456.svc.cluster.local:5432/postgres"
                + "?sslmode=require", resolve(true, Map.of()).jdbcUrl());
    }

    @Test
    void externalByFieldsWithItsOwnSslmode() {
        Map<String, Object> db = Map.of("external", true, "host", "af.abc.rds.amazonaws.com", "port", 5433,
                "database", "airflow", "user", "af", "password", "s3cret", "sslmode", "verify-full");
        DatabaseSettings d = resolve(false, db);
        assertEquals("jdbc:postgresql://af.abc.rds.amazonaws.com:5433/airflow?sslmode=verify-full", d.jdbcUrl());
        assertEquals("af", d.username());
        assertEquals("s3cret", d.password());
        // the environment's own setting wins over the global flag, both ways
        assertEquals("jdbc:postgresql://af.abc.rds.amazonaws.com:5433/airflow?sslmode=disable",
                resolve(true, Map.of("external", true, "host", "af.abc.rds.amazonaws.com", "port", 5433,
                        "database", "airflow", "sslmode", "disable")).jdbcUrl());
    }

    @Test
    void externalByConnectionUrl() {
        DatabaseSettings d = resolve(false, Map.of("external", true,
                "connection", "postgresql://af%40corp:p%3Ass@db.azure.example:6432/af_meta?sslmode=require"));
        assertEquals("jdbc:postgresql://db.azure.example:6432/af_meta?sslmode=require", d.jdbcUrl());
        assertEquals("af@corp", d.username());
        assertEquals("p:ss", d.password());
        assertEquals("jdbc:postgresql://db.example:5432/postgres?sslmode=require",
                resolve(true, Map.of("external", true, "connection", "postgres://u:p@db.example")).jdbcUrl());
    }

    @Test
    void unusableConfigsAreSkipped() {
        AirflowDatabaseResolver r = resolver(false);
        assertEquals(Optional.empty(), r.fromConfig("x", Map.of("db", Map.of("external", true))));
        assertEquals(Optional.empty(), r.fromConfig("x", Map.of("db", Map.of("external", true,
                "connection", "mysql://u:p@h/db"))));
        assertTrue(r.fromConfig("x", Map.of("db", Map.of("external", false, "connection", "garbage"))).isPresent(),
                "db.connection is read only for an external database, as Datacoves does");
    }
}
