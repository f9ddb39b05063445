package com.datacoves.jade.http;

import com.datacoves.jade.support.JadeTest;
import io.micronaut.context.annotation.Requires;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
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

    /** TEST ONLY: routes that fail the way a bug would. */
    @Controller
    @Requires(property = "jade.test.failing-routes", value = "true")
    static class FailingRoutes {
        @Get("/api/internal/environments/dev123/failing")
        String datacoves() {
            throw new IllegalStateException("secret detail of a bug");
        }

        @Get("/api/v2/accounts/1/failing")
        String dbtCloud() {
            throw new IllegalStateException("secret detail of a bug");
        }
    }

    @Override
    protected Map<String, String> extraProperties() {
        return Map.of("jade.test.failing-routes", "true");
    }

    private String failed(String path) {
        HttpClientResponseException e = assertThrows(HttpClientResponseException.class, () -> http.toBlocking()
                .exchange(HttpRequest.GET(path).header("Authorization", tokenHeader(1)), String.class));
        assertEquals(500, e.getStatus().getCode(), path);
        String body = e.getResponse().getBody(String.class).orElseThrow();
        assertFalse(body.contains("secret") || body.contains("IllegalState") || body.contains("\tat "), body);
        return body;
    }

    @Test
    void datacovesRoutes() {
        assertEquals("{\"errors\":{\"message\":\"Internal Server Error\"}}",
                failed("/api/internal/environments/dev123/failing"));
    }

    @Test
    void dbtCloudRoutes() {
        String body = failed("/api/v2/accounts/1/failing");
        assertEquals(true, body.contains("\"status\":{\"code\":500,\"is_success\":false,\"user_message\":"
                + "\"Internal Server Error\""), body);
        assertEquals(true, body.contains("\"data\":null"), body);
    }
}
