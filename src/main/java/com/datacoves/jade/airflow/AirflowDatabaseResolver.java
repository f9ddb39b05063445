package com.datacoves.jade.airflow;

import com.datacoves.jade.config.DatabaseSettings;
import com.datacoves.jade.datacoves.EnvironmentRow;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Decides which database holds an environment's Airflow metadata (docs/architecture.md): an explicit entry for its slug;
 * else, with {@code CONNECT_TO_AIRFLOW}, Datacoves' rule — {@code airflow_config.db.host/port/user/password/database}
 * when {@code db.external} is true, otherwise {@code <slug>-airflow-postgresql.dcw-<slug>.svc.cluster.local:5432},
 * database {@code postgres} (credentials from {@code airflow_config.db} when present, else Datacoves' in-cluster
 * default {@code postgres}/{@code postgres}).
 */
@Singleton
public class AirflowDatabaseResolver {

    private static final Logger LOG = LoggerFactory.getLogger(AirflowDatabaseResolver.class);

    private final AirflowSettings settings;
    private final Map<String, AirflowEnvironmentSettings> explicit;
    private final AirflowConfigDecryptor decryptor;

    public AirflowDatabaseResolver(AirflowSettings settings, List<AirflowEnvironmentSettings> explicit,
                                   AirflowConfigDecryptor decryptor) {
        this.settings = settings;
        // by lower-case slug: resolving a thousand environments must not compare each with every entry
        Map<String, AirflowEnvironmentSettings> bySlug = new java.util.HashMap<>();
        for (AirflowEnvironmentSettings e : explicit) {
            if (e.getUrl() != null && !e.getUrl().isBlank()) {
                bySlug.putIfAbsent(e.getSlug().toLowerCase(java.util.Locale.ROOT), e);
            }
        }
        this.explicit = Map.copyOf(bySlug);
        this.decryptor = decryptor;
    }

    /** True when an explicit Airflow database is configured for that slug. */
    public boolean isExplicit(String slug) {
        return explicitFor(slug).isPresent();
    }

    /**
     * @return the connection settings of the environment's Airflow database, or empty when Jade has none for it
     * (no explicit entry, and Airflow disabled, {@code CONNECT_TO_AIRFLOW} off, or an undecryptable config)
     */
    public Optional<DatabaseSettings> resolve(EnvironmentRow environment) {
        Optional<AirflowEnvironmentSettings> entry = explicitFor(environment.slug());
        if (entry.isPresent()) {
            AirflowEnvironmentSettings e = entry.get();
            return Optional.of(new DatabaseSettings(e.getUrl(), e.getUsername(), e.getPassword(), settings.getPoolSize()));
        }
        if (!settings.isConnect() || !environment.airflowEnabled()) {
            return Optional.empty();
        }
        Map<String, Object> config = decryptor.decrypt(settings.getFernetKey(), environment.airflowConfig()).orElse(null);
        if (config == null) {
            LOG.warn("airflow_config of environment {} cannot be decrypted with FERNET_KEY; its Airflow is skipped",
                    environment.slug());
            return Optional.empty();
        }
        Map<?, ?> db = config.get("db") instanceof Map<?, ?> m ? m : Map.of();
        boolean external = Boolean.TRUE.equals(db.get("external"));
        String host = external ? text(db.get("host"), null)
                : environment.slug() + "-airflow-postgresql.dcw-" + environment.slug() + ".svc.cluster.local";
        if (host == null) {
            LOG.warn("airflow_config of environment {} says db.external but has no db.host; its Airflow is skipped",
                    environment.slug());
            return Optional.empty();
        }
        String port = text(db.get("port"), "5432");
        String database = external ? text(db.get("database"), "postgres") : "postgres";
        String url = "jdbc:postgresql://" + host + ":" + port + "/" + database + (settings.isSsl() ? "?sslmode=require" : "");
        return Optional.of(new DatabaseSettings(url, text(db.get("user"), "postgres"),
                text(db.get("password"), "postgres"), settings.getPoolSize()));
    }

    private Optional<AirflowEnvironmentSettings> explicitFor(String slug) {
        return Optional.ofNullable(explicit.get(slug.toLowerCase(java.util.Locale.ROOT)));
    }

    private static String text(Object value, String fallback) {
        return value == null || value.toString().isBlank() ? fallback : value.toString();
    }
}
