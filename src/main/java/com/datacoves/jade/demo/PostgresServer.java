package com.datacoves.jade.demo;

import io.micronaut.core.annotation.Nullable;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * A PostgreSQL server for the demo and the tests: real PostgreSQL binaries from Maven Central (zonky) started on
 * loopback, or — where embedded binaries cannot run (e.g. {@code initdb: cannot be run as root} without user
 * namespaces) — an existing server given by {@code JADE_POSTGRES_URL}
 * ({@code postgres://user:pass@host:port}, a superuser that may create databases).
 */
public final class PostgresServer implements AutoCloseable {

    /** The variable naming an existing server to use instead of embedded binaries. */
    public static final String EXTERNAL_URL_VARIABLE = com.datacoves.jade.config.JadeVariable.JADE_POSTGRES_URL.name();

    private final EmbeddedPostgres embedded;
    @Nullable
    private final Path dataDirectory;
    private final String host;
    private final int port;
    private final String user;
    private final String password;

    private PostgresServer(EmbeddedPostgres embedded, @Nullable Path dataDirectory, String host, int port, String user,
                           String password) {
        this.embedded = embedded;
        this.dataDirectory = dataDirectory;
        this.host = host;
        this.port = port;
        this.user = user;
        this.password = password;
    }

    /**
     * Starts embedded PostgreSQL, or connects to {@code JADE_POSTGRES_URL} when set.
     *
     * @param dataDirectory where the embedded server keeps its data (kept between starts, every commit flushed before it
     *                      is acknowledged), or null for a throw-away one (commits acknowledged before they are flushed)
     * @param port          the port to listen on, or 0 for any free port
     * @throws IOException when the embedded server cannot start
     */
    public static PostgresServer start(Path dataDirectory, int port) throws IOException {
        return start(dataDirectory, port, true);
    }

    /**
     * Starts embedded PostgreSQL, or connects to {@code JADE_POSTGRES_URL} when set.
     *
     * @param dataDirectory as {@link #start(Path, int)}
     * @param port          as {@link #start(Path, int)}
     * @param stopAtExit    true: the embedded server stops when the JVM exits, by a shutdown hook of the library's own,
     *                      which runs at the same time as every other hook; false: the caller stops it with
     *                      {@link #close()} (the demo does, after Jade's context has closed: stopped first, the
     *                      server made each of Jade's last writes wait for a connection until its pool timed out)
     * @throws IOException when the embedded server cannot start
     */
    public static PostgresServer start(Path dataDirectory, int port, boolean stopAtExit) throws IOException {
        String external = System.getenv(EXTERNAL_URL_VARIABLE);
        if (external != null && !external.isBlank()) {
            java.net.URI uri = java.net.URI.create(external.replaceFirst("^jdbc:", ""));
            String[] userInfo = uri.getUserInfo() == null ? new String[]{"postgres"} : uri.getUserInfo().split(":", 2);
            return new PostgresServer(null, null, uri.getHost(), uri.getPort() > 0 ? uri.getPort() : 5432, userInfo[0],
                    userInfo.length > 1 ? userInfo[1] : null);
        }
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder().setRegisterShutdownHook(stopAtExit);
        if (dataDirectory != null) {
            Files.createDirectories(dataDirectory);
            // data that is kept is committed durably: the embedded default (synchronous_commit off) loses the last
            // acknowledged commits when the server crashes
            builder.setDataDirectory(dataDirectory).setCleanDataDirectory(false)
                    .setServerConfig("synchronous_commit", "on");
        }
        if (port > 0) {
            builder.setPort(port);
        }
        EmbeddedPostgres pg = builder.start();
        return new PostgresServer(pg, dataDirectory, "localhost", pg.getPort(), "postgres", null);
    }

    /** Creates the database when it does not exist yet. */
    public void createDatabase(String name) throws SQLException {
        try (Connection c = connect("postgres"); Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + name.replace("'", "") + "'")) {
                if (rs.next()) {
                    return;
                }
            }
            s.execute("CREATE DATABASE \"" + name.replace("\"", "") + "\"");
        }
    }

    /** Drops the database if it exists, closing its connections. */
    public void dropDatabase(String name) throws SQLException {
        try (Connection c = connect("postgres"); Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS \"" + name.replace("\"", "") + "\" WITH (FORCE)");
        }
    }

    /** A new connection to the database, as the server's superuser. */
    public Connection connect(String database) throws SQLException {
        return DriverManager.getConnection(jdbcUrl(database), user, password);
    }

    /** JDBC URL of a database on this server. */
    public String jdbcUrl(String database) {
        return "jdbc:postgresql://" + host + ":" + port + "/" + database;
    }

    /** Superuser name. */
    public String user() {
        return user;
    }

    /** Superuser password, or null (embedded servers trust loopback). */
    public String password() {
        return password;
    }

    /** The port the server listens on. */
    public int port() {
        return port;
    }

    /**
     * Stops the embedded server (an external one is left alone). {@code pg_ctl} finds the server by its data
     * directory's {@code postmaster.pid}; when that file was deleted while the server ran (the demo's folder removed),
     * it cannot, and the library only logs that. Any process still running with that data directory is then sent
     * SIGTERM, so that no server is left holding the port.
     */
    @Override
    public void close() throws IOException {
        if (embedded == null) {
            return;
        }
        embedded.close();
        if (dataDirectory != null && !Files.exists(dataDirectory.resolve("postmaster.pid"))) {
            String marker = " -D " + dataDirectory.toAbsolutePath() + " ";
            ProcessHandle.allProcesses().filter(p -> p.info().commandLine().map(c -> c.contains(marker)).orElse(false))
                    .toList().forEach(ProcessHandle::destroy);
        }
    }
}
