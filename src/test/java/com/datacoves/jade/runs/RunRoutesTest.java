package com.datacoves.jade.runs;

import com.datacoves.jade.support.ApiTest;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RunRoutesTest extends ApiTest {

    private static final String RUNS = "/api/v2/accounts/1/runs";
    private List<Map<String, Object>> allRuns;

    @BeforeAll
    void loadAll() {
        allRuns = all(RUNS);
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    @Test
    void listsEveryRunOfTheAccountOnceWithStableIds() {
        assertTrue(allRuns.size() > 100, "demo has a few hundred runs");
        Set<Long> unique = new HashSet<>(ids(allRuns));
        assertEquals(allRuns.size(), unique.size());
        allRuns.forEach(r -> assertEquals(1L, num(r, "account_id")));
        allRuns.forEach(r -> assertNotNull(r.get("created_at"), "every run has created_at: " + r.get("id")));
        assertEquals(ids(allRuns), ids(all(RUNS)));
        assertEquals(ids(allRuns), ids(allRuns).stream().sorted().toList(), "default order_by=id");
        Set<Long> envs = new HashSet<>();
        allRuns.forEach(r -> envs.add(num(r, "environment_id")));
        assertEquals(Set.of(1L, 2L), envs);
        assertEquals("", ((Map<?, ?>) get(RUNS).get("status")).get("developer_message"), "every Airflow reachable");
    }

    @Test
    void airflowProviderPaginationSequence() {
        Map<String, Object> first = get(RUNS);
        long limit = num(extra(first, "filters"), "limit");
        assertEquals(100, limit);
        assertEquals(0L, num(extra(first, "filters"), "offset"));
        long totalCount = total(first);
        long accumulated = count(first);
        List<Long> seen = new java.util.ArrayList<>(ids(data(first)));
        long offset = limit;
        while (accumulated < totalCount) {
            Map<String, Object> page = get(RUNS + "?offset=" + offset);
            assertTrue(count(page) > 0);
            accumulated += count(page);
            seen.addAll(ids(data(page)));
            offset += limit;
        }
        assertEquals(totalCount, seen.size());
        assertEquals(ids(allRuns), seen);
    }

    @Test
    void dbtCloudCliPaginateAndPageEdges() {
        long totalCount = total(get(RUNS));
        Map<String, Object> past = get(RUNS + "?offset=" + (totalCount + 5));
        assertEquals(0, count(past));
        assertEquals(totalCount, total(past));
        error(400, RUNS + "?limit=0"); // dbt Cloud refuses a limit outside 1..100; a 0 page would loop paging clients
        assertEquals(1, data(get(RUNS + "?limit=1")).size());
        assertEquals(100, data(get(RUNS + "/?limit=100")).size());
        Map<String, Object> clamped = get(RUNS + "?limit=101");
        assertEquals(100, data(clamped).size());
        assertEquals(100L, num(extra(clamped, "filters"), "limit"));
        assertEquals(List.of(ids(allRuns).get(5)), ids(data(get(RUNS + "?limit=1&offset=5"))));
    }

    @Test
    void ordering() {
        List<Map<String, Object>> byCreated = data(get(RUNS + "?order_by=-created_at&limit=100"));
        for (int i = 1; i < byCreated.size(); i++) {
            assertTrue(created(byCreated.get(i - 1)).compareTo(created(byCreated.get(i))) >= 0);
        }
        assertEquals("-created_at", ((Map<?, ?>) get(RUNS + "?order_by=-created_at").get("extra")).get("order_by"));
        List<Long> desc = ids(data(get(RUNS + "?order_by=-id")));
        assertEquals(ids(allRuns).stream().sorted(Comparator.reverseOrder()).limit(100).toList(), desc);
        List<Map<String, Object>> byFinished = data(get(RUNS + "?order_by=finished_at&status=10"));
        for (int i = 1; i < byFinished.size(); i++) {
            assertTrue(OffsetDateTime.parse((String) byFinished.get(i - 1).get("finished_at"))
                    .compareTo(OffsetDateTime.parse((String) byFinished.get(i).get("finished_at"))) <= 0);
        }
    }

    private static OffsetDateTime created(Map<String, Object> r) {
        return OffsetDateTime.parse((String) r.get("created_at"));
    }

    @Test
    void latestRunOfAJob() {
        long job = num(allRuns.get(0), "job_definition_id");
        Map<String, Object> latest = data(get(RUNS + "?order_by=-created_at&limit=1&job_definition_id=" + job)).get(0);
        Map<String, Object> expected = allRuns.stream().filter(r -> num(r, "job_definition_id") == job)
                .max(Comparator.comparing(RunRoutesTest::created).thenComparing(r -> num(r, "id"))).orElseThrow();
        assertEquals(num(expected, "id"), num(latest, "id"));
    }

    @Test
    void filters() {
        long job = num(allRuns.get(0), "job_definition_id");
        Map<String, Object> byJob = get(RUNS + "?job_definition_id=" + job);
        assertEquals(allRuns.stream().filter(r -> num(r, "job_definition_id") == job).count(), total(byJob));
        assertEquals(job, num(extra(byJob, "filters"), "job_definition_id"));
        assertEquals(allRuns.stream().filter(r -> num(r, "environment_id") == 2).count(),
                total(get(RUNS + "?environment_id=2")));
        assertEquals(allRuns.size(), total(get(RUNS + "?project_id=1")));
        assertEquals(0L, total(get(RUNS + "?project_id=2")));
        long success = allRuns.stream().filter(r -> num(r, "status") == 10).count();
        assertEquals(success, total(get(RUNS + "?status=10")));
        assertEquals(success, total(get(RUNS + "?status=Success")));
        long active = allRuns.stream().filter(r -> num(r, "status") < 10).count();
        assertTrue(active > 0);
        for (String q : List.of("status__in=" + enc("[1, 2, 3]"), "status__in=1,2,3", "status__in=1&status__in=2&status__in=3",
                "status__in=" + enc("['1', '2', '3']"))) {
            Map<String, Object> body = get(RUNS + "?" + q);
            assertEquals(active, total(body), q);
            assertEquals(List.of(1, 2, 3), extra(body, "filters").get("status__in"), q);
        }
        long id = ids(allRuns).get(10);
        assertEquals(List.of(id), ids(data(get(RUNS + "?pk=" + id))));
        assertEquals(allRuns.size() - 11, total(get(RUNS + "?id__gt=" + id)));
        OffsetDateTime from = created(allRuns.get(20));
        OffsetDateTime to = from.plusDays(2);
        long inRange = allRuns.stream().filter(r -> !created(r).isBefore(from) && !created(r).isAfter(to)).count();
        for (String q : List.of(enc("[\"" + from + "\", \"" + to + "\"]"), enc(from + "," + to),
                enc(from.toString()) + "&created_at__range=" + enc(to.toString()))) {
            assertEquals(inRange, total(get(RUNS + "?created_at__range=" + q)), q);
        }
        long finished = allRuns.stream().filter(r -> r.get("finished_at") != null)
                .filter(r -> !OffsetDateTime.parse((String) r.get("finished_at")).isBefore(from)
                        && !OffsetDateTime.parse((String) r.get("finished_at")).isAfter(to)).count();
        assertEquals(finished, total(get(RUNS + "?finished_at__range=" + enc("['" + from + "', '" + to + "']"))));
        assertEquals(allRuns.size(), total(get(RUNS + "?unknown_param=zzz")));
    }

    @Test
    void malformedValuesAre400Envelopes() {
        for (String q : List.of("limit=abc", "offset=-1", "status__in=" + enc("[x"), "status=99", "order_by=name",
                "created_at__range=" + enc("[\"2026-01-01\"]"), "created_at__range=yesterday,today",
                "job_definition_id=one", "finished_at__range=" + enc("[1, 2]"))) {
            Map<String, Object> body = error(400, RUNS + "?" + q);
            assertNotNull(((Map<?, ?>) body.get("errors")).get("message"));
        }
    }

    @Test
    void runShapeAndIncludeRelatedEncodings() {
        Map<String, Object> listed = allRuns.stream().filter(r -> num(r, "status") == 20).findFirst().orElseThrow();
        long id = num(listed, "id");
        Map<String, Object> plain = object(get(RUNS + "/" + id));
        assertEquals(20L, num(plain, "status"));
        assertEquals("Error", plain.get("status_humanized"));
        assertEquals(true, plain.get("is_error"));
        assertEquals(true, plain.get("is_complete"));
        assertEquals(false, plain.get("in_progress"));
        assertTrue(((String) plain.get("duration")).matches("\\d{2}:\\d{2}:\\d{2}"));
        assertTrue(((String) plain.get("href")).endsWith("/api/v2/accounts/1/runs/" + id + "/"));
        assertEquals(num(plain, "job_definition_id"), num(plain, "job_id"));
        assertEquals(num(plain, "dag_run_id"), num(plain, "dbt_job_run_ext_id"));
        assertEquals(plain.get("finished_at"), plain.get("completed_at"));
        assertTrue(((String) plain.get("created_at")).endsWith("+00:00"));
        assertNotNull(plain.get("dag_run_run_id"));
        assertNull(plain.get("trigger"));
        assertNull(plain.get("job"));
        assertEquals(List.of(), plain.get("run_steps"));
        assertEquals(listed.get("dag_run_run_id"), plain.get("dag_run_run_id"));
        for (String q : List.of(enc("[\"trigger\",\"job\",\"run_steps\"]"), enc("['trigger', 'job', 'run_steps']"),
                "trigger,job,run_steps", "trigger&include_related=job&include_related=run_steps",
                enc("[\"run_steps,job\"]") + "&include_related=trigger")) {
            Map<String, Object> r = object(get(RUNS + "/" + id + "/?include_related=" + q));
            assertNotNull(r.get("trigger"), q);
            assertNotNull(((Map<?, ?>) r.get("job")).get("execute_steps"), q);
            List<?> steps = (List<?>) r.get("run_steps");
            assertFalse(steps.isEmpty(), q);
            assertEquals(1L, num((Map<String, Object>) steps.get(0), "index"), q);
        }
        Map<String, Object> r = object(get(RUNS + "/" + id + "?include_related=trigger"));
        assertTrue(((String) ((Map<?, ?>) r.get("trigger")).get("cause")).contains("Airflow"));
    }

    @Test
    void latestRunOfProjectAndTenancy() {
        Map<String, Object> latest = object(get("/api/v2/accounts/1/projects/1/latest-run"));
        assertEquals(10L, num(latest, "status"));
        String newest = allRuns.stream().filter(r -> num(r, "status") == 10).map(r -> (String) r.get("finished_at"))
                .max(Comparator.comparing(OffsetDateTime::parse)).orElseThrow();
        assertEquals(OffsetDateTime.parse(newest), OffsetDateTime.parse((String) latest.get("finished_at")));
        assertEquals(num(latest, "id"), num(object(get("/api/v2/accounts/1/projects/1/latest-run/")), "id"));
        error(404, "/api/v2/accounts/1/projects/2/latest-run");
        error(404, "/api/v2/accounts/1/projects/3/latest-run");
        long other = ids(data(getAs(2, "/api/v2/accounts/2/runs?limit=1"))).get(0);
        error(404, RUNS + "/" + other);
        error(403, "/api/v2/accounts/2/runs/" + other);
        error(403, "/api/v2/accounts/2/runs");
    }

    /** A run id that does not exist is a 404 in the dbt Cloud envelope. */
    @Test
    void missingRunIsNotFound() {
        assertEquals("Not Found", ((Map<?, ?>) error(404, "/api/v2/accounts/1/runs/999999/").get("status"))
                .get("user_message"));
    }
}
