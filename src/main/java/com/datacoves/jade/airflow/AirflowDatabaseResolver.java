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
 * Decides which database holds an environment's Airflow metadata (docs/airflow.md): an explicit entry for its slug;
 * else, with {@code CONNECT_TO_AIRFLOW}, Datacoves' rule applied to the environment's decrypted {@code airflow_config}
 * ({@link #fromConfig}: {@code db.connection} or {@code db.host/port/user/password/database} when {@code db.external},
 * otherwise the in-cluster database; {@code db.sslmode} per environment).
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
        return fromConfig(environment.slug(), config);
    }

    /**
     * The database an environment's decrypted {@code airflow_config} names, by Datacoves' rule:
     * <ul>
     *   <li>{@code db.external} true: {@code db.connection} when present (a {@code postgresql://user:password@host:port/
     *       database?…} URL, as Datacoves hands it to Airflow; its query parameters, e.g. {@code sslmode}, kept), else
     *       {@code db.host}, {@code port} (5432), {@code database} ({@code postgres}), {@code user}, {@code password};</li>
     *   <li>otherwise Datacoves' in-cluster database {@code <slug>-airflow-postgresql.dcw-<slug>.svc.cluster.local:5432},
     *       database {@code postgres}.</li>
     * </ul>
     * TLS: {@code db.sslmode} when set (Datacoves' own per-environment setting: {@code disable}, {@code require},
     * {@code verify-full}…), else {@code require} when {@code DB_SSL_ENABLED}, else the driver's default.
     *
     * @return empty (logged) when the config names no usable database
     */
    Optional<DatabaseSettings> fromConfig(String slug, Map<String, Object> config) {
        Map<?, ?> db = config.get("db") instanceof Map<?, ?> m ? m : Map.of();
        boolean external = Boolean.TRUE.equals(db.get("external"));
        String user = text(db.get("user"), "postgres");
        String password = text(db.get("password"), "postgres");
        String host;
        String port;
        String database;
        Map<String, String> params = new java.util.LinkedHashMap<>();
        String connection = external ? text(db.get("connection"), null) : null;
        if (connection != null) {
            java.net.URI uri;
            try {
                uri = java.net.URI.create(connection.trim());
            } catch (IllegalArgumentException e) {
                uri = null;
            }
            if (uri == null || uri.getScheme() == null || !uri.getScheme().startsWith("postgres")
                    || uri.getHost() == null) {
                LOG.warn("airflow_config of environment {} has a db.connection that is not a postgresql:// URL; "
                        + "its Airflow is skipped", slug);
                return Optional.empty();
            }
            host = uri.getHost();
            port = uri.getPort() > 0 ? String.valueOf(uri.getPort()) : "5432";
            String path = uri.getPath() == null ? "" : uri.getPath().replaceFirst("^/", "");
            database = path.isEmpty() ? "postgres" : path;
            if (uri.getRawUserInfo() != null) {
                String[] userInfo = uri.getRawUserInfo().split(":", 2);
                user = decode(userInfo[0]);
                password = userInfo.length > 1 ? decode(userInfo[1]) : "";
            }
            if (uri.getRawQuery() != null) {
                for (String pair : uri.getRawQuery().split("&")) {
                    String[] kv = pair.split("=", 2);
                    if (!kv[0].isEmpty()) {
                        params.put(decode(kv[0]), kv.length > 1 ? decode(kv[1]) : "");
                    }
                }
            }
        } else {
            host = external ? text(db.get("host"), null)
                    : slug + "-airflow-postgresql.dcw-" + slug + ".svc.cluster.local";
            if (host == null) {
                LOG.warn("airflow_config of environment {} says db.external but has no db.host; its Airflow is skipped",
                        slug);
                return Optional.empty();
            }
            port = text(db.get("port"), "5432");
            database = external ? text(db.get("database"), "postgres") : "postgres";
        }
        String sslmode = text(db.get("sslmode"), null);
        if (sslmode != null) {
            params.put("sslmode", sslmode);
        } else if (settings.isSsl()) {
            params.putIfAbsent("sslmode", "require");
        }
        StringBuilder url = new StringBuilder("jdbc:postgresql://").append(host).append(':').append(port).append('/')
                .append(database);
        char sep = '?';
        for (Map.Entry<String, String> p : params.entrySet()) {
            url.append(sep).append(encode(p.getKey())).append('=').append(encode(p.getValue()));
            sep = '&';
        }
        return Optional.of(new DatabaseSettings(url.toString(), user, password, settings.getPoolSize()));
    }

    private static String decode(String s) {
        return java.net.URLDecoder.decode(s, java.nio.charset.StandardCharsets.UTF_8);
    }

    private static String encode(String s) {
        return java.net.URLEncoder.encode(s, java.nio.charset.StandardCharsets.UTF_8);
    }

    private Optional<AirflowEnvironmentSettings> explicitFor(String slug) {
        return Optional.ofNullable(explicit.get(slug.toLowerCase(java.util.Locale.ROOT)));
    }

    private static String text(Object value, String fallback) {
        return value == null || value.toString().isBlank() ? fallback : value.toString();
    }
}
