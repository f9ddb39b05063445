package com.datacoves.jade.cli;

import com.datacoves.jade.config.DatabaseSettings;
import com.datacoves.jade.config.SettingException;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

/** Opens one connection to a database before start-up so that an unreachable one is reported in one line. */
final class DatabaseProbe {

    private DatabaseProbe() {
    }

    /**
     * @param label     human name of the database ("jade", "Datacoves")
     * @param db        its settings
     * @param variables the variables that configure it, named in the error line
     * @throws SettingException when no connection can be made within 10 seconds
     */
    static void check(String label, DatabaseSettings db, String variables) {
        Properties props = new Properties();
        if (db.username() != null) {
            props.setProperty("user", db.username());
        }
        if (db.password() != null) {
            props.setProperty("password", db.password());
        }
        props.setProperty("connectTimeout", "10");
        props.setProperty("loginTimeout", "10");
        try (Connection ignored = DriverManager.getConnection(db.jdbcUrl(), props)) {
            // reachable
        } catch (SQLException e) {
            String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().lines().findFirst().orElse("");
            throw new SettingException("cannot connect to the " + label + " database at " + db.describe()
                    + " (" + reason + "); check " + variables);
        }
    }
}
