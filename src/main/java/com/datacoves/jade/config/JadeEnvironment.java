package com.datacoves.jade.config;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import static com.datacoves.jade.config.JadeVariable.*;

/**
 * Turns Jade's environment variables (README, "Running in production", the original Jade's names) into Micronaut
 * properties, and fails with one line naming the variable when a required one is missing or unreadable.
 *
 * <p>The variables are declared in {@link JadeVariable}; the rest of the service reads typed configuration
 * ({@code datasources.*}, {@code jade.*}). Tests and the embedded demo set those properties directly.
 */
public final class JadeEnvironment {

    private final Map<String, String> env;

    /** @param env the process environment (normally {@link System#getenv()}) */
    public JadeEnvironment(Map<String, String> env) {
        this.env = env;
    }

    /** The settings of Jade's own read-write database ({@code DB_URL} or {@code DB_HOST}…, {@code POOL_SIZE}). */
    public DatabaseSettings jadeDatabase() {
        return DatabaseSettings.fromEnvironment(env, DatabaseSettings.Variables.JADE);
    }

    /** The settings of Datacoves' database ({@code DATACOVES_DB_URL} or {@code DATACOVES_DB_HOST}…). */
    public DatabaseSettings datacovesDatabase() {
        return DatabaseSettings.fromEnvironment(env, DatabaseSettings.Variables.DATACOVES);
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
        for (JadeVariable v : JadeVariable.values()) { // the plain ones; the rest have rules of their own below
            if (v.copiedTo() != null) {
                copy(p, v, v.copiedTo());
            }
        }
        // health details and metrics name tenants' environments: served on their own port, not the API's
        p.put("endpoints.all.port", JADE_MANAGEMENT_PORT.in(env).orElse("9090"));
        putKeepCount(p, JADE_MANIFEST_RETENTION, "jade.manifests.retention.keep", "manifests to keep per DAG");
        putKeepCount(p, JADE_RUN_RESULTS_RETENTION, "jade.discovery.run-results.keep",
                "runs whose results to keep per DAG");
        putAirflow(p);
        putStorage(p);
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
        boolean connect = truthy(CONNECT_TO_AIRFLOW);
        p.put("jade.airflow.connect", connect);
        if (connect) {
            p.put("jade.airflow.fernet-key", required(FERNET_KEY, "when CONNECT_TO_AIRFLOW is true"));
        }
        p.put("jade.airflow.ssl", DatabaseSettings.sslRequired(env));
        putAirflowApi(p);
        // Explicit per-environment entries: JADE_AIRFLOW_ENVIRONMENTS_<SLUG>_{URL,USER,PASSWORD}
        for (Map.Entry<String, String> e : new TreeMap<>(env).entrySet()) {
            JadeVariable.Member member = Family.AIRFLOW_DATABASE.member(e.getKey()).orElse(null);
            if (member == null) {
                continue;
            }
            String value = e.getValue();
            String name = "jade.airflow.environments." + member.slug() + ".";
            if (member.field().equals("url")) {
                // credentials in the URL count unless _USER / _PASSWORD name others (those are copied after this)
                DatabaseSettings db = DatabaseSettings.fromUrl(e.getKey(), value, 1, false);
                value = db.jdbcUrl();
                if (db.username() != null) {
                    p.putIfAbsent(name + "username", db.username());
                }
                if (db.password() != null) {
                    p.putIfAbsent(name + "password", db.password());
                }
            }
            p.put(name + member.field(), value);
        }
    }

    /**
     * Airflow's REST API per environment (run control): {@code JADE_AIRFLOW_API_ENVIRONMENTS_<SLUG>_URL}, {@code _USER},
     * {@code _PASSWORD}, {@code _TOKEN} (the timeouts are plain copies).
     */
    private void putAirflowApi(Map<String, Object> p) {
        for (Map.Entry<String, String> e : new TreeMap<>(env).entrySet()) {
            Family.AIRFLOW_API.member(e.getKey()).ifPresent(member -> p.put(
                    "jade.airflow-api.environments." + member.slug() + "." + member.field(), e.getValue()));
        }
    }

    private void putStorage(Map<String, Object> p) {
        String adapter = STORAGE_ADAPTER.in(env).orElse("minio").toLowerCase(Locale.ROOT);
        p.put("jade.storage.adapter", adapter);
        switch (adapter) {
            case "local" -> copy(p, LOCAL_STORAGE_PATH, "jade.storage.local.path");
            case "minio" -> {
                p.put("jade.storage.minio.url", MINIO_URL.in(env).orElse("http://localhost:9000"));
                p.put("jade.storage.minio.access-key", MINIO_ACCESS_KEY.in(env).orElse("minioadmin"));
                p.put("jade.storage.minio.secret-key", MINIO_SECRET_KEY.in(env).orElse("minioadmin"));
                p.put("jade.storage.minio.bucket", MINIO_BUCKET_NAME.in(env).orElse("jade-dev"));
            }
            case "s3" -> {
                p.put("jade.storage.s3.bucket",
                        required(S3_BUCKET_NAME, "when STORAGE_ADAPTER=s3"));
                p.put("jade.storage.s3.region",
                        required(S3_REGION, "when STORAGE_ADAPTER=s3"));
                copy(p, S3_ACCESS_KEY, "jade.storage.s3.access-key");
                copy(p, S3_SECRET_ACCESS_KEY, "jade.storage.s3.secret-key");
                copy(p, S3_ENDPOINT, "jade.storage.s3.endpoint");
                if (S3_ACCESS_KEY.in(env).isPresent() != S3_SECRET_ACCESS_KEY.in(env).isPresent()) {
                    throw new SettingException("S3_ACCESS_KEY and S3_SECRET_ACCESS_KEY must be set together "
                            + "(or neither, to use the AWS default credentials chain)");
                }
            }
            case "blob" -> {
                p.put("jade.storage.blob.container",
                        required(BLOB_CONTAINER, "when STORAGE_ADAPTER=blob"));
                String connection = BLOB_STORAGE_ACCOUNT_CONNECTION_STRING.in(env).orElse(null);
                if (connection != null) {
                    p.put("jade.storage.blob.connection-string", connection);
                } else {
                    String because = "when STORAGE_ADAPTER=blob and BLOB_STORAGE_ACCOUNT_CONNECTION_STRING is unset";
                    p.put("jade.storage.blob.account-name",
                            required(BLOB_STORAGE_ACCOUNT_NAME, because));
                    p.put("jade.storage.blob.account-key",
                            required(BLOB_STORAGE_ACCOUNT_KEY, because));
                    copy(p, BLOB_ENDPOINT, "jade.storage.blob.endpoint");
                }
            }
            default -> throw new SettingException("STORAGE_ADAPTER must be one of local, minio, s3, blob; got '"
                    + adapter + "'");
        }
    }

    /**
     * A retention count: {@code JADE_MANIFEST_RETENTION} (newest untagged manifests kept per environment and DAG;
     * unset, blank or 0 is off) or {@code JADE_RUN_RESULTS_RETENTION} (newest runs whose Discovery results are kept
     * per environment and DAG; unset or blank is the default 100, 0 is off).
     *
     * @throws SettingException when the value is not a whole number ≥ 0
     */
    private void putKeepCount(Map<String, Object> p, JadeVariable variable, String property, String what) {
        String raw = variable.in(env).orElse(null);
        if (raw == null) {
            return;
        }
        try {
            int keep = Integer.parseInt(raw.trim());
            if (keep >= 0) {
                p.put(property, keep);
                return;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new SettingException(variable.name() + " must be a whole number of " + what + " (0 = keep all), got '"
                + raw + "'");
    }

    private void copy(Map<String, Object> p, JadeVariable variable, String property) {
        variable.in(env).ifPresent(value -> p.put(property, value));
    }

    private String required(JadeVariable variable, String because) {
        return SettingException.required(env, variable.name(), because);
    }

    private boolean truthy(JadeVariable variable) {
        String value = variable.in(env).orElse(null);
        return value != null && (value.equalsIgnoreCase("true") || value.equals("1"));
    }
}
