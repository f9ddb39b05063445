package com.datacoves.jade.runs;

import com.datacoves.jade.demo.DemoAirflow;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Trigger, cancel and rerun through a stubbed Airflow REST API, with the demo Airflow DB playing the scheduler. */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RunControlTest extends RunControlTestBase {

    @Test
    @SuppressWarnings("unchecked")
    void triggeredRunKeepsItsIdWhileAirflowRunsIt() throws Exception {
        long job = jobId(1, "daily_dbt_run");
        Map<String, Object> run = object(postJson(ACCOUNT + "/jobs/" + job + "/run/", """
                {"cause":"Nightly from CI","git_branch":"main","schema_override":"ci_42","threads_override":4,
                 "steps_override":["dbt build -s tag:nightly"],"generate_docs_override":true,"unknown":1}""", 200));
        long id = num(run, "id");
        assertEquals(1L, num(run, "status"));
        assertEquals("Queued", run.get("status_humanized"));
        assertEquals(job, num(run, "job_definition_id"));
        assertTrue(run.get("href").toString().endsWith("/api/v2/accounts/1/runs/" + id + "/"));
        Map<String, Object> trigger = (Map<String, Object>) run.get("trigger");
        assertEquals("Nightly from CI", trigger.get("cause"));
        assertEquals("ci_42", trigger.get("schema_override"));
        assertEquals(4, ((Number) trigger.get("threads_override")).intValue());
        assertEquals(List.of("dbt build -s tag:nightly"), trigger.get("steps_override"));

        Map<String, Object> sent = lastTriggerBody();
        String runId = (String) sent.get("dag_run_id");
        assertTrue(runId.startsWith("jade__"), runId);
        assertEquals(runId, run.get("dag_run_run_id"));
        assertEquals("Nightly from CI", sent.get("note"));
        Map<String, Object> dbtCloud = (Map<String, Object>) ((Map<String, Object>) sent.get("conf")).get("dbt_cloud");
        assertEquals("Nightly from CI", dbtCloud.get("cause"));
        assertEquals("main", dbtCloud.get("git_branch"));
        assertEquals(true, dbtCloud.get("generate_docs_override"));
        assertTrue(!dbtCloud.containsKey("unknown") && !dbtCloud.containsKey("git_sha"));
        var request = stub.received("POST", stub.api() + "/dags/daily_dbt_run/dagRuns").get(0);
        assertEquals(stub.authorization(), request.getHeader("Authorization"));
        // Airflow 3 requires logical_date in a trigger (null: "now"); Airflow 2 takes none
        assertEquals(airflow() == DemoAirflow.V3_0, sent.containsKey("logical_date"));
        assertNull(sent.get("logical_date"));

        airflowCreates("daily_dbt_run", runId);
        assertEquals(1L, num(object(get(ACCOUNT + "/runs/" + id)), "status"));
        assertNotNull(linkedDagRunId(id), "the index links the same id to the DAG run once it reads it");
        assertEquals(1L, listedStatus(id, 1));
        airflowMoves(runId, "running");
        assertEquals(3L, runStatus(id, 3));
        airflowMoves(runId, "success");
        assertEquals(10L, runStatus(id, 10));
        Map<String, Object> done = object(get(ACCOUNT + "/runs/" + id + "?include_related=trigger"));
        assertEquals(10L, num(done, "status"));
        assertEquals("Nightly from CI", ((Map<String, Object>) done.get("trigger")).get("cause"));
        assertEquals("ci_42", ((Map<String, Object>) done.get("trigger")).get("schema_override"));
        assertEquals("api", ((Map<String, Object>) done.get("trigger")).get("cause_category"));
        assertEquals(10L, listedStatus(id, 10));
        assertEquals(1, data(get(ACCOUNT + "/runs?environment_id=1&limit=100&order_by=-id")).stream()
                .filter(r -> runId.equals(r.get("dag_run_run_id"))).count(), "one run per DAG run");
    }

    @Test
    @SuppressWarnings("unchecked")
    void formBodyAndMissingCause() throws Exception {
        long job = jobId(1, "manual_backfill");
        var form = send("POST", ACCOUNT + "/jobs/" + job + "/run", triggerKey(),
                "application/x-www-form-urlencoded", "cause=From+a+form&threads_override=2");
        assertEquals(200, form.statusCode(), form.body());
        assertEquals("From a form", lastTriggerBody().get("note"));
        String multipart = "--XyZ\r\nContent-Disposition: form-data; name=\"cause\"\r\n\r\nFrom multipart\r\n"
                + "--XyZ\r\nContent-Disposition: form-data; name=\"git_branch\"\r\n\r\nfeature\r\n--XyZ--\r\n";
        var mp = send("POST", ACCOUNT + "/jobs/" + job + "/run", triggerKey(), "multipart/form-data; boundary=XyZ",
                multipart);
        assertEquals(200, mp.statusCode(), mp.body());
        assertEquals("From multipart", lastTriggerBody().get("note"));
        assertEquals("feature", ((Map<String, Object>) ((Map<String, Object>) lastTriggerBody().get("conf"))
                .get("dbt_cloud")).get("git_branch"));
        Map<String, Object> missing = postJson(ACCOUNT + "/jobs/" + job + "/run/", "{\"cause\":null,\"job_id\":1}",
                400);
        assertEquals(400, num((Map<String, Object>) missing.get("status"), "code"));
        assertNull(missing.get("data"));
        postJson(ACCOUNT + "/jobs/" + job + "/run/", null, 400);
        postJson(ACCOUNT + "/jobs/999999/run/", "{\"cause\":\"x\"}", 404);
    }

    @Test
    @SuppressWarnings("unchecked")
    void cancelReportsCancelledInGetAndList() throws Exception {
        long job = jobId(1, "daily_dbt_run");
        long id = num(object(postJson(ACCOUNT + "/jobs/" + job + "/run", "{\"cause\":\"to cancel\"}", 200)), "id");
        String runId = (String) lastTriggerBody().get("dag_run_id");
        airflowCreates("daily_dbt_run", runId);
        airflowMoves(runId, "running");
        Map<String, Object> cancelled = object(postJson(ACCOUNT + "/runs/" + id + "/cancel/", null, 200));
        var patches = stub.received("PATCH", stub.api() + "/dags/daily_dbt_run/dagRuns/.*");
        assertEquals(1, patches.size());
        assertTrue(patches.get(0).getUrl().contains(runId.replace(":", "%3A").replace("+", "%2B")),
                patches.get(0).getUrl());
        assertEquals("failed", parse(patches.get(0).getBodyAsString()).get("state"));
        assertCancelled(cancelled);
        airflowMoves(runId, "failed"); // what Airflow does on the PATCH
        assertCancelled(object(get(ACCOUNT + "/runs/" + id)));
        assertEquals(30L, listedStatus(id, 30));
        assertCancelled(data(get(ACCOUNT + "/runs?pk=" + id)).get(0));
        assertTrue(ids(data(get(ACCOUNT + "/runs?status=30&limit=100"))).contains(id));
        assertCancelled(object(postJson(ACCOUNT + "/runs/" + id + "/cancel", null, 200)));
        assertEquals(1, stub.received("PATCH", stub.api() + "/dags/daily_dbt_run/dagRuns/.*").size(), "once only");

        Map<String, Object> finished = data(get(ACCOUNT + "/runs?environment_id=1&status=10&limit=1")).get(0);
        Map<String, Object> same = object(postJson(ACCOUNT + "/runs/" + num(finished, "id") + "/cancel", null, 200));
        assertEquals(10L, num(same, "status"), "a finished run is returned unchanged");
        assertEquals(false, same.get("is_cancelled"));
        assertEquals(1, stub.received("PATCH", stub.api() + "/dags/.*").size());
    }

    private static void assertCancelled(Map<String, Object> run) {
        assertEquals(30L, num(run, "status"), run.toString());
        assertEquals(true, run.get("is_cancelled"));
        assertEquals("Cancelled by user.", run.get("status_message"));
        assertEquals("Cancelled", run.get("status_humanized"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void rerunClearsTheFailedLatestRunElseTriggers() throws Exception {
        long job = jobId(1, "hourly_sources");
        insertManualDagRun("airflow_dev123", "hourly_sources", "manual__failed_latest", "failed");
        // the newest run of the DAG, finished: created an hour ahead so that it sorts first
        airflowSql("UPDATE dag_run SET queued_at = now() + interval '1 hour', start_date = now(), end_date = now()"
                + (airflow() == DemoAirflow.V3_0 ? ", run_after = now() + interval '1 hour'" : "")
                + " WHERE run_id = 'manual__failed_latest'");
        String latest = ACCOUNT + "/runs?job_definition_id=" + job + "&order_by=-created_at&limit=1";
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!"manual__failed_latest".equals(data(get(latest)).get(0).get("dag_run_run_id"))
                && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        assertEquals(20L, num(data(get(latest)).get(0), "status"), "as the Airflow provider checks first");
        Map<String, Object> rerun = object(postJson(ACCOUNT + "/jobs/" + job + "/rerun/", null, 200));
        assertEquals("manual__failed_latest", rerun.get("dag_run_run_id"));
        var clears = stub.received("POST", stub.api() + "/dags/hourly_sources/clearTaskInstances");
        assertEquals(1, clears.size());
        Map<String, Object> body = parse(clears.get(0).getBodyAsString());
        assertEquals(Map.of("dag_run_id", "manual__failed_latest", "only_failed", true, "dry_run", false,
                "reset_dag_runs", true), body);

        long other = jobId(1, "manual_backfill");
        int triggersBefore = stub.received("POST", stub.api() + "/dags/manual_backfill/dagRuns").size();
        Map<String, Object> fresh = object(postJson(ACCOUNT + "/jobs/" + other + "/rerun", null, 200));
        assertEquals(1L, num(fresh, "status"));
        assertEquals(triggersBefore + 1, stub.received("POST", stub.api() + "/dags/manual_backfill/dagRuns").size());
        assertTrue(((Map<String, Object>) fresh.get("trigger")).get("cause").toString().startsWith("Rerun"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void pausedInactiveAirflowErrorsAndAirflowDown() throws Exception {
        Map<String, Object> paused = postJson(ACCOUNT + "/jobs/" + jobId(1, "weekly_full_refresh") + "/run",
                "{\"cause\":\"x\"}", 409);
        assertTrue(((Map<String, Object>) paused.get("errors")).get("message").toString().contains("paused"));
        Map<String, Object> inactive = postJson(ACCOUNT + "/jobs/" + jobId(1, "legacy_pipeline") + "/run",
                "{\"cause\":\"x\"}", 409);
        assertTrue(((Map<String, Object>) inactive.get("errors")).get("message").toString().contains("not active"));

        Map<String, Object> refused = postJson(ACCOUNT + "/jobs/" + jobId(1, "daily_dbt_run") + "/run",
                "{\"cause\":\"fail please\"}", 502);
        Map<String, Object> st = (Map<String, Object>) refused.get("status");
        assertEquals(502, ((Number) st.get("code")).intValue());
        assertTrue(st.get("user_message").toString().contains(stub.refusal()), st.toString());

        long t0 = System.nanoTime();
        Map<String, Object> down = postJson(ACCOUNT + "/jobs/" + jobId(2, "daily_dbt_run") + "/run",
                "{\"cause\":\"x\"}", 502);
        assertTrue(System.nanoTime() - t0 < 10_000_000_000L);
        String message = ((Map<String, Object>) down.get("errors")).get("message").toString();
        assertTrue(message.contains("prd456") && message.contains("unreachable"), message);
        assertNull(down.get("data"));
    }
}
