package com.datacoves.jade.cli;

import com.datacoves.jade.support.JadeProcess;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Start-up failures end with one clear line naming the cause and a non-zero exit, never a stack trace. */
class StartupFailureTest {

    private static void assertOneLine(JadeProcess.Result r, String... expected) {
        assertEquals(1, r.exitCode(), r.err());
        String err = r.err().strip();
        assertEquals(1, err.lines().count(), "expected one line, got: " + err);
        assertTrue(err.startsWith("jade: "), err);
        for (String e : expected) {
            assertTrue(err.contains(e), "expected '" + e + "' in: " + err);
        }
        assertFalse(err.contains("Exception"), err);
    }

    @Test
    void unreachableJadeDatabaseIsNamed() throws Exception {
        assertOneLine(JadeProcess.run(Map.of("DB_HOST", "127.0.0.1", "DB_PORT", "1"), 60, "serve"),
                "jade database", "127.0.0.1:1", "DB_URL");
    }

    @Test
    void unreachableDatacovesDatabaseIsNamed() throws Exception {
        String jade = com.datacoves.jade.support.TestDatabases.postgresUrl("postgres");
        assertOneLine(JadeProcess.run(Map.of("DB_URL", jade, "DATACOVES_DB_URL", "postgres://x:secret@127.0.0.1:1/dc"),
                60, "serve"), "Datacoves database", "DATACOVES_DB_URL");
    }

    @Test
    void missingRequiredVariableIsNamed() throws Exception {
        assertOneLine(JadeProcess.run(Map.of("CONNECT_TO_AIRFLOW", "true"), 60, "serve"), "FERNET_KEY");
        assertOneLine(JadeProcess.run(Map.of("STORAGE_ADAPTER", "s3"), 60, "serve"), "S3_BUCKET_NAME");
        assertOneLine(JadeProcess.run(Map.of("STORAGE_ADAPTER", "ftp"), 60, "serve"), "STORAGE_ADAPTER");
    }

    @Test
    void passwordsNeverReachTheErrorLine() throws Exception {
        JadeProcess.Result r = JadeProcess.run(Map.of("DB_URL", "postgres://u:topsecret@127.0.0.1:1/jade"), 60, "serve");
        assertFalse(r.err().contains("topsecret"), r.err());
        assertFalse(r.out().contains("topsecret"), r.out());
    }
}
