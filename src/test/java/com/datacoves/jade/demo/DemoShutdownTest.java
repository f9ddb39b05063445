package com.datacoves.jade.demo;

import com.datacoves.jade.support.JadeServerProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * {@code jade demo} ends on SIGTERM (Ctrl-C, {@code docker stop}) as a server does: Jade's context closes while its
 * embedded PostgreSQL still runs (the index replica leaves, pools close), then PostgreSQL stops. Before, the library's
 * own shutdown hook stopped PostgreSQL at the same time, and each of Jade's last writes waited for a connection until
 * the pool gave up: the demo took about 40 s to end.
 */
class DemoShutdownTest {

    @Test
    @Timeout(240)
    void sigtermClosesJadeThenStopsItsPostgres(@TempDir Path dir) throws Exception {
        int postgresPort = JadeServerProcess.freePort();
        try (JadeServerProcess demo = JadeServerProcess.startDemo(dir, postgresPort)) {
            demo.terminate();
            // far below the pool's connection timeout (30 s), far above a normal stop (1-3 s)
            demo.awaitExit(20);
        }
        assertThrows(SQLException.class, () -> DriverManager.getConnection(
                "jdbc:postgresql://127.0.0.1:" + postgresPort + "/postgres", "postgres", "").close(),
                "the embedded PostgreSQL stopped with the demo");
        assertFalse(Files.exists(dir.resolve("postgres").resolve("postmaster.pid")), "PostgreSQL shut down cleanly");
    }
}
