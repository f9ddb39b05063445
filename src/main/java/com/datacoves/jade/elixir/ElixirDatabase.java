package com.datacoves.jade.elixir;

import com.datacoves.jade.config.DatabaseSettings;
import com.datacoves.jade.config.SettingException;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

/**
 * The Elixir Jade's database, opened <b>read-only</b> so that nothing the import does can change it and the Elixir
 * image can take over again at any time: every connection is marked read-only for the driver and starts with
 * {@code default_transaction_read_only=on} on the server (a write then fails with "cannot execute … in a read-only
 * transaction"). Never holds a connection between calls.
 */
public final class ElixirDatabase {

    /**
     * The tables and columns the import reads, as the Elixir Jade's Ecto migrations (the last one of March 2025,
     * which lets several files share a tag) leave them.
     */
    static final Map<String, List<String>> REQUIRED = new LinkedHashMap<>();

    static {
        REQUIRED.put("job_ids", List.of("id", "environment_id", "dag_id"));
        REQUIRED.put("job_run_ids", List.of("id", "environment_id", "dag_run_id"));
        REQUIRED.put("manifests", List.of("id", "slug", "account_id", "project_id", "environment_slug", "dag_id",
                "dag_run_id", "dag_run_run_id", "job_run_id", "content", "tag", "inserted_at"));
        REQUIRED.put("files", List.of("id", "slug", "filename", "environment_slug", "tag", "path", "inserted_at",
                "updated_at"));
    }

    private final DatabaseSettings settings;
    private final Jdbi jdbi;

    private ElixirDatabase(DatabaseSettings settings) {
        this.settings = settings;
        this.jdbi = Jdbi.create(this::connect);
    }

    /**
     * Opens the database and checks it is an Elixir Jade's.
     *
     * @param settings URL and credentials ({@link DatabaseSettings#describe()} is what error lines show)
     * @throws SettingException one line, without credentials, when the database cannot be reached, refuses
     *                          read-only mode, or lacks a table or column the import reads
     */
    public static ElixirDatabase open(DatabaseSettings settings) {
        ElixirDatabase db = new ElixirDatabase(settings);
        db.check();
        return db;
    }

    /** Where the database is, without credentials. */
    public String describe() {
        return settings.describe();
    }

    /** Jdbi over read-only connections (each handle opens its own). */
    Jdbi jdbi() {
        return jdbi;
    }

    private Connection connect() throws SQLException {
        Properties props = new Properties();
        if (settings.username() != null) {
            props.setProperty("user", settings.username());
        }
        if (settings.password() != null) {
            props.setProperty("password", settings.password());
        }
        props.setProperty("connectTimeout", "10");
        props.setProperty("loginTimeout", "10");
        props.setProperty("readOnly", "true");
        props.setProperty("readOnlyMode", "always");
        props.setProperty("options", "-c default_transaction_read_only=on");
        props.setProperty("ApplicationName", "jade import-elixir");
        Connection c = DriverManager.getConnection(settings.jdbcUrl(), props);
        c.setReadOnly(true);
        return c;
    }

    private void check() {
        Map<String, Set<String>> columns = new LinkedHashMap<>();
        boolean readOnly;
        try (Connection c = connect()) {
            try (var rs = c.createStatement().executeQuery("SHOW transaction_read_only")) {
                readOnly = rs.next() && "on".equals(rs.getString(1));
            }
            try (var st = c.prepareStatement("""
                    SELECT table_name, column_name FROM information_schema.columns
                    WHERE table_schema = current_schema() AND table_name = ANY(?)""")) {
                st.setArray(1, c.createArrayOf("text", REQUIRED.keySet().toArray()));
                try (var rs = st.executeQuery()) {
                    while (rs.next()) {
                        columns.computeIfAbsent(rs.getString(1), k -> new java.util.HashSet<>()).add(rs.getString(2));
                    }
                }
            }
        } catch (SQLException e) {
            String reason = e.getMessage() == null ? e.getClass().getSimpleName()
                    : e.getMessage().lines().findFirst().orElse("");
            throw new SettingException("cannot connect to the Elixir Jade database at " + describe() + " (" + reason
                    + "); check --from, --from-user and --from-password");
        }
        if (!readOnly) {
            throw new SettingException("the Elixir Jade database at " + describe()
                    + " did not accept a read-only session; nothing was imported");
        }
        List<String> missing = new ArrayList<>();
        REQUIRED.forEach((table, wanted) -> {
            Set<String> have = columns.get(table);
            if (have == null) {
                missing.add("table " + table);
            } else {
                wanted.stream().filter(col -> !have.contains(col)).forEach(col -> missing.add(table + "." + col));
            }
        });
        if (!missing.isEmpty()) {
            throw new SettingException("the database at " + describe() + " is not an Elixir Jade database with all"
                    + " its migrations (missing " + String.join(", ", missing) + "); nothing was imported");
        }
    }

    /**
     * Runs {@code work} and turns a lost connection into one line.
     *
     * @throws SettingException when the Elixir database fails mid-import
     */
    <T> T read(java.util.function.Function<Jdbi, T> work) {
        try {
            return work.apply(jdbi);
        } catch (JdbiException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            String reason = String.valueOf(cause.getMessage()).lines().findFirst().orElse("");
            throw new SettingException("reading the Elixir Jade database at " + describe() + " failed (" + reason
                    + "); run the import again to resume");
        }
    }
}
