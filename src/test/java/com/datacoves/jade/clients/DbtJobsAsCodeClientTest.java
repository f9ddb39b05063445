package com.datacoves.jade.clients;

import com.datacoves.jade.support.ApiTest;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * dbt-jobs-as-code's calls (its DBTCloud client, Python requests: {@code params} percent-encoded, the env-var URL
 * written as an f-string), read the way it reads them: jobs paged by {@code extra.filters.limit/offset} against
 * {@code extra.pagination.total_count}, each job validated by its pydantic {@code JobDefinition} (types checked exactly
 * here: a null where it declares {@code str} is a validation error), then each job's environment-variable overrides
 * iterated with {@code data.items()}. Base URL {@code http://host}, account id 1, a Jade API key as the token
 * ({@code Authorization: Bearer}).
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DbtJobsAsCodeClientTest extends ApiTest {

    @Inject
    EmbeddedServer server;
    @Inject
    JsonMapper json;
    RawClient py;

    @BeforeAll
    void client() {
        py = new RawClient(server.getPort(), "Bearer " + keyFor(1), json);
    }

    /** DBTCloud._fetch_jobs: offset from 0, stop when limit + offset >= total_count, else offset += limit. */
    List<JsonNode> fetchJobs(String params) {
        List<JsonNode> jobs = new ArrayList<>();
        int offset = 0;
        for (int requests = 1; ; requests++) {
            JsonNode page = py.ok("/api/v2/accounts/1/jobs/?offset=" + offset + params);
            page.get("data").values().forEach(jobs::add);
            JsonNode filters = page.get("extra").get("filters");
            int limit = filters.get("limit").getIntValue();
            if (limit + filters.get("offset").getIntValue()
                    >= page.get("extra").get("pagination").get("total_count").getIntValue()) {
                return jobs;
            }
            offset += limit;
            assertTrue(requests < 50, "the client's loop ends");
        }
    }

    /** The field types of JobDefinition that a Jade job must satisfy exactly. */
    static void validatesAsJobDefinition(JsonNode j) {
        String where = "job " + j.get("id").getValue();
        for (String f : List.of("account_id", "project_id", "environment_id", "state")) {
            assertTrue(j.get(f).isNumber(), where + "." + f + " int");
        }
        for (String f : List.of("name", "description", "compare_changes_flags", "job_type")) {
            assertTrue(j.get(f) != null && j.get(f).isString(), where + "." + f + " str (not null)");
        }
        for (String f : List.of("run_generate_sources", "generate_docs", "run_compare_changes", "triggers_on_draft_pr")) {
            assertTrue(j.get(f).isBoolean(), where + "." + f + " bool");
        }
        for (String f : List.of("run_lint", "errors_on_lint_failure")) {
            assertTrue(j.get(f).isBoolean() || j.get(f).isNull(), where + "." + f + " Optional[bool]");
        }
        for (String f : List.of("deferring_job_definition_id", "deferring_environment_id")) {
            assertTrue(j.get(f).isNull() || j.get(f).isNumber(), where + "." + f + " Optional[int]");
        }
        assertTrue(j.get("dbt_version").isNull() || j.get("dbt_version").isString());
        assertTrue(j.get("execute_steps").isArray());
        j.get("execute_steps").values().forEach(s -> assertTrue(s.isString()));
        assertTrue(j.get("cost_optimization_features").isArray());
        assertTrue(j.get("settings").get("threads").isNumber());
        assertTrue(j.get("settings").get("target_name").isString());
        assertTrue(j.get("execution").get("timeout_seconds").isNumber());
        assertTrue(j.get("job_completion_trigger_condition").isNull());
        for (String t : List.of("github_webhook", "git_provider_webhook", "schedule", "on_merge")) {
            assertTrue(j.get("triggers").get(t).isBoolean(), where + ".triggers." + t);
        }
        // Schedule(**data) reads data["cron"]: a str that croniter accepts (five fields)
        JsonNode cron = j.get("schedule").get("cron");
        assertNotNull(cron, where + ".schedule.cron present");
        assertTrue(cron.isString(), where + ".schedule.cron is a str, not " + cron.getValue());
        assertEquals(5, cron.getStringValue().split(" ").length, where + ": a five-field cron");
        // custom_environment_variables, when present, must be a list of single-key dicts; Jade sends none
        assertTrue(j.get("custom_environment_variables") == null);
    }

    @Test
    void getJobsPagesAndEveryJobValidates() {
        List<JsonNode> all = fetchJobs("");
        assertEquals(8, all.size());
        all.forEach(DbtJobsAsCodeClientTest::validatesAsJobDefinition);
        assertEquals(8, fetchJobs("&project_id=1").size());
        assertEquals(8, fetchJobs("&project_id__in=%5B1%2C2%5D").size());
        assertEquals(4, fetchJobs("&project_id=1&environment_id=2").size());

        Map<String, JsonNode> dev = new java.util.HashMap<>();
        fetchJobs("&environment_id=1").forEach(j -> dev.put(j.get("name").getStringValue(), j));
        JsonNode manual = dev.get("manual_backfill");
        assertEquals("0 0 1 1 *", manual.get("schedule").get("cron").getStringValue());
        assertFalse(manual.get("triggers").get("schedule").getBooleanValue());
        assertEquals("other", manual.get("job_type").getStringValue());
        JsonNode daily = dev.get("daily_dbt_run");
        assertEquals("0 6 * * *", daily.get("schedule").get("cron").getStringValue());
        assertTrue(daily.get("triggers").get("schedule").getBooleanValue());
        assertEquals("scheduled", daily.get("job_type").getStringValue());
        JsonNode paused = dev.get("weekly_full_refresh");
        assertEquals("0 2 * * 0", paused.get("schedule").get("cron").getStringValue());
        assertFalse(paused.get("triggers").get("schedule").getBooleanValue());
    }

    @Test
    void getJobValidatesForEveryJobIncludingDeactivatedOnes() {
        for (JsonNode j : fetchJobs("&state=all")) {
            long id = j.get("id").getLongValue();
            validatesAsJobDefinition(py.ok("/api/v2/accounts/1/jobs/" + id + "/").get("data"));
        }
    }

    @Test
    void validateOnlineReadsEnvironmentsPerProject() {
        // DBTCloud.get_environments: one account-wide v3 list per project id, reading env["id"], env["project_id"]
        List<Long> ids = new ArrayList<>();
        List<Long> projects = new ArrayList<>();
        for (long project : List.of(1L, 2L)) {
            py.ok("/api/v3/accounts/1/environments/?project_id=" + project).get("data").values().forEach(e -> {
                ids.add(e.get("id").getLongValue());
                projects.add(e.get("project_id").getLongValue());
            });
        }
        assertEquals(List.of(1L, 2L, 3L), ids);
        assertEquals(List.of(1L, 1L, 2L), projects);
        assertEquals(0, py.ok("/api/v3/accounts/1/environments/?project_id=3").get("data").size());
    }

    @Test
    void jobEnvironmentVariablesAreAnEmptyObjectPerJob() {
        for (JsonNode j : fetchJobs("")) {
            long project = j.get("project_id").getLongValue();
            long id = j.get("id").getLongValue();
            JsonNode body = py.ok("/api/v3/accounts/1/projects/" + project
                    + "/environment-variables/job/?job_definition_id=" + id);
            assertTrue(body.get("data").isObject(), "data.items() needs an object");
            assertEquals(0, body.get("data").size());
            assertEquals(200, body.get("status").get("code").getIntValue());
            assertTrue(body.get("status").get("is_success").getBooleanValue());
            // without the trailing slash too
            assertEquals(0, py.ok("/api/v3/accounts/1/projects/" + project
                    + "/environment-variables/job?job_definition_id=" + id).get("data").size());
        }
    }

    @Test
    void jobEnvironmentVariablesCheckProjectAndJob() {
        long job = fetchJobs("").get(0).get("id").getLongValue();
        RawClient other = new RawClient(server.getPort(), "Bearer " + keyFor(2), json);
        long otherJob = other.ok("/api/v2/accounts/2/jobs/").get("data").get(0).get("id").getLongValue();
        String path = "/environment-variables/job/?job_definition_id=";
        py.error(404, "/api/v3/accounts/1/projects/2" + path + job);          // a job of another project
        py.error(404, "/api/v3/accounts/1/projects/3" + path + job);          // another account's project
        py.error(404, "/api/v3/accounts/1/projects/99" + path + job);         // no such project
        py.error(404, "/api/v3/accounts/1/projects/1" + path + otherJob);     // another account's job
        py.error(404, "/api/v3/accounts/1/projects/1" + path + 999999);       // no such job
        py.error(403, "/api/v3/accounts/2/projects/3" + path + otherJob);     // another account in the path
        py.error(400, "/api/v3/accounts/1/projects/1/environment-variables/job/");
        py.error(400, "/api/v3/accounts/1/projects/1" + path + "abc");
        assertEquals(0, other.ok("/api/v3/accounts/2/projects/3" + path + otherJob).get("data").size());
    }
}
