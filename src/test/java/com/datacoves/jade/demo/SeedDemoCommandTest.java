package com.datacoves.jade.demo;

import com.datacoves.jade.support.JadeProcess;
import com.datacoves.jade.support.TestDatabases;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code jade seed-demo} (used by docker-compose.yml) as a separate process against a real server. */
class SeedDemoCommandTest {

    @Test
    void seedsTheDemoDatabasesOnTheNamedServerTwice() throws Exception {
        String url = TestDatabases.server().jdbcUrl("").replace("jdbc:postgresql://", "postgres://postgres@")
                .replaceAll("/$", "");
        String prefix = "seed" + ProcessHandle.current().pid() + "_";
        for (int run = 0; run < 2; run++) { // idempotent: the second run leaves the data as it is
            JadeProcess.Result r = JadeProcess.run(Map.of("JADE_POSTGRES_URL", url), 120, "seed-demo", "--prefix", prefix);
            assertEquals(0, r.exitCode(), r.err());
            assertTrue(r.out().contains("seeded database " + prefix + "datacoves"), r.out());
            assertTrue(r.out().contains("seeded database " + prefix + "airflow_dev123"), r.out());
        }
        try (Connection c = TestDatabases.server().connect(prefix + "datacoves"); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM projects_environment")) {
            rs.next();
            assertEquals(4, rs.getLong(1));
        }
    }

    @Test
    void withoutAServerItEndsWithOneLine() throws Exception {
        JadeProcess.Result r = JadeProcess.run(Map.of(), 60, "seed-demo");
        assertEquals(1, r.exitCode());
        assertTrue(r.err().strip().startsWith("jade: JADE_POSTGRES_URL is not set"), r.err());
    }
}
