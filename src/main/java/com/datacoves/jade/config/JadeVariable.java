package com.datacoves.jade.config;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Every environment variable Jade reads, declared once. {@link JadeEnvironment} maps them to Micronaut properties by
 * these constants, its test checks that the mapper reads exactly this table, and the README's configuration tables
 * are checked against it; packaging files (Compose, Kubernetes) may set only variables listed here.
 *
 * <p>Each constant's name is the variable's name; {@link #readBy()} says what reads it, and {@link #copiedTo()} the
 * property a plain variable becomes. Per-environment families
 * (a slug in the middle of the name) are declared in {@link Family}.
 */
public enum JadeVariable {

    // Jade's own database (read-write) and Datacoves' (read-only): DatabaseSettings
    DB_URL, DB_HOST, DB_PORT, DB_USER, DB_PASS, DB_NAME, POOL_SIZE,
    DATACOVES_DB_URL, DATACOVES_DB_HOST, DATACOVES_DB_PORT, DATACOVES_DB_USER, DATACOVES_DB_PASS, DATACOVES_DB_NAME,
    DATACOVES_POOL_SIZE,
    DB_SSL_ENABLED,

    // the HTTP server
    PORT("micronaut.server.port", ReadBy.SERVER_CONFIG),
    JADE_MANAGEMENT_PORT,
    JADE_IDLE_TIMEOUT(ReadBy.SERVER_CONFIG),
    JADE_MAX_UPLOAD_BYTES("jade.max-upload-bytes", ReadBy.SERVER_CONFIG),
    JADE_MAX_CONCURRENT_UPLOADS("jade.uploads.max-concurrent"),
    JADE_TRUST_FORWARDED_HEADERS("jade.http.trust-forwarded-headers"),
    JADE_LOG_LEVEL(ReadBy.LOGGING),
    JADE_LOG_FORMAT(ReadBy.LOGGING),

    // authentication and caches
    INTERNAL_BEARER_TOKEN("jade.internal-bearer-token"),
    JADE_TOKEN_CACHE_SECONDS("jade.tokens.cache-seconds"),
    DATACOVES_VERIFY_URL("jade.datacoves.verify-url"),
    JADE_DATACOVES_CACHE_SECONDS("jade.datacoves.cache-seconds"),
    JADE_LIST_CACHE_MILLIS("jade.lists.cache-millis"),

    // manifests and Discovery API run results
    JADE_MANIFEST_RETENTION,
    JADE_RUN_RESULTS_RETENTION,

    // Airflow databases and REST API
    CONNECT_TO_AIRFLOW, FERNET_KEY,
    JADE_AIRFLOW_POOL_SIZE("jade.airflow.pool-size"),
    JADE_AIRFLOW_API_CONNECT_TIMEOUT("jade.airflow-api.connect-timeout"),
    JADE_AIRFLOW_API_READ_TIMEOUT("jade.airflow-api.read-timeout"),

    // object storage
    STORAGE_ADAPTER, STORAGE_CREATE_BUCKET("jade.storage.create-bucket"), LOCAL_STORAGE_PATH,
    MINIO_URL, MINIO_ACCESS_KEY, MINIO_SECRET_KEY, MINIO_BUCKET_NAME,
    S3_BUCKET_NAME, S3_REGION, S3_ACCESS_KEY, S3_SECRET_ACCESS_KEY, S3_ENDPOINT,
    BLOB_CONTAINER, BLOB_STORAGE_ACCOUNT_CONNECTION_STRING, BLOB_STORAGE_ACCOUNT_NAME, BLOB_STORAGE_ACCOUNT_KEY,
    BLOB_ENDPOINT,

    // the deployment controller
    SECRET_KEY("jade.deployments.secret-key"),
    KUBERNETES_NAMESPACE("jade.deployments.namespace"),
    KUBERNETES_MASTER_URL("jade.deployments.kubernetes.master-url"),
    AIRFLOW_URL("jade.deployments.airflow.url"),
    AIRFLOW_USER("jade.deployments.airflow.user"),
    AIRFLOW_PASSWORD("jade.deployments.airflow.password"),
    DBT_SERVER_IMAGE("jade.deployments.image"),
    JADE_DEPLOYMENTS_VALUES_TEMPLATE("jade.deployments.values-template"),

    // the embedded demo only
    JADE_POSTGRES_URL(ReadBy.DEMO);

    /** What reads a variable. */
    public enum ReadBy {
        /** {@link JadeEnvironment}, which maps it to a property. */
        MAPPER,
        /** {@code application.yml}, as a {@code ${NAME:default}} placeholder. */
        SERVER_CONFIG,
        /** {@code logback.xml}, as a {@code ${NAME:-default}} substitution. */
        LOGGING,
        /** the {@code demo} and {@code seed-demo} commands. */
        DEMO
    }

    private final List<ReadBy> readBy;
    private final String property; // null: not a plain copy

    JadeVariable() {
        this(ReadBy.MAPPER);
    }

    JadeVariable(ReadBy... readBy) {
        this.readBy = List.of(readBy);
        this.property = null;
    }

    /** Copied as it is (trimmed, when set and not blank) to {@code property} by the mapper, and read by {@code also}. */
    JadeVariable(String property, ReadBy... also) {
        List<ReadBy> all = new java.util.ArrayList<>(List.of(ReadBy.MAPPER));
        all.addAll(List.of(also));
        this.readBy = List.copyOf(all);
        this.property = property;
    }

    /**
     * The Micronaut property the mapper copies this variable to unchanged, or null when the mapper reads it with a
     * rule of its own (a default, a check, a choice of adapter) or does not read it.
     */
    public String copiedTo() {
        return property;
    }

    /** What reads this variable (at least one). */
    public List<ReadBy> readBy() {
        return readBy;
    }

    /** The variable's value in {@code env}, trimmed; empty when unset or blank. */
    public Optional<String> in(Map<String, String> env) {
        String value = env.get(name());
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
    }

    /**
     * A family of per-environment variables: {@code <prefix><SLUG>_<FIELD>}, e.g.
     * {@code JADE_AIRFLOW_ENVIRONMENTS_DEV123_URL}; the slug is lower-cased.
     */
    public enum Family {
        /** An explicit Airflow database of one environment (docs/airflow.md). */
        AIRFLOW_DATABASE("JADE_AIRFLOW_ENVIRONMENTS_", Map.of("URL", "url", "USER", "username",
                "USERNAME", "username", "PASS", "password", "PASSWORD", "password")),
        /** Airflow's REST API of one environment, for run control (docs/trigger.md). */
        AIRFLOW_API("JADE_AIRFLOW_API_ENVIRONMENTS_", Map.of("URL", "url", "USER", "username",
                "USERNAME", "username", "PASS", "password", "PASSWORD", "password", "TOKEN", "token"));

        private final String prefix;
        private final Map<String, String> fields;

        Family(String prefix, Map<String, String> fields) {
            this.prefix = prefix;
            this.fields = fields;
        }

        /** The prefix, e.g. {@code JADE_AIRFLOW_ENVIRONMENTS_}. */
        public String prefix() {
            return prefix;
        }

        /**
         * The (slug, property field) a variable of this family names, e.g. {@code ("dev123", "url")}; empty when the
         * name does not start with the prefix.
         *
         * @throws SettingException when it starts with the prefix but names no known field
         */
        public Optional<Member> member(String variable) {
            if (!variable.startsWith(prefix)) {
                return Optional.empty();
            }
            String rest = variable.substring(prefix.length());
            int cut = rest.lastIndexOf('_');
            String field = cut <= 0 ? null : fields.get(rest.substring(cut + 1));
            if (field == null) {
                throw new SettingException(variable + " is not understood: expected " + prefix + "<SLUG>_"
                        + String.join(", _", fields.keySet().stream().sorted().toList()));
            }
            return Optional.of(new Member(rest.substring(0, cut).toLowerCase(Locale.ROOT), field));
        }

        /** True when {@code variable} is a well-formed member of this family. */
        public boolean names(String variable) {
            try {
                return member(variable).isPresent();
            } catch (SettingException e) {
                return false;
            }
        }
    }

    /**
     * One member of a {@link Family}.
     *
     * @param slug  the environment slug, lower case
     * @param field the property field: {@code url}, {@code username}, {@code password} or {@code token}
     */
    public record Member(String slug, String field) {
    }

    /** True when Jade reads {@code variable}: a declared name or a member of a family. */
    public static boolean reads(String variable) {
        return Arrays.stream(values()).anyMatch(v -> v.name().equals(variable))
                || Arrays.stream(Family.values()).anyMatch(f -> f.names(variable));
    }
}
