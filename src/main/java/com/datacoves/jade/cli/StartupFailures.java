package com.datacoves.jade.cli;

import com.datacoves.jade.config.SettingException;
import com.datacoves.jade.storage.StorageException;
import org.flywaydb.core.api.FlywayException;

import java.sql.SQLException;

/** Turns whatever stopped a command into one line for the operator: no stack trace, no secrets. */
public final class StartupFailures {

    private StartupFailures() {
    }

    /** The most useful single line describing {@code failure}, found by walking its causes. */
    public static String oneLine(Throwable failure) {
        Throwable root = failure;
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SettingException) {
                return firstLine(t.getMessage());
            }
            if (t instanceof StorageException s) {
                return firstLine(s.detail());
            }
            if (t instanceof FlywayException) {
                return "migrating the jade database failed: " + firstLine(t.getMessage());
            }
            if (t instanceof SQLException) {
                return "database error: " + firstLine(t.getMessage());
            }
            root = t;
        }
        return "start-up failed: " + root.getClass().getSimpleName() + ": " + firstLine(root.getMessage());
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "(no message)";
        }
        return message.strip().lines().findFirst().orElse("");
    }
}
