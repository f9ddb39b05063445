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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The dbt Cloud Terraform provider's calls, as its Go client writes them (request targets byte for byte, raw
 * {@code [}, {@code "}), decoded with Go's encoding/json rules for the provider's structs ({@link GoJson}), with the
 * provider's pagination loop (append {@code offset=<count so far>} while count &lt; total_count; stop on an empty
 * page). Host URL {@code http://host/api}, account id 1, a Jade API key as the token.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TerraformClientTest extends ApiTest {

    /** The provider's Environment struct (pkg dbt_cloud, environment.go). */
    static final Map<String, String> ENVIRONMENT = fields("id", "*int", "state", "int", "account_id", "int",
            "project_id", "int", "credentials_id", "*int", "name", "string", "dbt_version", "string", "type", "string",
            "use_custom_branch", "bool", "custom_branch", "*string", "supports_docs", "bool", "created_at", "*string",
            "updated_at", "*string", "project", "struct", "jobs", "*string", "credentials", "struct",
            "custom_environment_variables", "*string", "deployment_type", "*string", "extended_attributes_id", "*int",
            "connection_id", "*int", "enable_model_query_history", "bool", "primary_profile_id", "*int");
    /** Its Project struct (project.go), for a nested project. */
    static final Map<String, String> PROJECT = fields("id", "*int", "name", "string", "description", "string",
            "dbt_project_subdirectory", "*string", "type", "int", "connection_id", "*int", "repository_id", "*int",
            "state", "int", "account_id", "int", "freshness_job_id", "*int", "docs_job_id", "*int",
            "semantic_layer_config_id", "*int");
    /** ProjectConnectionRepository (projects.go), what {@code dbtcloud_projects} decodes. */
    static final Map<String, String> PROJECT_CONNECTION_REPOSITORY = fields("name", "string", "account_id", "int",
            "description", "string", "connection_id", "int", "repository_id", "int", "semantic_layer_config_id", "*int",
            "skipped_setup", "bool", "state", "int", "dbt_project_subdirectory", "string", "docs_job_id", "*int",
            "type", "int", "freshness_job_id", "*int", "id", "int", "created_at", "string", "updated_at", "string",
            "connection", "*struct", "environments", "any", "repository", "*struct", "group_permissions", "any");
    /** Repository (repository.go). */
    static final Map<String, String> REPOSITORY = fields("id", "*int", "account_id", "int", "project_id", "int",
            "remote_url", "string", "state", "int", "git_clone_strategy", "string", "repository_credentials_id", "*int",
            "gitlab_project_id", "*int", "github_installation_id", "*int", "private_link_endpoint_id", "*string",
            "deploy_key", "*struct", "deploy_key_id", "*int", "pull_request_url_template", "string",
            "remote_backend", "*string", "full_name", "*string");
    /** Job (job.go); JobWithEnvironment adds {@code environment} as an Environment. */
    static final Map<String, String> JOB = fields("id", "*int", "account_id", "int", "project_id", "int",
            "environment_id", "int", "name", "string", "compare_changes_flags", "string",
            "cost_optimization_features", "[]string", "dbt_version", "*string", "deferring_environment_id", "*int",
            "deferring_job_definition_id", "*int", "description", "string", "errors_on_lint_failure", "bool",
            "execute_steps", "[]string", "execution", "struct", "force_node_selection", "*bool", "generate_docs", "bool",
            "job_completion_trigger_condition", "*struct", "job_type", "string", "run_compare_changes", "bool",
            "run_generate_sources", "bool", "run_lint", "bool", "schedule", "struct", "settings", "struct",
            "state", "int", "triggers_on_draft_pr", "bool", "triggers", "struct", "environment", "struct");
    static final Map<String, String> SCHEDULE = fields("cron", "string", "date", "struct", "time", "struct");
    static final Map<String, String> SCHEDULE_DATE = fields("type", "string", "days", "[]int", "cron", "*string");
    static final Map<String, String> SCHEDULE_TIME = fields("type", "string", "interval", "int", "hours", "[]int");
    static final Map<String, String> TRIGGERS = fields("github_webhook", "bool", "schedule", "bool",
            "git_provider_webhook", "bool", "on_merge", "bool");
    /** Run (run.go), what {@code dbtcloud_runs} decodes. */
    static final Map<String, String> RUN = fields("id", "int", "account_id", "int", "job_id", "int", "git_sha", "string",
            "git_branch", "string", "github_pull_request_id", "string", "schema_override", "string", "cause", "string");

    @Inject
    EmbeddedServer server;
    @Inject
    JsonMapper json;
    RawClient go;

    @BeforeAll
    void client() {
        go = new RawClient(server.getPort(), "Token " + keyFor(1), json);
    }

    static Map<String, String> fields(String... pairs) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            m.put(pairs[i], pairs[i + 1]);
        }
        return m;
    }

    /** The provider's GetRawData: first page, then {@code &offset=N} (or {@code ?offset=N}) until total_count. */
    List<JsonNode> getRawData(String url) {
        JsonNode first = go.ok(url);
        List<JsonNode> all = new ArrayList<>();
        first.get("data").values().forEach(all::add);
        GoJson.decodes(first.get("extra").get("pagination"), Map.of("count", "int", "total_count", "int"), url);
        int count = first.get("extra").get("pagination").get("count").getIntValue();
        int total = first.get("extra").get("pagination").get("total_count").getIntValue();
        int requests = 1;
        while (count < total) {
            String last = url.substring(url.lastIndexOf('/') + 1);
            String next = url + (last.contains("?") ? "&" : "?") + "offset=" + count;
            JsonNode page = go.ok(next);
            int n = page.get("extra").get("pagination").get("count").getIntValue();
            if (n == 0) {
                break;
            }
            count += n;
            page.get("data").values().forEach(all::add);
            assertTrue(++requests < 50, "pagination ends");
        }
        return all;
    }

    static void environmentDecodes(JsonNode e, String where) {
        GoJson.decodes(e, ENVIRONMENT, where);
        // dbt Cloud answers null here; the spec's array would break the provider's *string
        assertTrue(e.get("custom_environment_variables") != null && e.get("custom_environment_variables").isNull(),
                where + ".custom_environment_variables is null");
        assertTrue(e.get("jobs").isNull(), where + ".jobs is null");
        if (e.get("project") != null && !e.get("project").isNull()) {
            GoJson.decodes(e.get("project"), PROJECT, where + ".project");
        }
    }

    static List<Long> nodeIds(List<JsonNode> items) {
        return items.stream().map(i -> i.get("id").getLongValue()).toList();
    }

    @Test
    void credentialCheckListsTheAccount() {
        // NewClient: GET {host_url}/v2/accounts/ and look for account_id among data[].id
        JsonNode accounts = go.ok("/api/v2/accounts/");
        assertEquals(List.of(1L), nodeIds(listOf(accounts)));
        GoJson.decodes(accounts.get("data").get(0), Map.of("id", "int", "name", "string"), "account");
    }

    @Test
    void environmentResourceAndImportReadTheV3Environment() {
        for (long[] pe : new long[][] {{1, 1}, {1, 2}, {2, 3}}) {
            String url = "/api/v3/accounts/1/projects/" + pe[0] + "/environments/" + pe[1] + "/";
            JsonNode e = go.ok(url).get("data");
            environmentDecodes(e, url);
            assertEquals(pe[1], e.get("id").getLongValue());
            assertEquals(pe[0], e.get("project_id").getLongValue());
        }
        JsonNode prod = go.ok("/api/v3/accounts/1/projects/1/environments/2/").get("data");
        assertEquals("deployment", prod.get("type").getStringValue());
        assertEquals("production", prod.get("deployment_type").getStringValue());
        assertEquals("1.8.3", prod.get("dbt_version").getStringValue());
        assertEquals(1, prod.get("state").getIntValue());
        JsonNode dev = go.ok("/api/v3/accounts/1/projects/1/environments/1/?include_related=[project]").get("data");
        environmentDecodes(dev, "dev with project");
        assertEquals("development", dev.get("type").getStringValue());
        assertTrue(dev.get("deployment_type").isNull());
        assertEquals("Acme Analytics", dev.get("project").get("name").getStringValue());
        go.error(404, "/api/v3/accounts/1/projects/1/environments/3/");
    }

    @Test
    void environmentsDataSourceListsAccountWideWithOptionalProject() {
        List<JsonNode> all = getRawData("/api/v3/accounts/1/environments/");
        assertEquals(List.of(1L, 2L, 3L), nodeIds(all));
        all.forEach(e -> environmentDecodes(e, "environments"));
        List<JsonNode> project1 = getRawData("/api/v3/accounts/1/environments/?project_id=1");
        assertEquals(List.of(1L, 2L), nodeIds(project1));
        assertEquals(List.of(3L), nodeIds(getRawData("/api/v3/accounts/1/environments/?project_id=2")));
        assertEquals(List.of(), nodeIds(getRawData("/api/v3/accounts/1/environments/?project_id=3")),
                "another account's project lists nothing");
        JsonNode body = go.ok("/api/v3/accounts/1/environments?project_id=1");
        assertEquals(1, body.get("extra").get("filters").get("project_id").getIntValue());
        assertEquals(2, body.get("extra").get("pagination").get("total_count").getIntValue());
        assertEquals(List.of(4L), nodeIds(listOf(go2().ok("/api/v3/accounts/2/environments/"))));
        go.error(403, "/api/v3/accounts/2/environments/");
        go.error(400, "/api/v3/accounts/1/environments/?project_id=abc");
    }

    RawClient go2() {
        return new RawClient(server.getPort(), "Token " + keyFor(2), json);
    }

    @Test
    void projectsDataSourceSendsRawQuotesInIncludeRelated() {
        String url = "/api/v3/accounts/1/projects/?limit=100&order_by=name"
                + "&include_related=[\"repository\",\"connection\"]";
        List<JsonNode> projects = getRawData(url);
        assertEquals(List.of(1L, 2L), nodeIds(projects));
        for (JsonNode p : projects) {
            GoJson.decodes(p, PROJECT_CONNECTION_REPOSITORY, "project " + p.get("id").getLongValue());
            GoJson.decodes(p.get("repository"), REPOSITORY, "project repository");
            assertTrue(p.get("connection").isNull());
        }
        assertEquals("acme/analytics", projects.get(0).get("repository").get("full_name").getStringValue());
        assertEquals(1, projects.get(0).get("repository").get("id").getIntValue());
        JsonNode filters = go.ok(url).get("extra").get("filters");
        assertEquals(100, filters.get("limit").getIntValue());
        List<JsonNode> named = getRawData("/api/v3/accounts/1/projects/?name__icontains=market&limit=100"
                + "&order_by=name&include_related=[\"repository\",\"connection\"]");
        assertEquals(List.of(2L), nodeIds(named));
        assertEquals("acme/marketing", named.get(0).get("repository").get("full_name").getStringValue());
    }

    @Test
    void rawBracesPipesAndQuotesAreReadNotRefused() {
        JsonNode body = go.ok("/api/v3/accounts/1/projects/?name__icontains={x|y}");
        assertEquals(0, body.get("extra").get("pagination").get("total_count").getIntValue());
        assertEquals("{x|y}", body.get("extra").get("filters").get("name__icontains").getStringValue());
        JsonNode quoted = go.ok("/api/v3/accounts/1/projects/?name__icontains=\"Acme\"^`<>");
        assertEquals("\"Acme\"^`<>", quoted.get("extra").get("filters").get("name__icontains").getStringValue());
        // the escaped form of the same characters reads alike; a lone % is read as itself
        JsonNode escaped = go.ok("/api/v3/accounts/1/projects/?name__icontains=%22Acme%22&include_related=[%22repository%22]");
        assertEquals("\"Acme\"", escaped.get("extra").get("filters").get("name__icontains").getStringValue());
        JsonNode repo = go.ok("/api/v3/accounts/1/projects/1/?include_related=[\"repository\"]").get("data");
        assertEquals("acme/analytics", repo.get("repository").get("full_name").getStringValue());
        JsonNode percent = go.ok("/api/v3/accounts/1/projects/?name__icontains=100%");
        assertEquals("100%", percent.get("extra").get("filters").get("name__icontains").getStringValue());
        // a malformed value of a known parameter is still the dbt envelope's 400
        go.error(400, "/api/v3/accounts/1/projects/?limit={1}");
        // unknown path with raw characters: Jade's 404 envelope, not a bare framework error
        go.error(404, "/api/v3/accounts/1/projects/99/?x=\"y\"");
    }

    static List<JsonNode> listOf(JsonNode body) {
        List<JsonNode> out = new ArrayList<>();
        body.get("data").values().forEach(out::add);
        return out;
    }

    @Test
    void jobsDataSourceWithIncludeRelatedEnvironment() {
        for (String url : List.of("/api/v2/accounts/1/jobs?project_id=1&include_related=[environment]",
                "/api/v2/accounts/1/jobs?environment_id=1&include_related=[environment]")) {
            List<JsonNode> jobs = getRawData(url);
            assertFalse(jobs.isEmpty(), url);
            for (JsonNode j : jobs) {
                String where = url + " job " + j.get("id").getLongValue();
                GoJson.decodes(j, JOB, where);
                GoJson.decodes(j.get("schedule"), SCHEDULE, where + ".schedule");
                GoJson.decodes(j.get("schedule").get("date"), SCHEDULE_DATE, where + ".schedule.date");
                GoJson.decodes(j.get("schedule").get("time"), SCHEDULE_TIME, where + ".schedule.time");
                GoJson.decodes(j.get("triggers"), TRIGGERS, where + ".triggers");
                assertTrue(j.get("schedule").get("cron").isString(), where + ": schedule.cron is a string");
                assertTrue(j.get("description").isString(), where + ": description is a string");
                environmentDecodes(j.get("environment"), where + ".environment");
                assertEquals(j.get("environment_id").getLongValue(), j.get("environment").get("id").getLongValue());
            }
        }
        List<JsonNode> dev = getRawData("/api/v2/accounts/1/jobs?environment_id=1&include_related=[environment]");
        assertEquals(Set.of("daily_dbt_run", "hourly_sources", "weekly_full_refresh", "manual_backfill"),
                Set.copyOf(dev.stream().map(j -> j.get("name").getStringValue()).toList()));
        JsonNode manual = dev.stream().filter(j -> j.get("name").getStringValue().equals("manual_backfill"))
                .findFirst().orElseThrow();
        assertEquals("0 0 1 1 *", manual.get("schedule").get("cron").getStringValue());
        assertFalse(manual.get("triggers").get("schedule").getBooleanValue());
        assertEquals("dev123", manual.get("environment").get("slug").getStringValue());
    }

    @Test
    void runsDataSourceStatusIn() {
        // dbtcloud_runs: filter.status_in is passed through url.Values.Encode()
        JsonNode body = go.ok("/api/v2/accounts/1/runs/?limit=100&status_in=%5B10%2C20%5D");
        List<JsonNode> runs = listOf(body);
        assertFalse(runs.isEmpty());
        for (JsonNode r : runs) {
            GoJson.decodes(r, RUN, "run");
            assertTrue(Set.of(10, 20).contains(r.get("status").getIntValue()));
        }
        assertEquals(List.of(10L, 20L), json(body.get("extra").get("filters").get("status_in")));
        long both = total("/api/v2/accounts/1/runs/?status__in=10,20");
        assertEquals(both, body.get("extra").get("pagination").get("total_count").getLongValue());
        assertEquals(total("/api/v2/accounts/1/runs/?status=20"),
                total("/api/v2/accounts/1/runs/?status_in=%5B20%5D"));
        go.error(400, "/api/v2/accounts/1/runs/?status_in=%5Bdone%5D");
    }

    long total(String url) {
        return go.ok(url).get("extra").get("pagination").get("total_count").getLongValue();
    }

    static List<Long> json(JsonNode array) {
        List<Long> out = new ArrayList<>();
        array.values().forEach(v -> out.add(v.getLongValue()));
        return out;
    }
}
