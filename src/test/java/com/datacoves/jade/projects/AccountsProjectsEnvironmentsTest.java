package com.datacoves.jade.projects;

import com.datacoves.jade.support.ApiTest;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AccountsProjectsEnvironmentsTest extends ApiTest {

    @Test
    void accountListsHoldOnlyTheKeysAccount() {
        for (String path : List.of("/api/v2/accounts", "/api/v2/accounts/", "/api/v3/accounts", "/api/v3/accounts/")) {
            Map<String, Object> body = get(path);
            assertEquals(List.of(1L), ids(data(body)), path);
            assertEquals(1, count(body));
            assertEquals(1L, total(body));
            assertEquals(100, ((Number) extra(body, "filters").get("limit")).intValue());
        }
        Map<String, Object> two = getAs(2, "/api/v3/accounts/");
        assertEquals(List.of(2L), ids(data(two)));
    }

    @Test
    void accountRetrieveHasSpecFields() {
        for (String path : List.of("/api/v2/accounts/1", "/api/v2/accounts/1/")) {
            Map<String, Object> a = object(get(path));
            assertEquals(1L, num(a, "id"));
            assertEquals("Acme Analytics", a.get("name"));
            assertEquals("acme", a.get("identifier"));
            assertEquals(10L, num(a, "developer_seats"));
            assertEquals(86400L, num(a, "run_duration_limit_seconds"));
            assertTrue(a.containsKey("lock_reason") && a.get("lock_reason") == null);
            assertTrue(((String) a.get("created_at")).endsWith("+00:00"));
        }
        error(403, "/api/v2/accounts/2/");
    }

    @Test
    void projectsV2AndV3() {
        for (String path : List.of("/api/v2/accounts/1/projects", "/api/v3/accounts/1/projects/")) {
            Map<String, Object> body = get(path);
            assertEquals(List.of(1L, 2L), ids(data(body)), path);
            assertEquals("id", ((Map<?, ?>) body.get("extra")).get("order_by"));
            assertEquals(1L, num(extra(body, "filters"), "account_id"));
        }
        assertEquals(List.of(2L), ids(data(get("/api/v3/accounts/1/projects?name__icontains=MARKET"))));
        assertEquals("market", extra(get("/api/v3/accounts/1/projects?name__icontains=market"), "filters")
                .get("name__icontains"));
        assertEquals(List.of(2L, 1L), ids(data(get("/api/v3/accounts/1/projects?order_by=-id"))));
        assertEquals(List.of(2L), ids(data(get("/api/v2/accounts/1/projects?order_by=id&offset=1&limit=1"))));
        Map<String, Object> p = object(get("/api/v3/accounts/1/projects/1/"));
        assertEquals("Acme Analytics", p.get("name"));
        assertEquals(2, ((List<?>) p.get("environments")).size());
        assertNull(p.get("repository"));
        Map<String, Object> withRepo = object(get("/api/v2/accounts/1/projects/1?include_related=repository"));
        assertEquals("acme/analytics", ((Map<?, ?>) withRepo.get("repository")).get("full_name"));
        error(404, "/api/v3/accounts/1/projects/3");
        error(404, "/api/v2/accounts/1/projects/3/");
        error(403, "/api/v3/accounts/2/projects/3");
    }

    @Test
    void environmentsV2AndV3() {
        assertEquals(List.of(1L, 2L, 3L), ids(data(get("/api/v2/accounts/1/environments/"))));
        assertEquals(List.of(1L, 2L), ids(data(get("/api/v2/accounts/1/environments?project_id=1"))));
        assertEquals(List.of(2L), ids(data(get("/api/v2/accounts/1/environments?name__icontains=prod"))));
        assertEquals(List.of(3L, 2L, 1L), ids(data(get("/api/v2/accounts/1/environments?order_by=-name"))));
        assertEquals(List.of(1L, 2L), ids(data(get("/api/v3/accounts/1/projects/1/environments"))));
        assertEquals(List.of(3L), ids(data(get("/api/v3/accounts/1/projects/2/environments/"))));
        Map<String, Object> e = object(get("/api/v3/accounts/1/projects/1/environments/2/"));
        assertEquals("prd456", e.get("slug"));
        assertEquals("deployment", e.get("type"));
        assertEquals("production", e.get("deployment_type"));
        assertEquals("1.8.3", e.get("dbt_version"));
        assertEquals("development", object(get("/api/v2/accounts/1/environments/1")).get("type"));
        error(404, "/api/v3/accounts/1/projects/2/environments/1");
        error(404, "/api/v2/accounts/1/environments/4");
        error(404, "/api/v3/accounts/1/projects/3/environments");
        error(400, "/api/v2/accounts/1/environments?project_id=abc");
    }

    /** An environment id that does not exist is a 404 in the dbt Cloud envelope, on v2 and v3. */
    @Test
    void missingEnvironmentIsNotFound() {
        assertEquals("Not Found", ((Map<?, ?>) error(404, "/api/v2/accounts/1/environments/999/").get("status"))
                .get("user_message"));
        error(404, "/api/v3/accounts/1/projects/1/environments/999/");
    }
}
