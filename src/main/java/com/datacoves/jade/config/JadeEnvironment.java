package com.datacoves.jade.config;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Turns Jade's environment variables (README, "Running in production", the original Jade's names) into Micronaut properties, and fails
 * with one line naming the variable when a required one is missing or unreadable.
 *
 * <p>This is the only place that knows the variable names; the rest of the service reads typed configuration
 * ({@code datasources.*}, {@code jade.*}). Tests and the embedded demo set those properties directly.
 */
public final class JadeEnvironment {

    /** Prefix of the explicit per-environment Airflow database settings, e.g. {@code JADE_AIRFLOW_ENVIRONMENTS_DEV123_URL}. */
    static final String AIRFLOW_PREFIX = "JADE_AIRFLOW_ENVIRONMENTS_";

    private final Map<String, String> env;

    /** @param env the process environment (normally {@link System#getenv()}) */
    public JadeEnvironment(Map<String, String> env) {
        this.env = env;
    }

    /** The settings of Jade's own read-write database ({@code DB_URL} or {@code DB_HOST}…, {@code POOL_SIZE}). */
    public DatabaseSettings jadeDatabase() {
        return DatabaseSettings.fromEnvironment(env, "", "jade_dev", "POOL_SIZE");
    }

    /** The settings of Datacoves' database ({@code DATACOVES_DB_URL} or {@code DATACOVES_DB_HOST}…). */
    public DatabaseSettings datacovesDatabase() {
        return DatabaseSettings.fromEnvironment(env, "DATACOVES_", "datacoves", "DATACOVES_POOL_SIZE");
    }

    /**
     * All Micronaut properties derived from the environment.
     *
     * @return property name → value, ready for {@code ApplicationContext.builder().properties(…)}
     * @throws SettingException naming the first missing or unreadable variable
     */
    public Map<String, Object> properties() {
        Map<String, Object> p = new LinkedHashMap<>();
        putDatabase(p, "default", jadeDatabase());
        putDatabase(p, "datacoves", datacovesDatabase());
        copy(p, "PORT", "micronaut.server.port");
        // health details and metrics name tenants' environments: served on their own port, not the API's
        p.put("endpoints.all.port", env.getOrDefault("JADE_MANAGEMENT_PORT", "9090"));
        copy(p, "INTERNAL_BEARER_TOKEN", "jade.internal-bearer-token");
        copy(p, "JADE_MAX_UPLOAD_BYTES", "jade.max-upload-bytes");
        copy(p, "JADE_MAX_CONCURRENT_UPLOADS", "jade.uploads.max-concurrent");
        copy(p, "JADE_TOKEN_CACHE_SECONDS", "jade.tokens.cache-seconds");
        copy(p, "JADE_DATACOVES_CACHE_SECONDS", "jade.datacoves.cache-seconds");
        copy(p, "DATACOVES_VERIFY_URL", "jade.datacoves.verify-url");
        copy(p, "JADE_LIST_CACHE_MILLIS", "jade.lists.cache-millis");
        copy(p, "JADE_TRUST_FORWARDED_HEADERS", "jade.http.trust-forwarded-headers");
        putManifestRetention(p);
        putAirflow(p);
        putStorage(p);
        putDeployments(p);
        return p;
    }

    private void putDatabase(Map<String, Object> p, String name, DatabaseSettings db) {
        String prefix = "datasources." + name + ".";
        p.put(prefix + "url", db.jdbcUrl());
        if (db.username() != null) {
            p.put(prefix + "username", db.username());
        }
        if (db.password() != null) {
            p.put(prefix + "password", db.password());
        }
        p.put(prefix + "maximum-pool-size", db.poolSize());
    }

    private void putAirflow(Map<String, Object> p) {
        boolean connect = truthy(env.get("CONNECT_TO_AIRFLOW"));
        p.put("jade.airflow.connect", connect);
        if (connect) {
            p.put("jade.airflow.fernet-key",
                    SettingException.required(env, "FERNET_KEY", "when CONNECT_TO_AIRFLOW is true"));
        }
        p.put("jade.airflow.ssl", truthy(env.get("DB_SSL_ENABLED")));
        copy(p, "JADE_AIRFLOW_POOL_SIZE", "jade.airflow.pool-size");
        putAirflowApi(p);
        // Explicit per-environment entries: JADE_AIRFLOW_ENVIRONMENTS_<SLUG>_{URL,USER,PASSWORD}
        for (Map.Entry<String, String> e : new TreeMap<>(env).entrySet()) {
            String key = e.getKey();
            if (!key.startsWith(AIRFLOW_PREFIX)) {
                continue;
            }
            String rest = key.substring(AIRFLOW_PREFIX.length());
            int cut = rest.lastIndexOf('_');
            if (cut <= 0) {
                continue;
            }
            String slug = rest.substring(0, cut).toLowerCase(Locale.ROOT);
            String field = switch (rest.substring(cut + 1)) {
                case "URL" -> "url";
                case "USER", "USERNAME" -> "username";
                case "PASS", "PASSWORD" -> "password";
                default -> null;
            };
            if (field == null) {
                throw new SettingException(key + " is not understood: expected " + AIRFLOW_PREFIX
                        + "<SLUG>_URL, _USER or _PASSWORD");
            }
            String value = e.getValue();
            String name = "jade.airflow.environments." + slug + ".";
            if (field.equals("url")) {
                // credentials in the URL count unless _USER / _PASSWORD name others (those are copied after this)
                DatabaseSettings db = DatabaseSettings.fromUrl(key, value, 1, false);
                value = db.jdbcUrl();
                if (db.username() != null) {
                    p.putIfAbsent(name + "username", db.username());
                }
                if (db.password() != null) {
                    p.putIfAbsent(name + "password", db.password());
                }
            }
            p.put(name + field, value);
        }
    }

    /**
     * Airflow's REST API per environment (run control): {@code JADE_AIRFLOW_API_ENVIRONMENTS_<SLUG>_URL}, {@code _USER},
     * {@code _PASSWORD}, {@code _TOKEN}; timeouts {@code JADE_AIRFLOW_API_CONNECT_TIMEOUT} and {@code _READ_TIMEOUT}.
     */
    private void putAirflowApi(Map<String, Object> p) {
        copy(p, "JADE_AIRFLOW_API_CONNECT_TIMEOUT", "jade.airflow-api.connect-timeout");
        copy(p, "JADE_AIRFLOW_API_READ_TIMEOUT", "jade.airflow-api.read-timeout");
        String prefix = "JADE_AIRFLOW_API_ENVIRONMENTS_";
        for (Map.Entry<String, String> e : new TreeMap<>(env).entrySet()) {
            if (!e.getKey().startsWith(prefix)) {
                continue;
            }
            String rest = e.getKey().substring(prefix.length());
            int cut = rest.lastIndexOf('_');
            String field = cut <= 0 ? null : switch (rest.substring(cut + 1)) {
                case "URL" -> "url";
                case "USER", "USERNAME" -> "username";
                case "PASS", "PASSWORD" -> "password";
                case "TOKEN" -> "token";
                default -> null;
            };
            if (field == null) {
                throw new SettingException(e.getKey() + " is not understood: expected " + prefix
                        + "<SLUG>_URL, _USER, _PASSWORD or _TOKEN");
            }
            p.put("jade.airflow-api.environments." + rest.substring(0, cut).toLowerCase(Locale.ROOT) + "." + field,
                    e.getValue());
        }
    }

    private void putStorage(Map<String, Object> p) {
        String adapter = env.getOrDefault("STORAGE_ADAPTER", "minio").trim().toLowerCase(Locale.ROOT);
        p.put("jade.storage.adapter", adapter);
        copy(p, "STORAGE_CREATE_BUCKET", "jade.storage.create-bucket");
        switch (adapter) {
            case "local" -> copy(p, "LOCAL_STORAGE_PATH", "jade.storage.local.path");
            case "minio" -> {
                p.put("jade.storage.minio.url", env.getOrDefault("MINIO_URL", "http://localhost:9000"));
                p.put("jade.storage.minio.access-key", env.getOrDefault("MINIO_ACCESS_KEY", "minioadmin"));
                p.put("jade.storage.minio.secret-key", env.getOrDefault("MINIO_SECRET_KEY", "minioadmin"));
                p.put("jade.storage.minio.bucket", env.getOrDefault("MINIO_BUCKET_NAME", "jade-dev"));
            }
            case "s3" -> {
                p.put("jade.storage.s3.bucket",
                        SettingException.required(env, "S3_BUCKET_NAME", "when STORAGE_ADAPTER=s3"));
                p.put("jade.storage.s3.region",
                        SettingException.required(env, "S3_REGION", "when STORAGE_ADAPTER=s3"));
                copy(p, "S3_ACCESS_KEY", "jade.storage.s3.access-key");
                copy(p, "S3_SECRET_ACCESS_KEY", "jade.storage.s3.secret-key");
                copy(p, "S3_ENDPOINT", "jade.storage.s3.endpoint");
                if (env.containsKey("S3_ACCESS_KEY") != env.containsKey("S3_SECRET_ACCESS_KEY")) {
                    throw new SettingException("S3_ACCESS_KEY and S3_SECRET_ACCESS_KEY must be set together "
                            + "(or neither, to use the AWS default credentials chain)");
                }
            }
            case "blob" -> {
                p.put("jade.storage.blob.container",
                        SettingException.required(env, "BLOB_CONTAINER", "when STORAGE_ADAPTER=blob"));
                String connection = env.get("BLOB_STORAGE_ACCOUNT_CONNECTION_STRING");
                if (connection != null && !connection.isBlank()) {
                    p.put("jade.storage.blob.connection-string", connection);
                } else {
                    String because = "when STORAGE_ADAPTER=blob and BLOB_STORAGE_ACCOUNT_CONNECTION_STRING is unset";
                    p.put("jade.storage.blob.account-name",
                            SettingException.required(env, "BLOB_STORAGE_ACCOUNT_NAME", because));
                    p.put("jade.storage.blob.account-key",
                            SettingException.required(env, "BLOB_STORAGE_ACCOUNT_KEY", because));
                    copy(p, "BLOB_ENDPOINT", "jade.storage.blob.endpoint");
                }
            }
            default -> throw new SettingException("STORAGE_ADAPTER must be one of local, minio, s3, blob; got '"
                    + adapter + "'");
        }
    }

    /**
     * Manifest retention ({@code JADE_MANIFEST_RETENTION}): the newest untagged manifests kept per (environment, DAG);
     * unset, blank or 0 is off.
     *
     * @throws SettingException when the value is not a whole number ≥ 0
     */
    private void putManifestRetention(Map<String, Object> p) {
        String raw = env.get("JADE_MANIFEST_RETENTION");
        if (raw == null || raw.isBlank()) {
            return;
        }
        try {
            int keep = Integer.parseInt(raw.trim());
            if (keep >= 0) {
                p.put("jade.manifests.retention.keep", keep);
                return;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new SettingException("JADE_MANIFEST_RETENTION must be a whole number of manifests to keep per DAG "
                + "(0 = keep all), got '" + raw + "'");
    }

    /** The deployment controller ({@code /api/v1/deployments}); see docs/deployments.md. */
    private void putDeployments(Map<String, Object> p) {
        copy(p, "SECRET_KEY", "jade.deployments.secret-key");
        copy(p, "KUBERNETES_NAMESPACE", "jade.deployments.namespace");
        copy(p, "AIRFLOW_URL", "jade.deployments.airflow.url");
        copy(p, "AIRFLOW_USER", "jade.deployments.airflow.user");
        copy(p, "AIRFLOW_PASSWORD", "jade.deployments.airflow.password");
        copy(p, "DBT_SERVER_IMAGE", "jade.deployments.image");
        copy(p, "JADE_DEPLOYMENTS_VALUES_TEMPLATE", "jade.deployments.values-template");
        copy(p, "KUBERNETES_MASTER_URL", "jade.deployments.kubernetes.master-url");
    }

    private void copy(Map<String, Object> p, String variable, String property) {
        String value = env.get(variable);
        if (value != null && !value.isBlank()) {
            p.put(property, value.trim());
        }
    }

    private static boolean truthy(String value) {
        return value != null && (value.equalsIgnoreCase("true") || value.equals("1"));
    }
}
