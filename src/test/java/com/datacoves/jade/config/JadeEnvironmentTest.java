package com.datacoves.jade.config;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JadeEnvironmentTest {

    @Test
    void defaultsAreTheOriginalJadesDefaults() {
        Map<String, Object> p = new JadeEnvironment(Map.of()).properties();
        assertEquals("jdbc:postgresql://localhost:5432/jade_dev", p.get("datasources.default.url"));
        assertEquals("postgres", p.get("datasources.default.username"));
        assertEquals("password", p.get("datasources.default.password"));
        assertEquals(10, p.get("datasources.default.maximum-pool-size"));
        assertEquals("jdbc:postgresql://localhost:5432/datacoves", p.get("datasources.datacoves.url"));
        assertEquals("minio", p.get("jade.storage.adapter"));
        assertEquals("http://localhost:9000", p.get("jade.storage.minio.url"));
        assertEquals("jade-dev", p.get("jade.storage.minio.bucket"));
        assertEquals(false, p.get("jade.airflow.connect"));
    }

    @Test
    void urlFormsAreAcceptedAndCredentialsLeaveTheUrl() {
        Map<String, Object> p = new JadeEnvironment(Map.of(
                "DB_URL", "ecto://jade:p%40ss@db.example:6543/jade_prod",
                "DATACOVES_DB_URL", "postgresql://dc:pw@dc.example/datacoves?application_name=x",
                "DB_SSL_ENABLED", "true", "POOL_SIZE", "4")).properties();
        assertEquals("jdbc:postgresql://db.example:6543/jade_prod?sslmode=require", p.get("datasources.default.url"));
        assertEquals("jade", p.get("datasources.default.username"));
        assertEquals("p@ss", p.get("datasources.default.password"));
        assertEquals(4, p.get("datasources.default.maximum-pool-size"));
        assertEquals("jdbc:postgresql://dc.example:5432/datacoves?application_name=x&sslmode=require",
                p.get("datasources.datacoves.url"));
    }

    @Test
    void explicitAirflowDatabasesPerEnvironment() {
        Map<String, Object> p = new JadeEnvironment(Map.of(
                "JADE_AIRFLOW_ENVIRONMENTS_DEV123_URL", "postgres://af:pw@airflow-db:5432/airflow",
                "JADE_AIRFLOW_ENVIRONMENTS_DEV123_PASSWORD", "pw2")).properties();
        assertEquals("jdbc:postgresql://airflow-db:5432/airflow", p.get("jade.airflow.environments.dev123.url"));
        assertEquals("pw2", p.get("jade.airflow.environments.dev123.password"), "_PASSWORD wins over the URL's");
        assertEquals("af", p.get("jade.airflow.environments.dev123.username"), "the URL's user counts");
        Map<String, Object> both = new JadeEnvironment(Map.of(
                "JADE_AIRFLOW_ENVIRONMENTS_PRD456_URL", "postgres://af:pw@airflow-db:5432/airflow",
                "JADE_AIRFLOW_ENVIRONMENTS_PRD456_USER", "other")).properties();
        assertEquals("other", both.get("jade.airflow.environments.prd456.username"), "_USER wins over the URL's");
        assertEquals("pw", both.get("jade.airflow.environments.prd456.password"), "the URL's password counts");
    }

    @Test
    void manifestRetentionIsOffUnlessSet() {
        assertFalse(new JadeEnvironment(Map.of()).properties().containsKey("jade.manifests.retention.keep"));
        assertFalse(new JadeEnvironment(Map.of("JADE_MANIFEST_RETENTION", " ")).properties()
                .containsKey("jade.manifests.retention.keep"));
        assertEquals(5, new JadeEnvironment(Map.of("JADE_MANIFEST_RETENTION", "5")).properties()
                .get("jade.manifests.retention.keep"));
        assertEquals(0, new JadeEnvironment(Map.of("JADE_MANIFEST_RETENTION", "0")).properties()
                .get("jade.manifests.retention.keep"));
        for (String bad : new String[]{"-1", "ten", "2.5"}) {
            assertTrue(assertThrows(SettingException.class, () -> new JadeEnvironment(
                    Map.of("JADE_MANIFEST_RETENTION", bad)).properties()).getMessage()
                    .startsWith("JADE_MANIFEST_RETENTION must be"), bad);
        }
    }

    @Test
    void runResultsRetentionKeepsItsDefaultUnlessSet() {
        assertFalse(new JadeEnvironment(Map.of()).properties().containsKey("jade.discovery.run-results.keep"));
        assertEquals(30, new JadeEnvironment(Map.of("JADE_RUN_RESULTS_RETENTION", "30")).properties()
                .get("jade.discovery.run-results.keep"));
        assertEquals(0, new JadeEnvironment(Map.of("JADE_RUN_RESULTS_RETENTION", "0")).properties()
                .get("jade.discovery.run-results.keep"));
        assertEquals("JADE_RUN_RESULTS_RETENTION must be a whole number of runs whose results to keep per DAG"
                        + " (0 = keep all), got 'all'", assertThrows(SettingException.class, () -> new JadeEnvironment(
                Map.of("JADE_RUN_RESULTS_RETENTION", "all")).properties()).getMessage());
    }

    @Test
    void missingOrBadVariablesAreNamedWithoutTheirValues() {
        assertTrue(assertThrows(SettingException.class, () -> new JadeEnvironment(Map.of("CONNECT_TO_AIRFLOW", "1"))
                .properties()).getMessage().contains("FERNET_KEY"));
        assertTrue(assertThrows(SettingException.class, () -> new JadeEnvironment(Map.of("STORAGE_ADAPTER", "blob"))
                .properties()).getMessage().contains("BLOB_CONTAINER"));
        assertTrue(assertThrows(SettingException.class, () -> new JadeEnvironment(Map.of("POOL_SIZE", "many"))
                .properties()).getMessage().contains("POOL_SIZE"));
        SettingException e = assertThrows(SettingException.class,
                () -> new JadeEnvironment(Map.of("DB_URL", "mysql://u:secretpw@h/db")).properties());
        assertTrue(e.getMessage().contains("DB_URL"));
        assertFalse(e.getMessage().contains("secretpw"));
    }
}
