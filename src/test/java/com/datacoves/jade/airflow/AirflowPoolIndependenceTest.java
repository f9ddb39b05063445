package com.datacoves.jade.airflow;

import com.datacoves.jade.support.ApiTest;
import io.micronaut.http.HttpRequest;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * prd456's Airflow database is unreachable: every other environment keeps answering, account-wide lists name prd456
 * in {@code status.developer_message}, and health shows prd456 DOWN (one pool per environment, independent).
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AirflowPoolIndependenceTest extends ApiTest {

    @Override
    protected Map<String, String> extraProperties() {
        Map<String, String> p = new HashMap<>(super.extraProperties());
        p.put("jade.airflow.environments.prd456.url", "jdbc:postgresql://127.0.0.1:1/none");
        p.put("jade.airflow.connect-timeout-seconds", "1");
        return p;
    }

    @SuppressWarnings("unchecked")
    private static String developerMessage(Map<String, Object> body) {
        return (String) ((Map<String, Object>) body.get("status")).get("developer_message");
    }

    @Test
    @SuppressWarnings("unchecked")
    void listsAnswerForOtherEnvironmentsAndNameTheUnreachableOne() {
        Map<String, Object> runs = get("/api/v2/accounts/1/runs");
        assertTrue(total(runs) > 0);
        Set<Long> envs = new HashSet<>();
        data(runs).forEach(r -> envs.add(num(r, "environment_id")));
        assertEquals(Set.of(1L), envs);
        assertTrue(developerMessage(runs).contains("prd456"), developerMessage(runs));
        Map<String, Object> jobs = get("/api/v2/accounts/1/jobs");
        assertEquals(4L, total(jobs));
        assertTrue(developerMessage(jobs).contains("prd456"));
        Map<String, Object> other = getAs(2, "/api/v2/accounts/2/runs");
        assertEquals("", developerMessage(other));
        assertTrue(total(other) > 0);
        Map<String, Object> dev = get("/api/v2/accounts/1/runs/" + num(data(runs).get(0), "id"));
        assertEquals(1L, num((Map<String, Object>) dev.get("data"), "environment_id"));
        assertEquals("", developerMessage(dev));
    }

    @Test
    @SuppressWarnings("unchecked")
    void healthShowsTheEnvironmentDown() {
        Map<String, Object> health = http.toBlocking().retrieve(HttpRequest.GET("/health"), Map.class);
        Map<String, Object> airflow = (Map<String, Object>) ((Map<String, Object>) health.get("details")).get("airflow");
        assertEquals(Map.of("dev123", "UP", "prd456", "DOWN", "glx001", "UP"), airflow.get("details"));
    }
}
