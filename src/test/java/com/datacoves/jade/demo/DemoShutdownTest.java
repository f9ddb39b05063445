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
        assertFalse(accepts(postgresPort), "the embedded PostgreSQL stopped with the demo");
        assertFalse(Files.exists(dir.resolve("postgres").resolve("postmaster.pid")), "PostgreSQL shut down cleanly");
    }

    /**
     * When PostgreSQL's {@code postmaster.pid} is gone (its data folder deleted while the demo runs), pg_ctl cannot find
     * the server; the demo still ends on SIGTERM and stops the server by its process (before, the server was left
     * running and held the port). Deleting the whole folder makes PostgreSQL itself fail at its next write, at a
     * moment the test cannot choose; deleting the file pg_ctl reads is the same for the stop.
     */
    @Test
    @Timeout(240)
    void sigtermAfterPostgresPidFileWasDeletedStillStopsPostgres(@TempDir Path dir) throws Exception {
        int postgresPort = JadeServerProcess.freePort();
        try (JadeServerProcess demo = JadeServerProcess.startDemo(dir, postgresPort)) {
            Files.delete(dir.resolve("postgres").resolve("postmaster.pid"));
            demo.terminate();
            demo.awaitExit(20);
        }
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (accepts(postgresPort)) {
            assertFalse(System.nanoTime() > deadline, "the embedded PostgreSQL still listens 20 s after the demo ended");
            Thread.sleep(200);
        }
    }

    private static boolean accepts(int port) {
        try {
            DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/postgres", "postgres", "").close();
            return true;
        } catch (SQLException e) {
            return false;
        }
    }
}
