package com.datacoves.jade.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Connection settings of one PostgreSQL database: a JDBC URL plus credentials kept apart from it, so that the URL
 * can be logged and shown in error lines without the password.
 *
 * @param jdbcUrl  {@code jdbc:postgresql://host:port/database[?…]}, never containing a password
 * @param username user name, may be null when the URL carries none
 * @param password password, may be null; never logged
 * @param poolSize maximum connections of the pool
 */
public record DatabaseSettings(String jdbcUrl, String username, String password, int poolSize) {

    /**
     * The variables of one database.
     *
     * @param url         wins over the parts when set
     * @param host        default {@code localhost}
     * @param port        default 5432
     * @param user        default {@code postgres}
     * @param password    default {@code password}
     * @param name        the database name
     * @param defaultName the database name when {@code name} is unset
     * @param poolSize    maximum connections of the pool, default 10
     */
    public record Variables(JadeVariable url, JadeVariable host, JadeVariable port, JadeVariable user,
                            JadeVariable password, JadeVariable name, String defaultName, JadeVariable poolSize) {

        /** Jade's own database ({@code DB_URL} or {@code DB_HOST}…, {@code POOL_SIZE}; database {@code jade_dev}). */
        public static final Variables JADE = new Variables(JadeVariable.DB_URL, JadeVariable.DB_HOST,
                JadeVariable.DB_PORT, JadeVariable.DB_USER, JadeVariable.DB_PASS, JadeVariable.DB_NAME, "jade_dev",
                JadeVariable.POOL_SIZE);
        /** Datacoves' database ({@code DATACOVES_DB_URL} or {@code DATACOVES_DB_HOST}…; {@code datacoves}). */
        public static final Variables DATACOVES = new Variables(JadeVariable.DATACOVES_DB_URL,
                JadeVariable.DATACOVES_DB_HOST, JadeVariable.DATACOVES_DB_PORT, JadeVariable.DATACOVES_DB_USER,
                JadeVariable.DATACOVES_DB_PASS, JadeVariable.DATACOVES_DB_NAME, "datacoves",
                JadeVariable.DATACOVES_POOL_SIZE);
    }

    /**
     * Reads the settings of one database from Jade's variables, as the original Jade did: the URL variable wins;
     * otherwise host, port, user, password and name with Jade's defaults (localhost, 5432, postgres, password, the
     * default name). {@code DB_SSL_ENABLED} ({@code true} or {@code 1}) adds {@code sslmode=require}.
     *
     * @param env       the process environment
     * @param variables which variables
     * @throws SettingException when a URL or a number cannot be read
     */
    public static DatabaseSettings fromEnvironment(Map<String, String> env, Variables variables) {
        boolean ssl = sslRequired(env);
        int pool = SettingException.positiveInt(env, variables.poolSize().name(), 10);
        String url = variables.url().in(env).orElse(null);
        if (url != null) {
            return fromUrl(variables.url().name(), url, pool, ssl);
        }
        String host = variables.host().in(env).orElse("localhost");
        int port = SettingException.positiveInt(env, variables.port().name(), 5432);
        String name = variables.name().in(env).orElse(variables.defaultName());
        String jdbc = "jdbc:postgresql://" + host + ":" + port + "/" + name + (ssl ? "?sslmode=require" : "");
        return new DatabaseSettings(jdbc, variables.user().in(env).orElse("postgres"),
                variables.password().in(env).orElse("password"), pool);
    }

    /** Whether {@code DB_SSL_ENABLED} asks for TLS ({@code true} or {@code 1}). */
    public static boolean sslRequired(Map<String, String> env) {
        String value = JadeVariable.DB_SSL_ENABLED.in(env).orElse("");
        return value.equalsIgnoreCase("true") || value.equals("1");
    }

    /**
     * Accepts {@code postgres://user:pass@host:port/db}, {@code postgresql://…}, {@code ecto://…} (the original
     * Jade's form) or a {@code jdbc:postgresql://…} URL. User and password in the URL are percent-decoded and moved
     * out of it.
     *
     * @throws SettingException naming {@code variable} when the URL cannot be read
     */
    public static DatabaseSettings fromUrl(String variable, String url, int pool, boolean ssl) {
        String withoutJdbc = url.startsWith("jdbc:") ? url.substring(5) : url;
        URI uri;
        try {
            uri = new URI(withoutJdbc);
        } catch (URISyntaxException e) {
            throw new SettingException(variable + " is not a valid database URL (expected postgres://user:pass@host:port/db)");
        }
        String scheme = uri.getScheme();
        if (scheme == null || uri.getHost() == null
                || !(scheme.equals("postgres") || scheme.equals("postgresql") || scheme.equals("ecto"))) {
            throw new SettingException(variable + " is not a valid database URL (expected postgres://user:pass@host:port/db)");
        }
        String user = null;
        String password = null;
        if (uri.getRawUserInfo() != null) {
            String[] parts = uri.getRawUserInfo().split(":", 2);
            user = URLDecoder.decode(parts[0], StandardCharsets.UTF_8);
            password = parts.length > 1 ? URLDecoder.decode(parts[1], StandardCharsets.UTF_8) : null;
        }
        String query = uri.getRawQuery();
        if (ssl && (query == null || !query.contains("sslmode="))) {
            query = query == null ? "sslmode=require" : query + "&sslmode=require";
        }
        String jdbc = "jdbc:postgresql://" + uri.getHost() + ":" + (uri.getPort() > 0 ? uri.getPort() : 5432)
                + (uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath())
                + (query == null ? "" : "?" + query);
        return new DatabaseSettings(jdbc, user, password, pool);
    }

    /** The URL without credentials, safe for logs and error lines. */
    public String describe() {
        int q = jdbcUrl.indexOf('?');
        return q < 0 ? jdbcUrl : jdbcUrl.substring(0, q);
    }

    @Override
    public String toString() {
        return "DatabaseSettings[" + describe() + ", user=" + username + ", poolSize=" + poolSize + "]";
    }
}
