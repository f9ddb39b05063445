package com.datacoves.jade.observability;

import com.datacoves.jade.support.JadeServerProcess;
import com.datacoves.jade.support.TestDatabases;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code jade serve} keeps health details and metrics off the API port: anonymous callers of the API port get no
 * {@code /health}, {@code /prometheus} or {@code /threaddump}; the management port answers health (with details, for
 * operators and Kubernetes probes) and metrics, and has no thread dump.
 */
class ManagementPortTest {

    @Test
    @Timeout(180)
    void healthDetailsAndMetricsOnlyOnTheManagementPort() throws Exception {
        Map<String, Object> databases = TestDatabases.fresh();
        String prefix = String.valueOf(databases.get("jade.test.database-prefix"));
        Map<String, String> env = new HashMap<>();
        env.put("DB_URL", TestDatabases.postgresUrl(prefix + "jade"));
        env.put("DATACOVES_DB_URL", TestDatabases.postgresUrl(prefix + "datacoves"));
        env.put("STORAGE_ADAPTER", "local");
        env.put("LOCAL_STORAGE_PATH", Files.createTempDirectory("jade-management").toString());
        HttpClient client = HttpClient.newHttpClient();
        try (JadeServerProcess jade = JadeServerProcess.start(env, List.of())) {
            for (String path : List.of("/health", "/health/readiness", "/prometheus", "/threaddump")) {
                assertEquals(404, get(client, jade.uri(path)).statusCode(), "API port " + path);
            }
            HttpResponse<String> health = get(client, jade.managementUri("/health"));
            assertEquals(200, health.statusCode(), health.body());
            assertTrue(health.body().contains("\"details\""), health.body());
            assertEquals(200, get(client, jade.managementUri("/health/liveness")).statusCode());
            assertEquals(200, get(client, jade.managementUri("/health/readiness")).statusCode());
            HttpResponse<String> metrics = get(client, jade.managementUri("/prometheus"));
            assertEquals(200, metrics.statusCode());
            assertTrue(metrics.body().contains("http_server_requests_seconds"), "metrics are served");
            assertFalse(get(client, jade.managementUri("/threaddump")).statusCode() == 200, "no thread dumps");
        }
    }

    private static HttpResponse<String> get(HttpClient client, URI uri) throws Exception {
        return client.send(HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofString());
    }
}
