package com.datacoves.jade.clients;

import com.datacoves.jade.support.ApiTest;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Calls of Dagster's dbt Cloud resource and Airflow's dbt Cloud provider that go beyond plain reads:
 * <ul>
 *   <li>Airflow's connection "Test" button and {@code DbtCloudHook.list_accounts()} send {@code GET} to the host root
 *       with {@code Authorization: Token <key>};</li>
 *   <li>Dagster's {@code update_job} GETs the job, deep-merges its change into it and POSTs the whole object back to
 *       {@code …/jobs/{id}/} (by default {@code run_job} first sends {@code triggers={"schedule": False}});
 *       {@code get_run_steps} reads {@code job.execute_steps} of a run.</li>
 * </ul>
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DagsterAndAirflowProviderTest extends ApiTest {

    @Test
    void hostRootAnswersTheKeysAccountsAndRefusesABadKey() {
        Map<String, Object> body = http.toBlocking().retrieve(
                HttpRequest.GET("/").header("Authorization", "Token " + keyFor(1)), Map.class);
        assertEquals(List.of(1L), ids(data(body)));
        assertEquals(true, ((Map<?, ?>) body.get("status")).get("is_success"));

        HttpClientResponseException e = assertThrows(HttpClientResponseException.class, () -> http.toBlocking()
                .exchange(HttpRequest.GET("/").header("Authorization", "Token not-a-key"), Map.class));
        assertEquals(401, e.getStatus().getCode());
        Map<?, ?> error = e.getResponse().getBody(Map.class).orElseThrow();
        assertEquals(401, ((Number) ((Map<?, ?>) error.get("status")).get("code")).intValue());
    }

    /** The id of the demo job for {@code dagId} in dev123. */
    private long job(String dagId) {
        return all("/api/v2/accounts/1/jobs/?environment_id=1&state=all").stream().filter(j -> dagId.equals(j.get("dag_id")))
                .map(j -> num(j, "id")).findFirst().orElseThrow();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> deepMerge(Map<String, Object> into, Map<String, Object> change) {
        Map<String, Object> out = new LinkedHashMap<>(into);
        change.forEach((k, v) -> out.merge(k, v, (a, b) -> a instanceof Map && b instanceof Map
                ? deepMerge((Map<String, Object>) a, (Map<String, Object>) b) : b));
        return out;
    }

    private HttpClientResponseException postJobRefused(long id, Map<String, Object> body) {
        return assertThrows(HttpClientResponseException.class, () -> http.toBlocking().exchange(
                HttpRequest.POST("/api/v2/accounts/1/jobs/" + id + "/", body).header("Authorization", tokenHeader(1)),
                Map.class));
    }

    private Map<String, Object> postJob(long id, Map<String, Object> body) {
        return http.toBlocking().retrieve(
                HttpRequest.POST("/api/v2/accounts/1/jobs/" + id + "/", body).header("Authorization", tokenHeader(1)),
                Map.class);
    }

    @Test
    void updateJobThatChangesNothingAnswersTheJob() {
        long id = job("manual_backfill"); // no schedule: triggers.schedule is already false
        Map<String, Object> current = object(get("/api/v2/accounts/1/jobs/" + id + "/"));
        assertEquals(false, ((Map<?, ?>) current.get("triggers")).get("schedule"));
        Map<String, Object> answered = object(postJob(id, deepMerge(current,
                Map.of("triggers", Map.of("schedule", false)))));
        assertEquals(id, num(answered, "id"));
        assertEquals(current.get("execute_steps"), answered.get("execute_steps"));
        assertEquals(current.get("schedule"), answered.get("schedule"));
    }

    @Test
    void updateJobThatWouldChangeTheDagIsRefusedNamingTheFields() {
        long id = job("daily_dbt_run"); // scheduled at 06:00
        Map<String, Object> current = object(get("/api/v2/accounts/1/jobs/" + id + "/"));
        assertEquals(true, ((Map<?, ?>) current.get("triggers")).get("schedule"));
        HttpClientResponseException e = postJobRefused(id, deepMerge(current,
                Map.of("triggers", Map.of("schedule", false), "name", "renamed")));
        assertEquals(422, e.getStatus().getCode());
        String message = e.getResponse().getBody(String.class).orElseThrow();
        assertTrue(message.contains("Jade cannot change name, triggers.schedule:"), message);
        assertEquals(422, ((Number) ((Map<?, ?>) e.getResponse().getBody(Map.class).orElseThrow().get("status"))
                .get("code")).intValue(), message);
        // nothing changed
        assertEquals(current.get("name"), object(get("/api/v2/accounts/1/jobs/" + id + "/")).get("name"));
    }

    @Test
    void updateOfAnotherAccountsJobIsNotFound() {
        long id = job("daily_dbt_run");
        HttpClientResponseException e = assertThrows(HttpClientResponseException.class, () -> http.toBlocking()
                .exchange(HttpRequest.POST("/api/v2/accounts/2/jobs/" + id + "/", Map.of("name", "x"))
                        .header("Authorization", tokenHeader(2)), Map.class));
        assertEquals(404, e.getStatus().getCode());
    }

    @Test
    @SuppressWarnings("unchecked")
    void runStepsAndExecuteStepsAreDbtCommands() {
        long id = job("daily_dbt_run");
        Map<String, Object> job = object(get("/api/v2/accounts/1/jobs/" + id + "/"));
        assertEquals(List.of("dbt build -s tag:daily", "upload_artifacts"), job.get("execute_steps"));

        Map<String, Object> run = data(get("/api/v2/accounts/1/runs/?job_definition_id=" + id
                + "&status=10&order_by=-id&limit=1")).get(0);
        Map<String, Object> withSteps = object(get("/api/v2/accounts/1/runs/" + num(run, "id")
                + "/?include_related=job,run_steps"));
        List<Map<String, Object>> steps = (List<Map<String, Object>>) withSteps.get("run_steps");
        assertEquals(List.of("Invoke dbt with `dbt deps`", "Invoke dbt with `dbt build -s tag:daily`",
                "upload_artifacts"), steps.stream().map(s -> s.get("name")).toList());
        assertEquals(List.of("dbt_deps", "dbt_build", "upload_artifacts"),
                steps.stream().map(s -> s.get("task_id")).toList());
        // Dagster's get_run_steps
        assertEquals(List.of("dbt build -s tag:daily", "upload_artifacts"),
                ((Map<String, Object>) withSteps.get("job")).get("execute_steps"));
    }

    @Test
    void aTaskThatRunsNoDbtKeepsItsTaskId() {
        long id = job("legacy_pipeline"); // runs python, not dbt
        assertEquals(List.of("run_legacy"), object(get("/api/v2/accounts/1/jobs/" + id + "/?state=all"))
                .get("execute_steps"));
    }
}
