package com.datacoves.jade.index;

import com.datacoves.jade.airflow.AirflowSchema;
import com.datacoves.jade.support.ApiTest;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The index follows Airflow: a new DAG run is listed within 5 s (the documented staleness), a state change of an
 * unfinished run is picked up, and the schema detection tells Airflow 2 from Airflow 3.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IndexFreshnessTest extends ApiTest {

    private void airflowSql(String sql) throws Exception {
        execute("airflow_dev123", sql);
    }

    @Test
    void newAndChangedDagRunsAreListedWithinFiveSeconds() throws Exception {
        String runs = "/api/v2/accounts/1/runs?environment_id=1&order_by=-id&limit=1";
        long before = total(get(runs));
        airflowSql("""
                INSERT INTO dag_run (dag_id, queued_at, execution_date, state, run_id, external_trigger, run_type, updated_at)
                VALUES ('daily_dbt_run', now(), now(), 'queued', 'manual__fresh', true, 'manual', now())""");
        long start = System.nanoTime();
        Map<String, Object> newest = null;
        while (System.nanoTime() - start < 5_000_000_000L) {
            Map<String, Object> body = get(runs);
            if (total(body) == before + 1) {
                newest = data(body).get(0);
                break;
            }
            Thread.sleep(200);
        }
        assertTrue(newest != null, "new DAG run listed within 5 s");
        assertEquals("manual__fresh", newest.get("dag_run_run_id"));
        assertEquals(1L, num(newest, "status"));
        long id = num(newest, "id");
        airflowSql("UPDATE dag_run SET state = 'success', start_date = now(), end_date = now(), updated_at = now() "
                + "WHERE run_id = 'manual__fresh'");
        long deadline = System.nanoTime() + 5_000_000_000L;
        long status = 1;
        while (System.nanoTime() < deadline && status != 10) {
            status = num(data(get("/api/v2/accounts/1/runs?pk=" + id)).get(0), "status");
            Thread.sleep(200);
        }
        assertEquals(10L, status, "state change indexed within 5 s");
        assertEquals(10L, num(object(get("/api/v2/accounts/1/runs/" + id)), "status"), "a single run reads the index");
        assertEquals(id, num(data(get("/api/v2/accounts/1/runs?pk=" + id)).get(0), "id"), "id stays");
    }

    @Test
    void schemaDetectionTellsAirflow2From3() {
        AirflowSchema two = new AirflowSchema(Set.of("dag_run.execution_date", "dag_run.updated_at",
                "dag_run.external_trigger", "dag.schedule_interval", "dag.is_active"));
        assertFalse(two.airflow3());
        assertEquals("r.execution_date", two.logicalDate());
        assertEquals("d.schedule_interval", two.schedule());
        AirflowSchema three = new AirflowSchema(Set.of("dag_run.logical_date", "dag_run.updated_at",
                "dag.timetable_summary", "dag.is_stale"));
        assertTrue(three.airflow3());
        assertEquals("r.logical_date", three.logicalDate());
        assertEquals("(r.run_type = 'manual')", three.externalTrigger());
        assertEquals("NOT COALESCE(d.is_stale, false)", three.dagActive());
        assertEquals("to_json(d.timetable_summary)::text", three.schedule());
    }

    /** How many indexed runs carry that Airflow run_id (Jade's own database). */
    private long indexed(String airflowRunId) throws Exception {
        try (var c = database("jade"); var st = c.prepareStatement("SELECT count(*) FROM run_index WHERE run_id = ?")) {
            st.setString(1, airflowRunId);
            try (var rs = st.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** Polls until the run is indexed (true) or 6 s passed (false). */
    private boolean indexedWithin6s(String airflowRunId) throws Exception {
        long deadline = System.nanoTime() + 6_000_000_000L;
        while (System.nanoTime() < deadline) {
            if (indexed(airflowRunId) > 0) {
                return true;
            }
            Thread.sleep(200);
        }
        return false;
    }

    /** A deactivated account's Airflow databases are no longer read; reactivated, they are again. */
    @Test
    void deactivatedAccountsAreNotIndexed() throws Exception {
        execute("datacoves", "UPDATE users_account SET deactivated_at = now() WHERE id = 2");
        Thread.sleep(2_500); // one refresh interval: the index re-reads the environments
        execute("airflow_glx001", """
                INSERT INTO dag_run (dag_id, queued_at, execution_date, state, run_id, external_trigger, run_type, updated_at)
                VALUES ('daily_dbt_run', now(), now(), 'queued', 'manual__while_deactivated', true, 'manual', now())""");
        assertFalse(indexedWithin6s("manual__while_deactivated"), "not indexed while the account is deactivated");
        execute("datacoves", "UPDATE users_account SET deactivated_at = NULL WHERE id = 2");
        assertTrue(indexedWithin6s("manual__while_deactivated"), "indexed again once reactivated");
    }
}
