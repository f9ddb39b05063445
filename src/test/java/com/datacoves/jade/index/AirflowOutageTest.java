package com.datacoves.jade.index;

import com.datacoves.jade.support.ApiTest;
import com.datacoves.jade.support.TestDatabases;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.sql.Connection;
import java.sql.Statement;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** An Airflow database that goes away after indexing: its runs stay listed, and lists name it. */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AirflowOutageTest extends ApiTest {

    private void admin(String sql) throws Exception {
        try (Connection c = TestDatabases.server().connect("postgres"); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void runsOfAnUnreachableEnvironmentStayListed() throws Exception {
        String db = databasePrefix + "airflow_dev123";
        String runs = "/api/v2/accounts/1/runs?environment_id=1";
        long before = total(get(runs));
        assertTrue(before > 0);
        admin("ALTER DATABASE \"" + db + "\" ALLOW_CONNECTIONS false");
        try {
            admin("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + db + "'");
            String message = "";
            long deadline = System.nanoTime() + 15_000_000_000L;
            Map<String, Object> body = null;
            while (System.nanoTime() < deadline && !message.contains("dev123")) {
                Thread.sleep(300);
                body = get(runs);
                message = (String) ((Map<String, Object>) body.get("status")).get("developer_message");
            }
            assertTrue(message.contains("dev123"), message);
            assertEquals(before, total(body));
            assertTrue(total(get("/api/v2/accounts/1/runs?environment_id=2")) > 0);
        } finally {
            admin("ALTER DATABASE \"" + db + "\" ALLOW_CONNECTIONS true");
        }
    }
}
