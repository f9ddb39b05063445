package com.datacoves.jade.database;

import io.micronaut.core.annotation.Nullable;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.HandleCallbackDecorator;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.extension.HandleSupplier;
import org.jdbi.v3.core.statement.StatementContext;
import org.jdbi.v3.core.statement.StatementCustomizer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.PreparedStatement;
import java.util.Locale;

/**
 * Reads survive a broken connection (docs/hardening.md, "Database restarts"): a {@code withHandle}, {@code useHandle},
 * {@code inTransaction} or {@code useTransaction} callback that fails because its connection broke (PostgreSQL
 * restarted, the connection was cut; {@link ConnectionFailures#isBrokenConnectionAnywhere}) is run once more on a
 * fresh connection — but only when every statement it ran was a read ({@code SELECT} or {@code SHOW}). A callback that
 * ran anything else is never repeated, because a write whose connection broke may have committed. What still fails
 * reaches the caller as before (mapped to 503 with {@code Retry-After} on requests).
 *
 * <p>Only the outermost callback of a thread is retried (nested calls share its handle, as Jdbi arranges). Code that
 * writes through the raw JDBC connection, which Jdbi does not see, calls {@link #markWrite()} first. A callback that
 * ran only reads must be safe to run twice: the data-access rule of docs/architecture.md.
 */
public final class ReadRetry implements HandleCallbackDecorator, StatementCustomizer {

    private static final Logger LOG = LoggerFactory.getLogger(ReadRetry.class);
    /** Connections tried for the retry before giving up (more than any of Jade's pools holds). */
    private static final int PROBES = 12;

    /** The outermost callbacks running on this thread, innermost first (one per Jdbi instance in use). */
    private static final ThreadLocal<Attempt> CURRENT = new ThreadLocal<>();

    private final Jdbi jdbi;

    private ReadRetry(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** Installs the retry on a Jdbi instance: as its callback decorator, and as a customizer that sees every statement. */
    public static void install(Jdbi jdbi) {
        ReadRetry retry = new ReadRetry(jdbi);
        jdbi.setHandleCallbackDecorator(retry);
        jdbi.addCustomizer(retry);
    }

    /**
     * Records that the running callbacks wrote (through the raw connection, which Jdbi does not see): none of them is
     * retried.
     */
    public static void markWrite() {
        for (Attempt a = CURRENT.get(); a != null; a = a.outer) {
            a.wrote = true;
        }
    }

    @Override
    public <R, X extends Exception> HandleCallback<R, X> decorate(HandleCallback<R, X> callback) {
        if (jdbi.getHandleScope().get() != null) {
            return callback; // nested: runs on the outer callback's handle, which is retried as a whole
        }
        return handle -> {
            Attempt attempt = new Attempt(CURRENT.get());
            CURRENT.set(attempt);
            try {
                return callback.withHandle(handle);
            } catch (Exception e) {
                if (attempt.wrote || !ConnectionFailures.isBrokenConnectionAnywhere(e)) {
                    throw e;
                }
                LOG.info("a database read lost its connection ({}); retrying once on a fresh connection",
                        e.getMessage());
                return retry(callback, attempt, e);
            } finally {
                CURRENT.set(attempt.outer);
            }
        };
    }

    private <R, X extends Exception> R retry(HandleCallback<R, X> callback, Attempt attempt, Exception first) throws X {
        HandleSupplier outer = jdbi.getHandleScope().get();
        try (Handle fresh = live()) {
            jdbi.getHandleScope().set(fresh); // nested calls of the callback use the fresh handle too
            attempt.wrote = false;
            return callback.withHandle(fresh);
        } catch (RuntimeException second) {
            second.addSuppressed(first);
            throw second;
        } finally {
            if (outer != null) {
                jdbi.getHandleScope().set(outer);
            }
        }
    }

    /**
     * A handle whose connection answers: the pool may hold more connections the same event broke (a restart cuts them
     * all), and it hands out a recently used one without checking it. Each broken one is found by a trivial query,
     * which makes the pool discard it; at most {@value #PROBES} are tried.
     */
    private Handle live() {
        for (int i = 1; ; i++) {
            Handle h = null;
            try {
                // a plugin may send statements as a handle opens (JdbiFactory leaves out PostgreSQL's step that
                // does): should one, a broken connection fails here already
                h = jdbi.open();
                h.createQuery("SELECT 1").mapTo(Integer.class).one();
                return h;
            } catch (RuntimeException e) {
                closeQuietly(h);
                if (i >= PROBES || !ConnectionFailures.isBrokenConnectionAnywhere(e)) {
                    throw e;
                }
            }
        }
    }

    /** Closes a handle whose connection broke; closing it may fail too, which changes nothing. */
    private static void closeQuietly(@Nullable Handle h) {
        if (h == null) {
            return;
        }
        try {
            h.close();
        } catch (RuntimeException alreadyBroken) {
            LOG.debug("closing a broken connection's handle: {}", alreadyBroken.getMessage());
        }
    }

    @Override
    public void beforeExecution(PreparedStatement statement, StatementContext context) {
        Attempt attempt = CURRENT.get();
        if (attempt != null && !attempt.wrote && !isRead(context.getRenderedSql())) {
            markWrite();
        }
    }

    /** True for a statement that only reads: its first keyword, after blanks and comments, is SELECT or SHOW. */
    static boolean isRead(String sql) {
        if (sql == null) {
            return false;
        }
        int i = 0;
        int n = sql.length();
        while (i < n) {
            char c = sql.charAt(i);
            if (Character.isWhitespace(c) || c == '(') {
                i++;
            } else if (sql.startsWith("--", i)) {
                int end = sql.indexOf('\n', i);
                i = end < 0 ? n : end + 1;
            } else if (sql.startsWith("/*", i)) {
                int end = sql.indexOf("*/", i + 2);
                i = end < 0 ? n : end + 2;
            } else {
                break;
            }
        }
        int end = i;
        while (end < n && Character.isLetter(sql.charAt(end))) {
            end++;
        }
        String keyword = sql.substring(i, end).toLowerCase(Locale.ROOT);
        return keyword.equals("select") || keyword.equals("show");
    }

    /** One outermost callback: whether it wrote, and the one it runs inside (on another Jdbi), if any. */
    private static final class Attempt {
        private final Attempt outer;
        private boolean wrote;

        Attempt(Attempt outer) {
            this.outer = outer;
        }
    }
}
