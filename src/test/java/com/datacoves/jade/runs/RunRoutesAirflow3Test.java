package com.datacoves.jade.runs;

import com.datacoves.jade.demo.DemoAirflow;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every test of {@link RunRoutesTest} again, on Airflow 3.0's table shapes, and what only Airflow 3 has. */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RunRoutesAirflow3Test extends RunRoutesTest {

    @Override
    protected DemoAirflow airflow() {
        return DemoAirflow.V3_0;
    }

    @Test
    void manualRunsWithoutALogicalDateHaveTheirQueueTimeAsCreatedAt() throws Exception {
        String runId;
        OffsetDateTime queued;
        try (Connection c = database("airflow_dev123"); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT run_id, queued_at, count(*) OVER () FROM dag_run "
                     + "WHERE logical_date IS NULL AND run_type = 'manual' ORDER BY id DESC LIMIT 1")) {
            assertTrue(rs.next(), "the Airflow 3 demo has manual runs without a logical date");
            runId = rs.getString(1);
            queued = rs.getObject(2, OffsetDateTime.class);
        }
        Map<String, Object> run = all("/api/v2/accounts/1/runs?environment_id=1").stream()
                .filter(r -> runId.equals(r.get("dag_run_run_id"))).findFirst().orElseThrow();
        assertEquals(queued.toInstant(), OffsetDateTime.parse((String) run.get("created_at")).toInstant());
    }
}
