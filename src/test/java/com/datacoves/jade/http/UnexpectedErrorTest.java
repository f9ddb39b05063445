package com.datacoves.jade.http;

import com.datacoves.jade.support.JadeTest;
import io.micronaut.context.annotation.Requires;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * An error Jade did not foresee answers 500 with the route family's error body and nothing of the exception (no class
 * name, no message, no stack trace): {@code {"errors":{"message":"Internal Server Error"}}} on the Datacoves routes,
 * the dbt Cloud envelope on {@code /api/v2/accounts/…}, as the Elixir Jade's error view did.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class UnexpectedErrorTest extends JadeTest {

    /**
     * TEST ONLY: fails a request that carries {@code X-Test-Fail} the way a bug would (a filter, not a controller, so
     * that the test sources add no route to the generated OpenAPI document).
     */
    @ServerFilter("/api/**")
    @Requires(property = "jade.test.failing-routes", value = "true")
    static class FailingFilter {
        @RequestFilter
        void fail(HttpRequest<?> request) {
            if (request.getHeaders().contains("X-Test-Fail")) {
                throw new IllegalStateException("secret detail of a bug");
            }
        }
    }

    @Override
    protected Map<String, String> extraProperties() {
        return Map.of("jade.test.failing-routes", "true");
    }

    private String failed(String path) {
        HttpClientResponseException e = assertThrows(HttpClientResponseException.class, () -> http.toBlocking()
                .exchange(HttpRequest.GET(path).header("Authorization", tokenHeader(1)).header("X-Test-Fail", "1"),
                        String.class));
        assertEquals(500, e.getStatus().getCode(), path);
        String body = e.getResponse().getBody(String.class).orElseThrow();
        assertFalse(body.contains("secret") || body.contains("IllegalState") || body.contains("\tat "), body);
        return body;
    }

    @Test
    void datacovesRoutes() {
        assertEquals("{\"errors\":{\"message\":\"Internal Server Error\"}}",
                failed("/api/internal/environments/dev123/files?tag=any"));
    }

    @Test
    void dbtCloudRoutes() {
        String body = failed("/api/v2/accounts/1/runs/");
        assertEquals(true, body.contains("\"status\":{\"code\":500,\"is_success\":false,\"user_message\":"
                + "\"Internal Server Error\""), body);
        assertEquals(true, body.contains("\"data\":null"), body);
    }
}
