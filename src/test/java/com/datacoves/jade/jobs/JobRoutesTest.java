package com.datacoves.jade.jobs;

import com.datacoves.jade.support.ApiTest;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JobRoutesTest extends ApiTest {

    private Map<String, Object> job(String name, long environment) {
        return data(get("/api/v2/accounts/1/jobs?state=all&environment_id=" + environment)).stream()
                .filter(j -> j.get("name").equals(name)).findFirst().orElseThrow();
    }

    @Test
    void listsActiveDagsOfTheAccountByDefault() {
        for (String path : List.of("/api/v2/accounts/1/jobs", "/api/v2/accounts/1/jobs/")) {
            Map<String, Object> body = get(path);
            assertEquals(8L, total(body), path);
            assertEquals("active", extra(body, "filters").get("state"));
            data(body).forEach(j -> assertEquals(1L, num(j, "account_id")));
        }
        assertEquals(10L, total(get("/api/v2/accounts/1/jobs?state=all")));
        assertEquals(2L, total(get("/api/v2/accounts/1/jobs?state=2")));
        assertEquals(4L, total(getAs(2, "/api/v2/accounts/2/jobs")));
    }

    @Test
    void filtersAndOrdering() {
        Map<String, Object> daily = get("/api/v2/accounts/1/jobs?name__icontains=DAILY");
        assertEquals(2L, total(daily));
        assertEquals("DAILY", extra(daily, "filters").get("name__icontains"));
        assertEquals(4L, total(get("/api/v2/accounts/1/jobs?environment_id=2")));
        assertEquals(8L, total(get("/api/v2/accounts/1/jobs?project_id=1")));
        assertEquals(0L, total(get("/api/v2/accounts/1/jobs?project_id=2")));
        assertEquals(0L, total(get("/api/v2/accounts/1/jobs?name__icontains=%25")));
        List<String> names = data(get("/api/v2/accounts/1/jobs?order_by=name&environment_id=1")).stream()
                .map(j -> (String) j.get("name")).toList();
        assertEquals(List.of("daily_dbt_run", "hourly_sources", "manual_backfill", "weekly_full_refresh"), names);
        List<Long> desc = ids(data(get("/api/v2/accounts/1/jobs?order_by=-id")));
        assertEquals(desc.stream().sorted(java.util.Comparator.reverseOrder()).toList(), desc);
        error(400, "/api/v2/accounts/1/jobs?order_by=color");
        error(400, "/api/v2/accounts/1/jobs?state=sometimes");
    }

    @Test
    void jobShapeFromTheDag() {
        Map<String, Object> j = job("daily_dbt_run", 1);
        assertEquals("daily_dbt_run", j.get("dag_id"));
        assertEquals(num(j, "id"), num(j, "dbt_job_ext_id"));
        assertEquals(1L, num(j, "state"));
        assertEquals("scheduled", j.get("job_type"));
        Map<?, ?> schedule = (Map<?, ?>) j.get("schedule");
        assertEquals("0 6 * * *", schedule.get("cron"));
        assertEquals("every_day", ((Map<?, ?>) schedule.get("date")).get("type"));
        assertEquals("at_exact_hours", ((Map<?, ?>) schedule.get("time")).get("type"));
        assertEquals(true, ((Map<?, ?>) j.get("triggers")).get("schedule"));
        assertEquals("At 06:00", j.get("cron_humanized"));
        assertEquals(List.of("dbt build -s tag:daily", "upload_artifacts"), j.get("execute_steps"));
        assertEquals(List.of("daily", "dbt"), j.get("tags"));
        assertEquals("1.8.3", j.get("dbt_version"));
        assertTrue(j.containsKey("lifecycle_webhooks_url"));
        assertEquals(Map.of("threads", 1, "target_name", "default"), j.get("settings"));

        Map<String, Object> manual = job("manual_backfill", 1);
        assertEquals("other", manual.get("job_type"));
        assertEquals("0 0 1 1 *", ((Map<?, ?>) manual.get("schedule")).get("cron"), "a placeholder cron, never null");
        assertEquals(false, ((Map<?, ?>) manual.get("triggers")).get("schedule"));
        Map<String, Object> paused = job("weekly_full_refresh", 1);
        assertEquals(false, ((Map<?, ?>) paused.get("triggers")).get("schedule"));
        assertEquals(1L, num(paused, "state"));
        Map<String, Object> legacy = job("legacy_pipeline", 1);
        assertEquals(2L, num(legacy, "state"));
        assertEquals(true, legacy.get("deactivated"));
        assertEquals("0 0 * * *", ((Map<?, ?>) legacy.get("schedule")).get("cron"));
    }

    @Test
    void retrieveJobWithAndWithoutSlashAndStableIds() {
        Map<String, Object> j = job("hourly_sources", 2);
        long id = num(j, "id");
        for (String path : List.of("/api/v2/accounts/1/jobs/" + id, "/api/v2/accounts/1/jobs/" + id + "/")) {
            Map<String, Object> one = object(get(path));
            assertEquals("hourly_sources", one.get("name"));
            assertEquals(2L, num(one, "environment_id"));
            assertNull(one.get("environment"));
        }
        Map<String, Object> withEnv = object(get("/api/v2/accounts/1/jobs/" + id + "?include_related=environment"));
        assertEquals("prd456", ((Map<?, ?>) withEnv.get("environment")).get("slug"));
        assertEquals(ids(data(get("/api/v2/accounts/1/jobs?state=all"))),
                ids(data(get("/api/v2/accounts/1/jobs?state=all"))));
        long other = ids(data(getAs(2, "/api/v2/accounts/2/jobs"))).get(0);
        error(404, "/api/v2/accounts/1/jobs/" + other);
        error(404, "/api/v2/accounts/1/jobs/999999");
        error(403, "/api/v2/accounts/2/jobs/" + other);
        assertFalse(data(get("/api/v2/accounts/1/jobs")).isEmpty());
    }

    @Test
    void mostRecentRunsWithIncludeRelated() {
        String jobs = "/api/v2/accounts/1/jobs?state=all&limit=100";
        for (Map<String, Object> j : data(get(jobs))) {
            assertNull(j.get("most_recent_run"), "only with include_related");
            assertNull(j.get("most_recent_completed_run"));
        }
        List<Map<String, Object>> listed = data(get(jobs + "&include_related=most_recent_run,most_recent_completed_run"));
        int withRuns = 0;
        for (Map<String, Object> j : listed) {
            long id = num(j, "id");
            String runs = "/api/v2/accounts/1/runs?order_by=-created_at&limit=1&job_definition_id=" + id;
            List<Map<String, Object>> newest = data(get(runs));
            List<Map<String, Object>> newestDone = data(get(runs + "&status__in=10,20,30"));
            Map<?, ?> recent = (Map<?, ?>) j.get("most_recent_run");
            Map<?, ?> done = (Map<?, ?>) j.get("most_recent_completed_run");
            assertEquals(newest.isEmpty() ? null : newest.get(0).get("id"), recent == null ? null : recent.get("id"),
                    "most_recent_run of job " + id);
            assertEquals(newestDone.isEmpty() ? null : newestDone.get(0).get("id"), done == null ? null : done.get("id"),
                    "most_recent_completed_run of job " + id);
            if (recent != null) {
                withRuns++;
                assertEquals(id, ((Number) recent.get("job_definition_id")).longValue());
                for (String field : List.of("dag_run_run_id", "status", "created_at", "finished_at", "href")) {
                    assertEquals(newest.get(0).get(field), recent.get(field), field + ": as the run list shows it");
                }
            }
            if (done != null) {
                assertTrue((Boolean) done.get("is_complete"));
            }
        }
        assertTrue(withRuns > 0, "demo jobs have runs");
        long id = num(listed.get(0), "id");
        Map<String, Object> one = object(get("/api/v2/accounts/1/jobs/" + id + "?include_related=most_recent_run"));
        assertEquals(((Map<?, ?>) listed.get(0).get("most_recent_run")).get("id"),
                ((Map<?, ?>) one.get("most_recent_run")).get("id"));
        assertNull(one.get("most_recent_completed_run"));
    }
}
