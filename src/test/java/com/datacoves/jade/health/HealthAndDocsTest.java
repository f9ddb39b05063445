package com.datacoves.jade.health;

import com.datacoves.jade.support.JadeTest;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HealthAndDocsTest extends JadeTest {

    @Test
    void healthchecksAnswerOkWithoutAuthenticationWithAndWithoutTrailingSlash() {
        for (String path : new String[]{"/api/v2/healthcheck", "/api/v2/healthcheck/", "/api/internal/healthcheck",
                "/api/internal/healthcheck/"}) {
            HttpResponse<String> r = http.toBlocking().exchange(HttpRequest.GET(path), String.class);
            assertEquals(200, r.code(), path);
            assertEquals("\"ok\"", r.body(), path);
        }
    }

    @Test
    void openApiAndSwaggerUiAreServedWithoutAuthentication() {
        String doc = http.toBlocking().retrieve("/api/v2/openapi");
        assertTrue(doc.contains("\"openapi\""));
        assertTrue(doc.contains("/api/v2/healthcheck"));
        String page = http.toBlocking().retrieve("/api/v2/swaggerui");
        assertTrue(page.contains("/api/v2/openapi"));
        String css = http.toBlocking().retrieve("/api/v2/swaggerui/res/swagger-ui.css");
        assertTrue(css.length() > 1000);
    }

    @Test
    void unknownRouteIsAJson404() {
        HttpClientResponseException e = assertThrows(HttpClientResponseException.class,
                () -> http.toBlocking().exchange(HttpRequest.GET("/no/such/route"), Map.class));
        assertEquals(404, e.getStatus().getCode());
        assertEquals(Map.of("errors", Map.of("message", "Not Found")), e.getResponse().getBody(Map.class).orElseThrow());
    }

    @Test
    @SuppressWarnings("unchecked")
    void healthReportsEachAirflowDatabase() throws InterruptedException {
        // each environment's database is UP once its first index pass succeeded (a second or so after start)
        Map<String, Object> airflow = Map.of();
        for (int i = 0; i < 50 && !Map.of("dev123", "UP", "prd456", "UP", "glx001", "UP").equals(airflow.get("details")); i++) {
            Thread.sleep(200);
            Map<String, Object> health = http.toBlocking().retrieve(HttpRequest.GET("/health"), Map.class);
            airflow = (Map<String, Object>) ((Map<String, Object>) health.get("details")).get("airflow");
        }
        assertEquals("UP", http.toBlocking().retrieve(HttpRequest.GET("/health"), Map.class).get("status"));
        assertEquals(Map.of("dev123", "UP", "prd456", "UP", "glx001", "UP"), airflow.get("details"));
    }
}
