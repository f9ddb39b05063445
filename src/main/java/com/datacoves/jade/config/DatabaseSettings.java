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
     * Reads the settings of one database from Jade's variables with the given prefix, as the original Jade did:
     * {@code <P>DB_URL} wins; otherwise {@code <P>DB_HOST}, {@code _PORT}, {@code _USER}, {@code _PASS}, {@code _NAME}
     * with Jade's defaults (localhost, 5432, postgres, password, the given database name).
     *
     * @param env         the process environment
     * @param prefix      "" for Jade's own database, "DATACOVES_" for Datacoves'
     * @param defaultName database name when {@code <P>DB_NAME} is unset
     * @param poolSizeVar name of the variable holding the pool size (default 10)
     * @throws SettingException when a URL or a number cannot be read
     */
    public static DatabaseSettings fromEnvironment(Map<String, String> env, String prefix, String defaultName,
                                                   String poolSizeVar) {
        boolean ssl = Boolean.parseBoolean(env.getOrDefault("DB_SSL_ENABLED", "false"));
        int pool = SettingException.positiveInt(env, poolSizeVar, 10);
        String url = env.get(prefix + "DB_URL");
        if (url != null && !url.isBlank()) {
            return fromUrl(prefix + "DB_URL", url.trim(), pool, ssl);
        }
        String host = env.getOrDefault(prefix + "DB_HOST", "localhost");
        int port = SettingException.positiveInt(env, prefix + "DB_PORT", 5432);
        String name = env.getOrDefault(prefix + "DB_NAME", defaultName);
        String jdbc = "jdbc:postgresql://" + host + ":" + port + "/" + name + (ssl ? "?sslmode=require" : "");
        return new DatabaseSettings(jdbc, env.getOrDefault(prefix + "DB_USER", "postgres"),
                env.getOrDefault(prefix + "DB_PASS", "password"), pool);
    }

    /**
     * Accepts {@code postgres://user:pass@host:port/db}, {@code postgresql://…}, {@code ecto://…} (the original
     * Jade's form) or a {@code jdbc:postgresql://…} URL. User and password in the URL are percent-decoded and moved
     * out of it.
     *
     * @throws SettingException naming {@code variable} when the URL cannot be read
     */
    static DatabaseSettings fromUrl(String variable, String url, int pool, boolean ssl) {
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
