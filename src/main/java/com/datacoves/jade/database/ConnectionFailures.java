package com.datacoves.jade.database;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.Set;

/**
 * Which database errors are about the connection rather than the statement (docs/hardening.md, "Database restarts"):
 * SQLState class {@code 08} (connection exception; a pooled connection found closed fails with {@code 08003}, one cut
 * mid-statement with {@code 08006}), {@code 57P01}–{@code 57P03} (PostgreSQL shutting down, crashed or starting),
 * and the pool's {@link SQLTransientConnectionException} (no connection within its timeout).
 */
public final class ConnectionFailures {

    private static final Set<String> SHUTTING_DOWN = Set.of("57P01", "57P02", "57P03");

    private ConnectionFailures() {
    }

    /** True when a connection problem of any kind above is anywhere in the cause chain. */
    public static boolean isConnectionFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLTransientConnectionException || isBrokenConnection(t)) {
                return true;
            }
        }
        return false;
    }

    /**
     * True when a connection Jade held broke (SQLState {@code 08…} or {@code 57P01}–{@code 57P03}) anywhere in the
     * cause chain: a fresh connection may work at once. False for the pool's timeout, where a new attempt would only
     * wait as long again.
     */
    public static boolean isBrokenConnectionAnywhere(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLTransientConnectionException) {
                return false;
            }
            if (isBrokenConnection(t)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isBrokenConnection(Throwable t) {
        return t instanceof SQLException sql && !(t instanceof SQLTransientConnectionException)
                && sql.getSQLState() != null
                && (sql.getSQLState().startsWith("08") || SHUTTING_DOWN.contains(sql.getSQLState()));
    }
}
