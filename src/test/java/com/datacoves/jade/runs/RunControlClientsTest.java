package com.datacoves.jade.runs;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The request sequences of dbt-cloud-cli ({@code job run --wait}) and Airflow's DbtCloudRunJobOperator, against a
 * stubbed Airflow REST API while the test plays the scheduler; and the {@code allow_trigger} permission.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RunControlClientsTest extends RunControlTestBase {

    /** Plays Airflow in the background: creates the DAG run, runs it, ends it in {@code end}. */
    private Thread scheduler(String dagId, String end) throws Exception {
        String runId = (String) lastTriggerBody().get("dag_run_id");
        Thread t = new Thread(() -> {
            try {
                airflowCreates(dagId, runId);
                Thread.sleep(700);
                airflowMoves(runId, "running");
                Thread.sleep(700);
                airflowMoves(runId, end);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        t.start();
        return t;
    }

    @Test
    void dbtCloudCliJobRunWait() throws Exception {
        long job = jobId(1, "daily_dbt_run");
        String body = "{\"account_id\": 1, \"job_id\": " + job + ", \"cause\": \"Triggered via API\", "
                + "\"git_sha\": null, \"git_branch\": null, \"azure_pull_request_id\": null, "
                + "\"github_pull_request_id\": null, \"gitlab_merge_request_id\": null, \"schema_override\": null, "
                + "\"dbt_version_override\": null, \"threads_override\": null, \"target_name_override\": null, "
                + "\"generate_docs_override\": null, \"timeout_seconds_override\": null, \"steps_override\": null}";
        Map<String, Object> started = postJson(ACCOUNT + "/jobs/" + job + "/run/", body, 200);
        long id = num(object(started), "id");
        Thread airflow = scheduler("daily_dbt_run", "success");
        long status = 1;
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (!Set.of(10L, 20L, 30L).contains(status) && System.nanoTime() < deadline) {
            Thread.sleep(250); // the cli sleeps 5 s
            status = num(object(getWithTriggerKey(ACCOUNT + "/runs/" + id)), "status");
        }
        airflow.join();
        assertEquals(10L, status);
    }

    @Test
    void airflowDbtCloudRunJobOperator() throws Exception {
        long job = jobId(1, "daily_dbt_run");
        HttpResponse<String> r = send("POST", ACCOUNT + "/jobs/" + job + "/run/", triggerKey(), "application/json",
                "{\"cause\": \"Triggered via Apache Airflow by task 'run' in the jade DAG.\", "
                        + "\"steps_override\": null, \"schema_override\": null}");
        assertEquals(200, r.statusCode(), r.body());
        Map<String, Object> run = object(parse(r.body()));
        long id = num(run, "id");
        String href = (String) run.get("href");
        Thread airflow = scheduler("daily_dbt_run", "failed");
        long status = num(run, "status");
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (!Set.of(10L, 20L, 30L).contains(status) && System.nanoTime() < deadline) {
            Thread.sleep(250);
            status = num(object(getWithTriggerKey(ACCOUNT + "/runs/" + id + "/")), "status");
        }
        airflow.join();
        assertEquals(20L, status);
        assertEquals(id, num(object(getWithTriggerKey(href)), "id"), "href is readable");
    }

    @Test
    @SuppressWarnings("unchecked")
    void keysWithoutThePermissionMayReadButNotStartOrStop() throws Exception {
        long job = jobId(1, "daily_dbt_run");
        long run = num(data(get(ACCOUNT + "/runs?limit=1")).get(0), "id");
        int airflowCalls = stub.server.getAllServeEvents().size();
        for (String path : List.of("/jobs/" + job + "/run/", "/jobs/" + job + "/rerun", "/runs/" + run + "/cancel/")) {
            HttpResponse<String> r = send("POST", ACCOUNT + path, keyFor(1), "application/json",
                    "{\"cause\":\"not allowed\"}");
            assertEquals(403, r.statusCode(), path);
            Map<String, Object> body = parse(r.body());
            assertEquals(RunControlService.NOT_ALLOWED, ((Map<String, Object>) body.get("errors")).get("message"));
            assertNull(body.get("data"));
        }
        assertEquals(airflowCalls, stub.server.getAllServeEvents().size(), "Airflow never called");
        assertEquals(200, send("GET", ACCOUNT + "/runs", keyFor(1), null, null).statusCode());
        assertEquals(403, send("POST", "/api/v2/accounts/2/jobs/" + job + "/run", triggerKey(), "application/json",
                "{\"cause\":\"x\"}").statusCode(), "another account");
        assertTrue(tokenService.list(1L).stream().anyMatch(t -> t.allowTrigger()));
    }
}
