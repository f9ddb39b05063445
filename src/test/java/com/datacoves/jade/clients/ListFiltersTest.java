package com.datacoves.jade.clients;

import com.datacoves.jade.support.ApiTest;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * List filters that clients send and that used to be ignored: environments {@code type}, {@code deployment_type},
 * {@code deployment_type__in}; runs {@code environment_id__in}, {@code job_definition_id__in}, {@code status_in};
 * and {@code limit=0}, refused so that a client paging by the echoed limit cannot loop.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ListFiltersTest extends ApiTest {

    private static final String RUNS = "/api/v2/accounts/1/runs/";

    @Test
    void environmentKinds() {
        for (String list : List.of("/api/v3/accounts/1/environments/", "/api/v2/accounts/1/environments/",
                "/api/v3/accounts/1/projects/1/environments/")) {
            boolean p1 = list.contains("projects/1");
            assertEquals(List.of(1L), ids(data(get(list + "?type=development"))), list);
            assertEquals(p1 ? List.of(2L) : List.of(2L, 3L), ids(data(get(list + "?type=deployment"))), list);
            assertEquals(List.of(2L), ids(data(get(list + "?deployment_type=production"))), list);
            assertEquals(p1 ? List.of() : List.of(3L), ids(data(get(list + "?deployment_type=staging"))), list);
            assertEquals(p1 ? List.of(2L) : List.of(2L, 3L),
                    ids(data(get(list + "?deployment_type__in=production,staging"))), list);
            assertEquals(p1 ? List.of(2L) : List.of(2L, 3L),
                    ids(data(get(list + "?deployment_type__in=%5B%22production%22,%22staging%22%5D"))), list);
            assertEquals(List.of(), ids(data(get(list + "?type=development&deployment_type=production"))), list);
            assertEquals(List.of(), ids(data(get(list + "?deployment_type=production&deployment_type__in=staging"))));
            Map<String, Object> body = get(list + "?type=deployment&deployment_type__in=production");
            assertEquals("deployment", extra(body, "filters").get("type"));
            assertEquals(List.of("production"), extra(body, "filters").get("deployment_type__in"));
            error(400, list + "?type=prod");
            error(400, list + "?deployment_type=development");
            error(400, list + "?deployment_type__in=production,qa");
        }
    }

    @Test
    void runListInFilters() {
        long all = total(get(RUNS));
        long env1 = total(get(RUNS + "?environment_id=1"));
        long env2 = total(get(RUNS + "?environment_id=2"));
        assertTrue(env1 > 0 && env2 > 0);
        assertEquals(env1 + env2, total(get(RUNS + "?environment_id__in=1,2")));
        assertEquals(env1 + env2, total(get(RUNS + "?environment_id__in=%5B1%2C2%5D")));
        assertEquals(env2, total(get(RUNS + "?environment_id__in=2&environment_id__in=3")));
        assertEquals(0L, total(get(RUNS + "?environment_id=1&environment_id__in=2")));
        data(get(RUNS + "?environment_id__in=2&limit=100")).forEach(r -> assertEquals(2L, num(r, "environment_id")));

        List<Long> jobs = ids(data(get("/api/v2/accounts/1/jobs/?environment_id=1"))).subList(0, 2);
        long a = total(get(RUNS + "?job_definition_id=" + jobs.get(0)));
        long b = total(get(RUNS + "?job_definition_id=" + jobs.get(1)));
        Map<String, Object> both = get(RUNS + "?job_definition_id__in=" + jobs.get(0) + "," + jobs.get(1) + "&limit=100");
        assertEquals(a + b, total(both));
        assertEquals(jobs, ((List<?>) extra(both, "filters").get("job_definition_id__in")).stream()
                .map(v -> ((Number) v).longValue()).toList());
        data(both).forEach(r -> assertTrue(jobs.contains(num(r, "job_definition_id"))));
        assertTrue(a + b < all);

        long ok = total(get(RUNS + "?status=10"));
        long err = total(get(RUNS + "?status=20"));
        assertEquals(ok + err, total(get(RUNS + "?status_in=[10,20]")));
        assertEquals(ok + err, total(get(RUNS + "?status__in=10,20")));
        assertEquals(ok, total(get(RUNS + "?status=10&status__in=10,20")), "both hold");
        data(get(RUNS + "?status_in=%5B20%5D&limit=100")).forEach(r -> assertEquals(20L, num(r, "status")));
        error(400, RUNS + "?environment_id__in=1,x");
        error(400, RUNS + "?job_definition_id__in=abc");
        error(400, RUNS + "?status_in=7");
    }

    @Test
    void limitZeroIsRefusedEverywhere() {
        for (String list : List.of(RUNS, "/api/v2/accounts/1/jobs/", "/api/v3/accounts/1/projects/",
                "/api/v3/accounts/1/environments/", "/api/v2/accounts/1/environments/")) {
            Map<String, Object> body = error(400, list + "?limit=0");
            String message = (String) ((Map<?, ?>) body.get("status")).get("user_message");
            assertTrue(message.contains("limit"), message);
            error(400, list + "?limit=-1");
            assertEquals(1, count(get(list + "?limit=1")), list);
            assertEquals(100L, num(extra(get(list + "?limit=500"), "filters"), "limit"), list + ": clamped");
        }
    }
}
