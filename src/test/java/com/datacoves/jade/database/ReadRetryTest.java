package com.datacoves.jade.database;

import com.datacoves.jade.demo.PostgresServer;
import com.datacoves.jade.support.TestDatabases;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.sql.Connection;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link ReadRetry} on a real PostgreSQL: a callback whose connection is cut (its backend terminated, as a restart
 * does) after it ran only reads is run again on a fresh connection and answers; one that wrote is not repeated and
 * fails; a statement error that is not about the connection is not retried.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReadRetryTest {

    private static final String DATABASE = "read_retry_" + ProcessHandle.current().pid();

    private PostgresServer server;
    private HikariDataSource pool;
    private Jdbi jdbi;

    @BeforeAll
    void database() throws Exception {
        server = TestDatabases.server();
        server.createDatabase(DATABASE);
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(server.jdbcUrl(DATABASE));
        config.setUsername(server.user());
        config.setPassword(server.password());
        config.setMaximumPoolSize(2);
        pool = new HikariDataSource(config);
        jdbi = JdbiFactory.create(pool);
        jdbi.useHandle(h -> h.execute("CREATE TABLE written (n int)"));
    }

    @AfterAll
    void drop() throws Exception {
        pool.close();
        server.dropDatabase(DATABASE);
    }

    @Test
    void aReadWhoseConnectionIsCutIsRunAgainOnAFreshConnection() {
        AtomicInteger runs = new AtomicInteger();
        int[] pids = new int[2];
        int answer = jdbi.withHandle(h -> {
            int run = runs.getAndIncrement();
            pids[run] = backend(h);
            if (run == 0) {
                cut(pids[0]);
            }
            return h.createQuery("SELECT 42").mapTo(Integer.class).one();
        });
        assertEquals(42, answer);
        assertEquals(2, runs.get(), "run once more");
        assertNotEquals(pids[0], pids[1], "on another connection");
    }

    @Test
    void aTransactionOfReadsIsRunAgainToo() {
        AtomicInteger runs = new AtomicInteger();
        long answer = jdbi.inTransaction(h -> {
            if (runs.getAndIncrement() == 0) {
                cut(backend(h));
            }
            return h.createQuery("SELECT count(*) FROM written").mapTo(Long.class).one();
        });
        assertEquals(0L, answer);
        assertEquals(2, runs.get());
    }

    @Test
    void aCallbackThatWroteIsNotRepeated() {
        AtomicInteger runs = new AtomicInteger();
        JdbiException e = assertThrows(JdbiException.class, () -> jdbi.useHandle(h -> {
            runs.incrementAndGet();
            h.execute("INSERT INTO written VALUES (1)"); // auto-commit: committed
            cut(backend(h));
            h.createQuery("SELECT 1").mapTo(Integer.class).one();
        }));
        assertTrue(ConnectionFailures.isBrokenConnectionAnywhere(e), e.toString());
        assertEquals(1, runs.get(), "a write may have committed: never repeated");
        long rows = jdbi.withHandle(h -> h.createQuery("SELECT count(*) FROM written").mapTo(Long.class).one());
        assertEquals(1L, rows);
        jdbi.useHandle(h -> h.execute("DELETE FROM written"));
    }

    @Test
    void aWriteThroughTheRawConnectionIsMarkedAndNotRepeated() {
        AtomicInteger runs = new AtomicInteger();
        assertThrows(JdbiException.class, () -> jdbi.useHandle(h -> {
            runs.incrementAndGet();
            ReadRetry.markWrite();
            cut(backend(h));
            h.createQuery("SELECT 1").mapTo(Integer.class).one();
        }));
        assertEquals(1, runs.get());
    }

    @Test
    void otherErrorsAreNotRetried() {
        AtomicInteger runs = new AtomicInteger();
        JdbiException e = assertThrows(JdbiException.class, () -> jdbi.withHandle(h -> {
            runs.incrementAndGet();
            return h.createQuery("SELECT 1 / 0").mapTo(Integer.class).one();
        }));
        assertFalse(ConnectionFailures.isConnectionFailure(e));
        assertEquals(1, runs.get());
    }

    @Test
    void nestedCallsShareTheRetriedHandle() {
        AtomicInteger runs = new AtomicInteger();
        int[] inner = new int[2];
        jdbi.useHandle(outer -> {
            int run = runs.getAndIncrement();
            if (run == 0) {
                cut(backend(outer));
            }
            inner[run] = jdbi.withHandle(ReadRetryTest::backend); // Jdbi hands the nested call the outer handle
            assertEquals(backend(outer), inner[run]);
        });
        assertEquals(2, runs.get(), "the outer callback was retried, the nested one ran on its fresh handle");
    }

    @Test
    void readsAreToldFromWrites() {
        assertTrue(ReadRetry.isRead("SELECT 1"));
        assertTrue(ReadRetry.isRead("  -- comment\n /* block */ (select 1) UNION ALL (SELECT 2)"));
        assertTrue(ReadRetry.isRead("show transaction_read_only"));
        assertFalse(ReadRetry.isRead("WITH x AS (DELETE FROM t RETURNING *) SELECT * FROM x"));
        assertFalse(ReadRetry.isRead("INSERT INTO t VALUES (1)"));
        assertFalse(ReadRetry.isRead("UPDATE t SET a = 1"));
        assertFalse(ReadRetry.isRead("COPY t FROM STDIN"));
        assertFalse(ReadRetry.isRead("selected"));
        assertFalse(ReadRetry.isRead(null));
    }

    private static int backend(Handle h) {
        return h.createQuery("SELECT pg_backend_pid()").mapTo(Integer.class).one();
    }

    /** Terminates a backend from another connection, as a database restart cuts every connection. */
    private void cut(int pid) {
        try (Connection c = server.connect(DATABASE); Statement s = c.createStatement()) {
            s.execute("SELECT pg_terminate_backend(" + pid + ", 5000)");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
